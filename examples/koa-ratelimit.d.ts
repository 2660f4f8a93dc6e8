// koa-ratelimit ships no types and @types/koa-ratelimit is not installed: the options the Koa example uses.
declare module 'koa-ratelimit' {
  import type { Context, Middleware } from 'koa';

  interface RateLimitOptions {
    driver: 'memory' | 'redis';
    db: unknown;
    duration?: number;
    max?: number;
    id?: (ctx: Context) => string | false;
    headers?: { remaining?: string; reset?: string; total?: string };
    disableHeader?: boolean;
    onLimited?: (ctx: Context) => void;
    throw?: boolean;
    errorMessage?: string;
  }

  export default function ratelimit(options: RateLimitOptions): Middleware;
}
