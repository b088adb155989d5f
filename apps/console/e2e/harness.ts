import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import {
  startTestGateway,
  TEST_ADMIN,
  type TestGateway,
  type TestGatewayOptions,
} from '../../gateway/src/testing/test-gateway';
import { type NetworkLink, startNetworkLink } from './network-link';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. Without Chromium they are skipped on a developer's
 * machine, but CI (CI=true) must have it: there a missing browser fails instead of skipping.
 */
export const hasChromium = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

/**
 * The browser tests run on the embedded database only. They test the console; the gateway under
 * them is the same code on either engine and its own tests run on both, so a second browser run
 * on PostgreSQL would add minutes to CI and no coverage.
 */
export const runsBrowserTests = hasChromium && !process.env.DATABASE_URL;

/** Flags for a closed network: no background requests to Google's hosts, no GPU, no sandbox as root. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface ConsolePage extends Page {
  /** Uncaught exceptions and console errors (CSP violations among them) seen on this page. */
  readonly problems: string[];
}

export interface ConsoleE2E {
  gateway: TestGateway;
  /** The console's address, through a link the test can cut. */
  url: string;
  network: NetworkLink;
  browser: Browser;
  /** A fresh browser context (its own storage) and page; `locale` sets the browser's language. */
  newPage(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<ConsolePage>;
  /** Opens the console and signs in through the form (the admin by default). */
  signIn(page: Page, who?: { username: string; password: string }): Promise<void>;
  close(): Promise<void>;
}

/** A real gateway (serving the built console) on a fresh database, and a headless Chromium. */
export async function startConsoleE2E(options: TestGatewayOptions = {}): Promise<ConsoleE2E> {
  const gateway = await startTestGateway({
    ...options,
    env: { CONSOLE_DIR: inject('consoleDir'), ...options.env },
  });
  const network = await startNetworkLink(gateway.url);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const url = network.url;
  return {
    gateway,
    url,
    network,
    browser,
    async newPage({ viewport = DESKTOP, locale = 'zh-CN' } = {}) {
      const context = await browser.newContext({ viewport, locale, baseURL: url });
      contexts.push(context);
      const page = (await context.newPage()) as ConsolePage;
      const problems: string[] = [];
      Object.defineProperty(page, 'problems', { value: problems });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      return page;
    },
    async signIn(page, who = TEST_ADMIN) {
      await page.goto('/login');
      await page.locator('input[autocomplete="username"]').fill(who.username);
      await page.locator('input[type="password"]').fill(who.password);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await network.close();
      await gateway.close();
    },
  };
}
