/**
 * The end-to-end harness: the real server (PGlite in memory, the built web app) listening on a free
 * port, and Debian's Chromium driven by playwright-core. Screenshots of each step go to
 * test-results/e2e/. Console errors and failed requests are collected so a test can assert there were none.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildServer } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { type Db, openDatabase } from '../../src/store/index.ts';
import { TEST_IDENTITY_KEYS, TEST_SECRETS, testProtocol } from '../support/api.ts';

const REPO = join(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(REPO, 'test-results', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2e {
  baseUrl: string;
  app: FastifyInstance;
  db: Db;
  browser: Browser;
  /** A fresh browser context (its own cookies) with a page; console errors land in `errors`. */
  open(name: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  shot(page: Page, step: string): Promise<void>;
  /** Moves the server's clock (sessions older than their limits then end: sign in again). */
  setClock(iso: string): void;
  close(): Promise<void>;
}

/** Starts server and browser. `at`: the server's clock, fixed so the dated example patients are eligible. */
export async function startE2e(at: string, adminPassword: string): Promise<E2e> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build-web.mjs')], { cwd: REPO, stdio: 'inherit' });
  // One run's screenshots: numbered from 01, none left from an earlier run.
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const db = await openDatabase();
  let current = at;
  const clock = { now: () => new Date(current) };
  await bootstrap(db, testProtocol(), clock.now(), adminPassword, TEST_IDENTITY_KEYS);
  const app = await buildServer({
    db,
    clock,
    protocol: testProtocol(),
    identity: TEST_IDENTITY_KEYS,
    secrets: TEST_SECRETS,
    timeZone: 'America/Chicago',
    secureCookies: false,
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  let shots = 0;
  return {
    baseUrl,
    app,
    db,
    browser,
    async open() {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return { context, page, errors };
    },
    async shot(page, step) {
      shots++;
      await page.screenshot({
        path: join(SCREENSHOTS, `${String(shots).padStart(2, '0')}-${step}.png`),
        fullPage: true,
      });
    },
    setClock(iso) {
      current = iso;
    },
    async close() {
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}
