import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, chromiumAvailable, launchChromium, openPage, serve } from '../support/chromium.js';
import { z } from 'zod';
import { problemDocs } from '../../src/adapters/express/problem-docs.js';
import { defineProblem } from '../../src/index.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const BASE = 'https://api.example.com/problems/';
// Each would set window.pwned if it ran: an inline script, an event handler, and a script-bearing URL.
const INJECTED = `<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> "'&`;

const OutOfCredit = defineProblem({
  type: `${BASE}out-of-credit`,
  status: 403,
  title: 'You do not have enough credit',
  description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  code: 'OUT_OF_CREDIT',
  members: z.object({ balance: z.number().describe('The balance, in cents'), accounts: z.array(z.string()).describe('Accounts the client may top up') }),
});
const Injected = defineProblem({ type: `${BASE}injected`, status: 400, title: INJECTED, description: INJECTED, code: 'INJECTED' });

describe.skipIf(!chromiumAvailable)(browserSuite('problemDocs pages in Chromium', 'test/browser/problem-docs.test.ts'), () => {
  let close: (() => Promise<void>) | undefined;
  let base = '';
  let browser: Browser;

  beforeAll(async () => {
    const app = express();
    app.use(problemDocs([OutOfCredit, Injected], { statuses: [503], problemTypeBase: BASE, examples: { OutOfCredit: { balance: 30, accounts: ['/account/12345'] } } }));
    ({ base, close } = await serve(app));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  function open(path: string): ReturnType<typeof openPage> {
    return openPage(browser, `${base}${path}`, { width: 900, height: 700 });
  }

  it("renders a problem's page: title, status, code, members table and example, with nothing run or logged", async () => {
    const { page, status, events } = await open('/problems/out-of-credit');
    expect(status).toBe(200);
    expect(await page.title()).toBe('You do not have enough credit');
    expect(await page.locator('h1').textContent()).toBe('You do not have enough credit');
    expect(await page.locator('dd.status').textContent()).toBe('403 Forbidden');
    expect(await page.locator('code.code').textContent()).toBe('OUT_OF_CREDIT');
    expect(await page.locator('table.members tbody tr').allTextContents()).toEqual([
      'balancenumberyesThe balance, in cents',
      'accountsarray of stringyesAccounts the client may top up',
    ]);
    const example = (await page.locator('pre.example').textContent()) ?? '';
    expect(JSON.parse(example.split('\n\n')[1] ?? '')).toMatchObject({ type: `${BASE}out-of-credit`, balance: 30, accounts: ['/account/12345'] });
    // The page lays out: the members table is as wide as the content column, not collapsed or overflowing.
    const box = await page.locator('table.members').boundingBox();
    expect(box !== null && box.width > 500 && box.width < 900).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}problem-docs-page.png`, fullPage: true });
    expect(events).toEqual({ dialogs: [], errors: [], console: [] });
    await page.close();
  });

  it('shows an injected <script> and event handler as text: neither runs, and the CSP holds', async () => {
    const { page, status, events } = await open('/problems/injected');
    expect(status).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(INJECTED);
    expect(await page.locator('p.description').textContent()).toBe(INJECTED);
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    // The header itself: an inline script added to the DOM later is refused, and Chromium says so on the console.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.pwned = 3';
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(events.dialogs).toEqual([]);
    expect(events.console).toHaveLength(1);
    expect(events.console[0]).toMatch(/^error: Executing inline script violates the following Content Security Policy directive 'default-src 'none''/);
    await page.close();
  });

  it('opens the HTML index and follows its link to a page', async () => {
    const { page, status, events } = await open('/problems/');
    expect(status).toBe(200);
    expect(await page.title()).toBe('Problem types');
    expect(await page.locator('table.problems tbody tr').count()).toBe(3);
    await page.getByRole('link', { name: 'Service Unavailable' }).click();
    await page.waitForURL(`${base}/problems/service-unavailable`);
    expect(await page.locator('h1').textContent()).toBe('Service Unavailable');
    expect(await page.locator('dd.retry').textContent()).toBe('Yes: the same request may succeed later.');
    await page.getByRole('link', { name: 'All problem types' }).click();
    await page.waitForURL(`${base}/problems/`);
    expect(events).toEqual({ dialogs: [], errors: [], console: [] });
    await page.close();
  });
});
