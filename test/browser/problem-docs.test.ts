import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemDocs } from '../../src/adapters/express/problem-docs.js';
import { defineProblem } from '../../src/index.js';

// Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). Without it these tests skip.
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// The default reporter prints neither titles of skipped suites nor why: say it at collection time.
if (!available) console.warn(`test/browser/problem-docs.test.ts: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);
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

/** What a page did besides rendering: dialogs (alert) and console messages (CSP reports land there). */
interface PageEvents {
  dialogs: string[];
  console: string[];
}

describe.skipIf(!available)(`problemDocs pages in Chromium${available ? '' : ` (skipped: ${CHROMIUM} not installed)`}`, () => {
  let server: Server;
  let base = '';
  let browser: Browser;

  beforeAll(async () => {
    const app = express();
    app.use(problemDocs([OutOfCredit, Injected], { statuses: [503], problemTypeBase: BASE, examples: { OutOfCredit: { balance: 30, accounts: ['/account/12345'] } } }));
    server = createServer(app);
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
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const events: PageEvents = { dialogs: [], console: [] };
    page.on('dialog', (dialog) => {
      events.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      // /favicon.ico is not served here (the app has nothing else): Chromium logs its 404, which is no page event.
      if (!message.text().startsWith('Failed to load resource: the server responded with a status of 404')) {
        events.console.push(`${message.type()}: ${message.text()}`);
      }
    });
    const response = await page.goto(`${base}${path}`);
    return { page, status: response?.status(), events };
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
    expect(events).toEqual({ dialogs: [], console: [] });
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
    expect(events).toEqual({ dialogs: [], console: [] });
    await page.close();
  });
});
