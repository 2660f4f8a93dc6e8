// What the Express and Koa examples have in common: the data, the rules, and how they start. Each example
// only wires these into its framework, so the two stay comparable line by line.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { NotFound, UnprocessableEntity, type FieldError } from '../src/index.js';

/** A user of the example API. */
export interface User {
  id: string;
  name: string;
  email: string;
}

/** The users resource: an in-memory map, seeded with one user. */
export function createUserStore() {
  const users = new Map<string, User>([['1', { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' }]]);
  return {
    /** The user, or a 404 naming the id. */
    get(id: string): User {
      const user = users.get(id);
      if (!user) throw new NotFound(`User ${id} does not exist`, { code: 'USER_NOT_FOUND' });
      return user;
    },
    /** Adds a user after validating it; an invalid one is a 422 listing every field at fault. */
    add(input: unknown): User {
      const { name, email } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
      const details: FieldError[] = [];
      if (typeof name !== 'string' || name.trim() === '') details.push({ field: 'name', message: 'A name is required' });
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) details.push({ field: 'email', message: 'An email address is required' });
      if (details.length > 0) throw new UnprocessableEntity('The user is not valid', { details });
      const user = { id: String(users.size + 1), name: name as string, email: email as string };
      users.set(user.id, user);
      return user;
    },
  };
}

/** The maintenance switch: on, every request but the switch itself is a 503 with a Retry-After (errata's serviceUnavailable). */
export function createMaintenance(initiallyOn: boolean, retryAfterSeconds = 120) {
  let on = initiallyOn;
  return {
    toggle(): boolean {
      on = !on;
      return on;
    },
    /** serviceUnavailable's options: `when` reads the request's method and path (Express `req`, Koa `ctx`). */
    options: {
      when: ({ method, path }: { method: string; path: string }) => on && !(method === 'POST' && path === '/maintenance'),
      retryAfter: retryAfterSeconds,
      message: 'Down for maintenance',
    },
  };
}

/** The overload guard both examples use: a 503 with Retry-After: 5 while the event loop lags over 500 ms. */
export const OVERLOAD = { maxEventLoopDelay: 500, retryAfter: 5 };

/** Uploads and the rate-limited route use these limits in both examples. */
export const UPLOAD_LIMIT = '1kb';
export const RATE_LIMIT = { limit: 3, windowMs: 60_000 };

/** The curl lines the users examples (Express, Koa) print. */
function curlLines(base: string): string {
  return [
    `curl -i ${base}/users/1`,
    `curl -i ${base}/users/42`,
    `curl -i -H 'Accept: application/problem+json' ${base}/users/42`,
    `curl -i -H 'Accept: text/html' ${base}/users/42`,
    `for i in 1 2 3 4; do curl -s -o /dev/null -w '%{http_code} ' ${base}/limited; done; echo`,
    `curl -i -X POST -H 'Content-Type: application/json' -d '{"name":"","email":"nope"}' ${base}/users`,
    `head -c 2048 /dev/zero | curl -i -X POST -H 'Content-Type: text/plain' --data-binary @- ${base}/upload`,
    `curl -i -X POST ${base}/maintenance; curl -i ${base}/users/1; curl -s -X POST ${base}/maintenance`,
  ].join('\n');
}

/**
 * Starts an example when its file is run directly (`npm start`), not when a test imports it: listens on `PORT`
 * (0 picks a free one) and `HOST`, prints the address actually bound, then curl lines to try.
 */
export function serveIfMain(
  moduleUrl: string,
  name: string,
  listener: () => RequestListener,
  defaultPort: number,
  tryLines: (base: string) => string = curlLines,
): Server | undefined {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== moduleUrl) return undefined;
  const host = process.env.HOST ?? '127.0.0.1';
  const server = createServer(listener());
  server.listen(Number(process.env.PORT ?? defaultPort), host, () => {
    const base = `http://${host}:${(server.address() as AddressInfo).port}`;
    console.log(`errata ${name} example listening on ${base}\n\nTry:\n${tryLines(base)}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
  return server;
}
