/**
 * `npm run bench:web`: the web app's production build size and, in Debian's Chromium, the time to
 * interactive of the dashboard and the screening workspace on localhost with a 122-subject database.
 *
 * Build size: the JavaScript a first visit must download before anything renders (index.html's entry
 * script and its modulepreloads), gzipped at level 9. Time to interactive: from navigation to the page's
 * main content rendered from the API (the dashboard once its data are drawn; the criteria checklist with
 * its overall result), in a fresh browser context (no cache), median of `--rounds`. The reference in
 * the same run is the navigation to a tiny JSON document (/healthz) from the same server: the floor of
 * browser + server + loopback. Targets (issue 6): initial JS ≤ 250 KB gzipped; each page < 1 s.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { loadProtocol } from '../../src/protocol/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import {
  createList,
  createUser,
  openDatabase,
  type Principal,
  principalOf,
  randomize,
  SYSTEM_ACTOR,
} from '../../src/store/index.ts';
import { TEST_IDENTITY_KEYS, TEST_SECRETS } from '../../test/support/api.ts';
import { eligibleSignedSubject } from '../../test/support/eligible-subject.ts';

const REPO = join(import.meta.dirname, '..', '..');
const DIST = join(REPO, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const SUBJECTS = 122;
const AT = '2026-03-30T15:00:00Z';
const SITE = 'mayo-clinic-in-rochester';

function initialJsGzipBytes(): { files: string[]; bytes: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
  return { files, bytes };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

async function main(): Promise<void> {
  console.log('building the web app (vite build)…');
  execFileSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  const size = initialJsGzipBytes();
  const kb = size.bytes / 1024;
  console.log(
    `initial JS: ${size.files.length} file(s), ${kb.toFixed(1)} KB gzipped (target ≤ 250 KB: ${kb <= 250 ? 'met' : 'NOT met'})`,
  );

  const protocol = loadProtocol();
  const db = await openDatabase();
  const clock = { now: () => new Date(AT) };
  await bootstrap(db, protocol, clock.now(), 'bench-admin-password', TEST_IDENTITY_KEYS);
  const at = clock.now();
  const password = 'bench-user-password';
  const ids = await db.transaction(async (tx) => {
    const made = async (username: string, roles: Parameters<typeof createUser>[3]['roles']) =>
      (await principalOf(
        tx,
        (
          await createUser(tx, SYSTEM_ACTOR, at, {
            username,
            displayName: username,
            password,
            roles,
            mustChangePassword: false,
          })
        ).id,
      )) as Principal;
    return {
      coordinator: await made('bench-coordinator', [{ role: 'coordinator', siteId: SITE }]),
      investigator: await made('bench-investigator', [{ role: 'investigator', siteId: SITE }]),
      statistician: await made('bench-statistician', [{ role: 'statistician', siteId: null }]),
    };
  });
  await db.transaction((tx) =>
    createList(tx, ids.statistician, at, protocol, {
      config: protocol.randomization,
      rehearsal: false,
    }),
  );
  let lastSubject = '';
  const started = performance.now();
  for (let i = 0; i < SUBJECTS; i++) {
    const subject = await eligibleSignedSubject(db, protocol, ids, at, SITE);
    // All but the last are randomized: the workspace is measured on a subject still being screened.
    if (i < SUBJECTS - 1)
      await db.transaction((tx) =>
        randomize(tx, ids.coordinator, at, '2026-03-30', protocol, subject, {
          'planned-mki': 'lenvatinib',
        }),
      );
    lastSubject = subject;
  }
  console.log(
    `database: ${SUBJECTS} subjects screened, signed, ${SUBJECTS - 1} randomized (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  const app = await buildServer({
    db,
    clock,
    protocol,
    identity: TEST_IDENTITY_KEYS,
    secrets: TEST_SECRETS,
    timeZone: 'America/Chicago',
    secureCookies: false,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const measure = async (url: string, ready: (page: Page) => Promise<unknown>): Promise<number> => {
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ctx = await browser.newContext({ baseURL: base });
      await ctx.request.post('/api/auth/login', { data: { username: 'bench-coordinator', password } });
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(url, { waitUntil: 'commit' });
      await ready(page);
      times.push(performance.now() - t0);
      await ctx.close();
    }
    return median(times);
  };
  const reference = await measure('/healthz', (page) => page.waitForLoadState('load'));
  const dashboard = await measure('/dashboard', (page) => page.locator('.dashboard').waitFor());
  const workspace = await measure(`/subjects/${lastSubject}`, (page) =>
    page
      .locator('section', { has: page.getByRole('heading', { name: 'Eligibility criteria' }) })
      .locator('.overall')
      .waitFor(),
  );
  await browser.close();
  await app.close();
  await db.close();
  const row = (name: string, ms: number) =>
    console.log(
      `${name.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  (${(ms / reference).toFixed(1)} × the reference; target < 1000 ms: ${ms < 1000 ? 'met' : 'NOT met'})`,
    );
  console.log(`time to interactive, median of ${ROUNDS} cold loads (Chromium ${browser.version?.() ?? ''}):`);
  console.log(`${'reference (/healthz)'.padEnd(22)} ${reference.toFixed(0).padStart(5)} ms`);
  row('dashboard', dashboard);
  row('screening workspace', workspace);
  console.log(
    `web: initial JS ${kb.toFixed(1)} KB gz, dashboard ${dashboard.toFixed(0)} ms, screening workspace ${workspace.toFixed(0)} ms`,
  );
}

await main();
