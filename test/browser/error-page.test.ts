import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/catalog.js';
import { createApp } from '../../examples/express.js';

// Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). Without it these tests skip.
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// The default reporter prints neither titles of skipped suites nor why: say it at collection time.
if (!available) console.warn(`test/browser/error-page.test.ts: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

/** What a page did besides rendering: dialogs (alert) and console messages. */
interface PageEvents {
  dialogs: string[];
  console: string[];
}

describe.skipIf(!available)(`The Express example's error pages in Chromium${available ? '' : ` (skipped: ${CHROMIUM} not installed)`}`, () => {
  let server: Server;
  let base = '';
  let browser: Browser;

  beforeAll(async () => {
    server = createServer(createApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(path: string): Promise<{ page: Page; status: number | undefined; events: PageEvents }> {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    const events: PageEvents = { dialogs: [], console: [] };
    page.on('dialog', (dialog) => {
      events.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      // Chromium reports every 4xx/5xx load (the page itself, /favicon.ico) as a console error: that is the status
      // under test, not a script or CSP event.
      if (!message.text().startsWith('Failed to load resource: the server responded with a status of')) {
        events.console.push(`${message.type()}: ${message.text()}`);
      }
    });
    const response = await page.goto(`${base}${path}`);
    return { page, status: response?.status(), events };
  }

  async function text(page: Page, selector: string): Promise<string | null> {
    return page.locator(selector).textContent();
  }

  it('renders the 404 page: status, title, message and description', async () => {
    const { page, status, events } = await open('/users/42');
    expect(status).toBe(404);
    expect(await page.title()).toBe('404 Not Found');
    expect(await text(page, 'h1')).toBe('404 Not Found');
    expect(await text(page, 'p.message')).toBe('User 42 does not exist');
    expect(await text(page, 'p.description')).toBe(catalog[404].description);
    await page.screenshot({ path: `${ARTIFACTS}error-page-404.png`, fullPage: true });
    expect(events).toEqual({ dialogs: [], console: [] });
    await page.close();
  });

  it('renders the 503 maintenance page with its retry hint', async () => {
    const on = await fetch(`${base}/maintenance`, { method: 'POST' });
    expect(await on.json()).toEqual({ maintenance: true });
    try {
      const { page, status, events } = await open('/users/1');
      expect(status).toBe(503);
      expect(await page.title()).toBe('503 Service Unavailable');
      expect(await text(page, 'h1')).toBe('503 Service Unavailable');
      expect(await text(page, 'p.message')).toBe('Down for maintenance');
      expect(await text(page, 'p.description')).toBe(catalog[503].description);
      expect(await text(page, 'p.hint')).toBe('Try again in 120 seconds.');
      await page.screenshot({ path: `${ARTIFACTS}error-page-503.png`, fullPage: true });
      expect(events).toEqual({ dialogs: [], console: [] });
      await page.close();
    } finally {
      const off = await fetch(`${base}/maintenance`, { method: 'POST' });
      expect(await off.json()).toEqual({ maintenance: false });
    }
  });

  it(`shows a message containing ${XSS} as text, and no script runs`, async () => {
    // The browser percent-encodes the path; Express decodes the :id parameter, so the message holds the raw markup.
    const { page, status, events } = await open(`/users/${XSS}`);
    expect(status).toBe(404);
    expect(await text(page, 'p.message')).toBe(`User ${XSS} does not exist`);
    // Escaped markup makes no element; the CSP would block an inline handler, and say so on the console.
    expect(await page.locator('img, script').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}error-page-xss.png`, fullPage: true });
    expect(events).toEqual({ dialogs: [], console: [] });
    await page.close();
  });
});
