// What the Chromium tests share: finding Debian's Chromium, launching it headless, serving an app on a free port,
// and opening a page while recording what it did besides rendering.
import { existsSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). Without it the browser tests skip.
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

/**
 * The suite title with the reason it is skipped when Chromium is absent; the default reporter prints neither the
 * titles of skipped suites nor why, so the reason is also written when the file is collected.
 */
export function browserSuite(title: string, file: string): string {
  if (chromiumAvailable) return title;
  console.warn(`${file}: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  return `${title} (skipped: ${CHROMIUM} not installed)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A server for `listener` on 127.0.0.1 and a free port, with its base URL and a close that ends keep-alive sockets. */
export async function serve(listener: RequestListener): Promise<{ server: Server; base: string; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, base, close };
}

/** What a page did besides rendering: dialogs (alert), uncaught errors, and console messages (CSP reports land there). */
export interface PageEvents {
  dialogs: string[];
  errors: string[];
  console: string[];
}

/**
 * Records a page's dialogs (dismissed), uncaught errors and console messages. Chromium logs every 4xx/5xx load (the
 * page itself, /favicon.ico, a fetch) as a console error: that is the status under test, not a script or CSP event.
 */
export function recordEvents(page: Page): PageEvents {
  const events: PageEvents = { dialogs: [], errors: [], console: [] };
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => events.errors.push(error.message));
  page.on('console', (message) => {
    if (!message.text().startsWith('Failed to load resource: the server responded with a status of')) {
      events.console.push(`${message.type()}: ${message.text()}`);
    }
  });
  return events;
}

/** Opens `url` in a new page of the given size, recording its events from the start. */
export async function openPage(browser: Browser, url: string, viewport = { width: 900, height: 600 }): Promise<{ page: Page; status: number | undefined; events: PageEvents }> {
  const page = await browser.newPage({ viewport });
  const events = recordEvents(page);
  const response = await page.goto(url);
  return { page, status: response?.status(), events };
}
