// The Express 4 and Koa 2 aliases (`express4@npm:express@4`, `koa2@npm:koa@2`) ship no types of their own;
// the current ones describe every API these tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}

declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
