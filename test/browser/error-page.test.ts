import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, chromiumAvailable, launchChromium, openPage, serve } from '../support/chromium.js';
import { catalog } from '../../src/catalog/catalog.js';
import { createApp } from '../../examples/express.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

describe.skipIf(!chromiumAvailable)(browserSuite("The Express example's error pages in Chromium", 'test/browser/error-page.test.ts'), () => {
  let close: (() => Promise<void>) | undefined;
  let base = '';
  let browser: Browser;

  beforeAll(async () => {
    ({ base, close } = await serve(createApp()));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  function open(path: string): ReturnType<typeof openPage> {
    return openPage(browser, `${base}${path}`);
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
    expect(events).toEqual({ dialogs: [], errors: [], console: [] });
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
      expect(events).toEqual({ dialogs: [], errors: [], console: [] });
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
    expect(events).toEqual({ dialogs: [], errors: [], console: [] });
    await page.close();
  });
});
