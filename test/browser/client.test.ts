import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuses } from '../../src/catalog/statuses.js';
import { createErrorHandler } from '../../src/adapters/express/index.js';
import { NotFound, TooManyRequests } from '../../src/index.js';
import { bundleForBrowser } from '../support/browser-bundle.js';
import { browserSuite, chromiumAvailable, launchChromium, recordEvents, type PageEvents } from '../support/chromium.js';
import { installPacked, type PackedProject } from '../support/packed.js';

// The page's script: the packed package's root entry, bundled for a browser as a front end would, with nothing
// left out, aliased or injected (esbuild fails on a Node built-in there: "Could not resolve "http"").
const CLIENT = `
  import { HttpError, NotFound, TooManyRequests, isHttpError } from 'errata';
  globalThis.rebuild = async (path, accept) => {
    const error = await HttpError.fromResponse(await fetch(path, { headers: { accept } }));
    return {
      isNotFound: error instanceof NotFound, isTooManyRequests: error instanceof TooManyRequests,
      isHttpError: error instanceof HttpError && isHttpError(error), constructor: error.constructor.name,
      name: error.name, status: error.status, message: error.message, description: error.description,
      code: error.code ?? null, retryAfter: error.retryAfter ?? null, retryable: error.retryable,
    };
  };`;

/** What the page read from an errata response (see CLIENT). */
interface Rebuilt {
  isNotFound: boolean;
  isTooManyRequests: boolean;
  isHttpError: boolean;
  constructor: string;
  name: string;
  status: number;
  message: string;
  description: string;
  code: string | null;
  retryAfter: number | null;
  retryable: boolean;
}

describe.skipIf(!chromiumAvailable)(browserSuite('Typed errors rebuilt in Chromium from a real errata response', 'test/browser/client.test.ts'), () => {
  let packed: PackedProject;
  let bundleInputs: string[] = [];
  let server: Server;
  let base = '';
  let browser: Browser;
  let page: Page;
  let events: PageEvents;

  beforeAll(async () => {
    packed = installPacked('browser-client', { type: 'module' });
    const { code: client, inputs } = await bundleForBrowser(CLIENT, packed.project);
    bundleInputs = inputs;

    // A real Express 5 app with errata's handler, serving the page and its script from the same origin.
    const app = express();
    app.get('/', (_req, res) => {
      res.type('html').send('<!doctype html><html><head><title>client</title><script src="/client.js"></script></head><body></body></html>');
    });
    app.get('/client.js', (_req, res) => {
      res.type('text/javascript').send(client);
    });
    app.get('/users/:id', (req) => {
      throw new NotFound(`User ${req.params.id} does not exist`, { code: 'USER_NOT_FOUND' });
    });
    app.get('/search', () => {
      throw new TooManyRequests('Slow down', { code: 'RATE_LIMITED', retryAfter: 30 });
    });
    app.use(createErrorHandler({ production: true, logger: false }));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await launchChromium();
    page = await browser.newPage();
    events = recordEvents(page);
    await page.goto(`${base}/`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    packed?.remove();
  });

  const rebuild = (path: string, accept: string): Promise<Rebuilt> =>
    page.evaluate(
      ([p, a]) => (globalThis as unknown as { rebuild(path: string, accept: string): Promise<Rebuilt> }).rebuild(p, a),
      [path, accept] as const,
    );

  it('bundles from errata and nothing else: no Node built-in, no polyfill', () => {
    expect(bundleInputs.filter((file) => !file.startsWith('node_modules/errata/dist/') && file !== '<stdin>')).toEqual([]);
    expect(bundleInputs).toContain('node_modules/errata/dist/client/from-response.js');
  });

  it.each(['application/json', 'application/problem+json'])('a 404 answered as %s comes back a NotFound with its message and code', async (accept) => {
    expect(await rebuild('/users/42', accept)).toEqual({
      isNotFound: true,
      isTooManyRequests: false,
      isHttpError: true,
      constructor: 'NotFound',
      name: 'NotFoundError',
      status: 404,
      message: 'User 42 does not exist',
      description: statuses[404].description,
      code: 'USER_NOT_FOUND',
      retryAfter: null,
      retryable: false,
    });
    expect([...events.errors, ...events.console, ...events.dialogs]).toEqual([]);
  });

  it('a 429 comes back a TooManyRequests with its Retry-After in seconds', async () => {
    expect(await rebuild('/search', 'application/json')).toEqual({
      isNotFound: false,
      isTooManyRequests: true,
      isHttpError: true,
      constructor: 'TooManyRequests',
      name: 'TooManyRequestsError',
      status: 429,
      message: 'Slow down',
      description: statuses[429].description,
      code: 'RATE_LIMITED',
      retryAfter: 30,
      retryable: true,
    });
    expect([...events.errors, ...events.console, ...events.dialogs]).toEqual([]);
  });
});
