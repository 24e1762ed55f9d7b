/**
 * POST /api/analysis and GET /api/analysis/example: statistician only; on the example study the
 * numbers and files are those of the CLI path (`trialkit derive`, then `trialkit analyze survival`,
 * `analyze binomial` and `plot` on what it wrote), plus hand-worked values; bad requests are 400s
 * naming the field, and bad data comes back as a list of problems.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ROCHESTER, startApi, type TestApi } from '../../test/support/api.ts';
import { trialkit } from '../../test/support/cli.ts';
import { backends } from '../../test/support/database.ts';
import { waterfallInput } from '../cdisc/index.ts';
import { readTable } from '../csv/index.ts';
import { renderWaterfallSvg } from '../stats/plot/index.ts';

const EXAMPLES = new URL('../../examples/cdisc/', import.meta.url);
const example = (name: string) => readFileSync(new URL(`${name}.csv`, EXAMPLES), 'utf8');
const EXAMPLE = { tu: example('tu'), tr: example('tr'), rs: example('rs'), adsl: example('adsl') };
const ARM_A = 'Arm A (atezolizumab, cabozantinib or lenvatinib)';
const ARM_B = 'Arm B (cabozantinib or lenvatinib)';
const MONTH = 365.25 / 12;
const TOLERANCE = 1e-9;

/** `trialkit derive` on the example study: the ADaM files in a temporary folder. */
async function deriveWithCli(...extra: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-analysis-'));
  const path = (name: string) => new URL(`${name}.csv`, EXAMPLES).pathname;
  const run = await trialkit(
    'derive',
    ...['--tu', path('tu'), '--tr', path('tr'), '--rs', path('rs'), '--adsl', path('adsl')],
    ...['--out-dir', dir, ...extra],
  );
  expect(run.code).toBe(0);
  return dir;
}

/**
 * `trialkit analyze survival --format json` on one parameter of the CLI's ADTTE, time in months and
 * arms as codes (B first: the reference, as the API orders the comparator arm first).
 */
async function analyzeWithCli(dir: string, paramcd: string) {
  const adtte = readTable(readFileSync(join(dir, 'adtte.csv'), 'utf8'), 'adtte.csv');
  const col = (name: string) => adtte.header.indexOf(name);
  const lines = ['ARM,MONTHS,EVENT'];
  for (const row of adtte.rows) {
    if (row[col('PARAMCD')] !== paramcd) continue;
    const arm = row[col('ARM')] === ARM_A ? 'A' : 'B';
    lines.push(`${arm},${Number(row[col('AVAL')]) / MONTH},${row[col('CNSR')] === '0' ? 1 : 0}`);
  }
  const input = join(dir, `${paramcd}.csv`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const run = await trialkit(
    ...['analyze', 'survival', '--input', input, '--time', 'MONTHS', '--event', 'EVENT', '--group', 'ARM'],
    ...['--group-levels', 'B,A', '--ties', 'efron', '--conf-type', 'log', '--format', 'json'],
  );
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const close = (actual: number | null, expected: number | null, what: string) => {
  if (expected === null || actual === null) return expect(actual, what).toBe(expected);
  expect(
    Math.abs(actual - expected),
    `${what}: expected ${expected}, got ${actual}, difference ${actual - expected}, tolerance ${TOLERANCE}`,
  ).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
};

describe.each(backends())('analysis API on $name', (backend) => {
  let api: TestApi;
  let statistician: Client;
  let coordinator: Client;
  // biome-ignore lint/suspicious/noExplicitAny: the response body, read by assertions
  let report: any;
  let cliDir: string;

  beforeAll(async () => {
    api = await startApi(backend);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    const response = await statistician.post('/api/analysis', EXAMPLE);
    expect(response.status).toBe(200);
    report = response.body;
    cliDir = await deriveWithCli();
  }, 60_000);
  afterAll(() => api?.close());

  it('is for statisticians only', async () => {
    expect((await api.anonymous.post('/api/analysis', EXAMPLE)).status).toBe(401);
    const refused = await coordinator.post('/api/analysis', EXAMPLE);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('statistician');
    expect((await api.admin.post('/api/analysis', EXAMPLE)).status).toBe(403);
    expect((await coordinator.get('/api/analysis/example')).status).toBe(403);
    // Refused before the body is looked at: no field errors for someone who may not analyse.
    expect((await coordinator.post('/api/analysis', { tu: 1 })).status).toBe(403);
  });

  it('offers the example study as four CSV texts', async () => {
    const { status, body } = await statistician.get('/api/analysis/example');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ...EXAMPLE, fileNames: { tu: 'tu.csv', rs: 'rs.csv' } });
  });

  it('derives the same ADaM datasets as `trialkit derive`', () => {
    for (const name of ['adtte', 'adrs', 'adtr', 'timepoints']) {
      const dataset = report.datasets.find((d: { name: string }) => d.name === name);
      expect(dataset.csv, name).toBe(readFileSync(join(cliDir, `${name}.csv`), 'utf8'));
    }
    expect(report.summary).toMatchObject({
      subjects: 6,
      analysed: 6,
      arms: [ARM_B, ARM_A],
      records: { adrs: 87, adtte: 13, adtr: 21, timepoints: 15 },
      disagreements: 1,
      errors: 0,
      options: { pfsRules: 'fda-2018', responseSource: 'measurements', timeUnit: 'months' },
    });
  });

  it.each([
    ['PFS', 'pfs'],
    ['OS', 'os'],
  ])('reports %s by arm as `trialkit analyze survival` computes it', async (paramcd, key) => {
    const cli = await analyzeWithCli(cliDir, paramcd);
    const endpoint = report.survival[key];
    expect(endpoint.arms.map((a: { arm: string }) => a.arm)).toEqual([ARM_B, ARM_A]);
    endpoint.arms.forEach((arm: { n: number; events: number; median: Record<string, number> }, i: number) => {
      const curve = cli.km.by_group[i];
      expect([arm.n, arm.events]).toEqual([curve.n_start, curve.events]);
      for (const limit of ['estimate', 'lower', 'upper'])
        close(arm.median[limit] ?? null, curve.ci.log.median[limit], `${paramcd} ${arm} median ${limit}`);
    });
    close(endpoint.logRank.p, cli.survdiff.logrank.p, `${paramcd} log-rank p`);
    close(endpoint.logRank.chisq, cli.survdiff.logrank.chisq, `${paramcd} log-rank chi-square`);
    const fit = cli.coxph.models.group.efron;
    if (endpoint.hazardRatio.estimable) {
      close(endpoint.hazardRatio.estimate, fit.hr[0], `${paramcd} HR`);
      close(endpoint.hazardRatio.lower, fit.hr_lower[0], `${paramcd} HR lower`);
      close(endpoint.hazardRatio.upper, fit.hr_upper[0], `${paramcd} HR upper`);
    }
    expect(endpoint.svg).toMatch(/<svg[^>]*role="img"/);
    expect(endpoint.svg).toContain(`${endpoint.title}</title>`);
  });

  it('matches the hand-worked PFS curves of the example', () => {
    // PFS days — Arm B: 104 (death), 127 (PD), 191 (censored); Arm A: 64 (PD), 190 and 254 (censored).
    // Arm B: S = 2/3 from day 104, 1/3 from day 127, so the median is day 127; Arm A never falls
    // below 2/3, so its median is not reached. Log-rank: at 64 (6 at risk, 3 in B) E_B = 1/2, at 104
    // (5, 3) E_B = 3/5, at 127 (4, 2) E_B = 1/2: O_B − E_B = 2 − 8/5 = 2/5; V = 1/4 + 6/25 + 1/4 = 37/50;
    // χ² = (2/5)² / (37/50) = 8/37.
    const pfs = report.survival.pfs;
    close(pfs.arms[0].median.estimate, 127 / MONTH, 'Arm B median');
    expect(pfs.arms[1].median.estimate).toBeNull();
    close(pfs.logRank.chisq, 8 / 37, 'log-rank chi-square');
    expect(pfs.hazardRatio).toMatchObject({ comparison: ARM_A, reference: ARM_B, estimable: true });
    expect(pfs.atRisk).toEqual({
      times: [0, 2, 4, 6, 8, 10],
      byArm: [
        { arm: ARM_B, counts: [3, 3, 2, 1, 0, 0] },
        { arm: ARM_A, counts: [3, 3, 2, 2, 1, 0] },
      ],
    });
    // OS: no death in Arm A, so the Cox estimate runs off to 0 and is not shown.
    expect(report.survival.os.hazardRatio).toMatchObject({ estimable: false, estimate: null });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ stage: 'analysis', message: expect.stringMatching(/^OS: .*infinite/) }),
    );
    expect(pfs.svg).toContain('Arm A vs Arm B: HR 0.57');
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        stage: 'derive',
        usubjid: 'NCT05168163-0005',
        message: expect.stringContaining('§3.1.1'),
      }),
    );
  });

  it('gives ORR by arm with the Clopper–Pearson interval of `trialkit analyze binomial`', async () => {
    const [armB, armA] = report.orr.arms;
    expect(armA).toMatchObject({ arm: ARM_A, n: 3, responders: 1, bestResponse: { PR: 1, SD: 1, PD: 1 } });
    expect(armB).toMatchObject({ arm: ARM_B, n: 3, responders: 0, bestResponse: { SD: 3 } });
    for (const arm of [armA, armB]) {
      const run = await trialkit(
        ...['analyze', 'binomial', '--x', String(arm.responders), '--n', String(arm.n), '--format', 'json'],
      );
      const cli = JSON.parse(run.stdout);
      close(arm.rate.lower, cli.conf_int[0], `${arm.arm} ORR lower`);
      close(arm.rate.upper, cli.conf_int[1], `${arm.arm} ORR upper`);
    }
    // R: binom.test(1, 3)$conf.int = 0.008403759 0.905700676; binom.test(0, 3) upper 0.7075982.
    expect(armA.rate.lower).toBeCloseTo(0.008403759, 8);
    expect(armB.rate.upper).toBeCloseTo(0.7075982, 7);
    expect(report.orr.comparison).toMatchObject({ test: "Fisher's exact test", p: 1 });
    const bor = report.orr.data[0].csv.trim().split('\n');
    expect(bor).toHaveLength(7);
  });

  it('draws the waterfall from the files `trialkit derive` wrote, as `trialkit plot` does', () => {
    const tables = ['adtr', 'adrs'].map((name) =>
      readTable(readFileSync(join(cliDir, `${name}.csv`), 'utf8'), `${name}.csv`),
    );
    const input = waterfallInput(tables[0] as never, tables[1]);
    const waterfall = report.figures.waterfall;
    expect(waterfall.detail.bars).toEqual(input.bars);
    // The figures name the protocol's arms by their IDs ("Arm A"), so legends fit; tables keep the labels.
    const short = (arm: string) => (arm === ARM_A ? 'Arm A' : 'Arm B');
    expect(waterfall.svg).toBe(
      renderWaterfallSvg({
        bars: input.bars.map((b) => ({ ...b, arm: short(b.arm) })),
        title: 'Best change from baseline in sum of diameters',
        arms: ['Arm B', 'Arm A'],
      }),
    );
    expect(waterfall.data.map((d: { name: string }) => d.name)).toEqual(['adtr', 'adrs-bor']);
    expect(report.figures.swimmer.detail.lanes).toHaveLength(6);
    expect(report.figures.spider.svg).toContain('<title id="spider-title">');
  });

  it('follows the options: PFS rules, recorded responses, weeks', async () => {
    const { status, body } = await statistician.post('/api/analysis', {
      ...EXAMPLE,
      options: { pfsRules: 'simple', responseSource: 'recorded', timeUnit: 'weeks' },
    });
    expect(status).toBe(200);
    const dir = await deriveWithCli('--pfs-rules', 'simple', '--response-source', 'recorded');
    expect(body.datasets[0].csv).toBe(readFileSync(join(dir, 'adtte.csv'), 'utf8'));
    expect(body.survival.pfs.timeUnit).toBe('weeks');
    expect(body.survival.pfs.svg).toContain('Time (weeks)');
  });

  it('rejects malformed requests with the field paths', async () => {
    const missing = await statistician.post('/api/analysis', { tu: EXAMPLE.tu, tr: EXAMPLE.tr });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.adsl');

    const badOption = await statistician.post('/api/analysis', {
      ...EXAMPLE,
      options: { pfsRules: 'ema-2012', confLevel: 2 },
    });
    expect(badOption.status).toBe(400);
    const paths = badOption.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.options.pfsRules', 'body.options.confLevel']));

    const empty = await statistician.post('/api/analysis', { ...EXAMPLE, tr: '  \n' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toContainEqual({ path: 'body.tr', message: 'the TR file is empty' });

    expect((await statistician.post('/api/analysis', { ...EXAMPLE, extra: 1 })).status).toBe(400);

    const { rs: _rs, ...withoutRs } = EXAMPLE;
    const recorded = await statistician.post('/api/analysis', {
      ...withoutRs,
      options: { responseSource: 'recorded' },
    });
    expect(recorded.status).toBe(400);
    expect(recorded.body.error.fields[0].path).toBe('body.rs');
  });

  it('lists data problems instead of failing on bad files', async () => {
    const { status, body } = await statistician.post('/api/analysis', {
      ...EXAMPLE,
      tu: 'not,a,tumor,file\n1,2,3,4\n',
      adsl: EXAMPLE.adsl.replace('2023-02-06', '2023-02-31'),
      fileNames: { tu: 'my-tu.csv' },
    });
    expect(status).toBe(200);
    expect(body.problems).toContainEqual(
      expect.objectContaining({
        stage: 'read',
        severity: 'error',
        file: 'my-tu.csv',
        code: 'missing-column',
      }),
    );
    expect(body.problems).toContainEqual(
      expect.objectContaining({ stage: 'read', file: 'adsl.csv', line: 2, code: 'invalid-date' }),
    );
    expect(body.summary.errors).toBeGreaterThanOrEqual(2);
    // Subject 0001 has no valid randomization date: no endpoints; the other five are analysed.
    expect(body.summary.analysed).toBe(5);
    expect(body.survival.os.arms.map((a: { n: number }) => a.n)).toEqual([3, 2]);

    const nothing = await statistician.post('/api/analysis', {
      tu: 'x\n',
      tr: 'y\n',
      adsl: 'USUBJID\n',
    });
    expect(nothing.status).toBe(200);
    expect(nothing.body.survival).toEqual({ pfs: null, os: null });
    expect(nothing.body.orr).toBeNull();
    expect(nothing.body.figures).toEqual({ waterfall: null, spider: null, swimmer: null });
    expect(nothing.body.problems.length).toBeGreaterThan(3);
    // The summary counts every error, those the survival and response reports add included.
    const errors = (body: { problems: { severity: string }[] }) =>
      body.problems.filter((p) => p.severity === 'error').length;
    expect(nothing.body.summary.errors).toBe(errors(nothing.body));
    expect(body.summary.errors).toBe(errors(body));
  });
});
