// A child process for the load test: an Express app whose routes all fail, on 127.0.0.1, run with --expose-gc
// so the parent can ask for the heap after a full collection. Talks to the parent over IPC only.
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TooManyRequests } from '../../../src/errors/classes.js';
import { createErrorHandler, notFound } from '../../../src/adapters/express/index.js';

export type LoadServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'heap'; heapUsed: number; warnings: string[]; handled: Record<string, number> };

const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));
// What errata answered, by status, counted on the server side as a cross-check of the client's view.
const handled: Record<string, number> = {};

const app = express();
app.disable('x-powered-by');
app.use((_req, res, next) => {
  res.once('finish', () => (handled[res.statusCode] = (handled[res.statusCode] ?? 0) + 1));
  next();
});
app.get('/limited', () => {
  throw new TooManyRequests({ retryAfter: 30, limit: 100, remaining: 0 });
});
app.get('/boom', () => {
  throw new Error('the database password is hunter2');
});
app.post('/upload', express.json({ limit: '1kb' }), (_req, res) => void res.json({ ok: true }));
app.use(notFound);
app.use(createErrorHandler({ production: true, logger: false }));

const server = createServer(app);
const send = (message: LoadServerMessage) => process.send?.(message);

server.listen(0, '127.0.0.1', () => send({ type: 'listening', port: (server.address() as AddressInfo).port }));

process.on('message', (message) => {
  if (message !== 'heap') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('load-server: run with --expose-gc');
  gc();
  gc();
  send({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, warnings, handled: { ...handled } });
});
// The parent going away (test finished or killed) ends the child.
process.on('disconnect', () => process.exit(0));
