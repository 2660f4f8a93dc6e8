// Every benchmark case by id. Each case module is imported only when one of its cases runs, so a process
// loads just the framework and the peer it measures.
const modules = {
  express: () => import('./express.mjs').then((m) => m.expressCases),
  errataExpress: () => import('./errata-express.mjs').then((m) => m.errataExpressCases),
  koa: () => import('./koa.mjs').then((m) => m.koaCases),
  fastify: () => import('./fastify.mjs').then((m) => m.fastifyCases),
  hono: () => import('./hono.mjs').then((m) => m.honoCases),
  growth: () => import('./growth.mjs').then((m) => m.growthCases),
};

/** The case ids of each module, in report order. */
export const CASE_IDS = {
  express: ['express-manual', 'express-bare-error', 'express-floor', 'express-http-errors', 'express-boom', 'express-finalhandler'],
  errataExpress: ['errata-express', 'errata-express-dev', 'errata-express-429', 'errata-express-500', 'errata-express-problem'],
  koa: ['koa-floor', 'koa-bare-error', 'koa-throw', 'errata-koa'],
  fastify: ['fastify-floor', 'fastify-bare-error', 'fastify-default', 'errata-fastify'],
  hono: ['hono-floor', 'hono-bare-error', 'hono-http-exception', 'errata-hono'],
  growth: ['errata-details-10', 'errata-details-100', 'errata-details-1000', 'errata-catalog-default', 'errata-catalog-full'],
};

/** The NODE_ENV a case runs under: production unless the case says otherwise. */
export function environmentOf(id) {
  return id === 'errata-express-dev' ? 'development' : 'production';
}

/** Loads one case by id. */
export async function loadCase(id) {
  const group = Object.keys(CASE_IDS).find((key) => CASE_IDS[key].includes(id));
  if (!group) throw new Error(`unknown case ${id}; known: ${Object.values(CASE_IDS).flat().join(', ')}`);
  const cases = await modules[group]();
  return cases[id];
}
