/**
 * bench:stats — trialkit's survival statistics against R's survival package (C code), same data,
 * same run. Simulates a seeded two-arm trial (default 1,000,000 subjects: exponential times, HR 0.7,
 * ~30 % censored, one numeric covariate), times Kaplan–Meier by arm, the log-rank test and a Cox
 * model (Efron, arm + covariate) in TypeScript; when `Rscript` with the survival package is installed,
 * times survfit, survdiff and coxph on the same data, checks that the results agree and prints the
 * ratio TypeScript/R per operation. Target: each ratio ≤ 1.0. The last line is exactly
 * `stats/R ratio km: <n> logrank: <n> cox: <n>` (n/a where R is absent).
 *
 *   npm run bench:stats -- --subjects 1000000 --rounds 3
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type RResult, runTypeScript, type TsResult } from './operations.ts';
import { simulateTrial, trialCsv } from './simulate.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA_DIR = join(HERE, '..', '.data');
/** Bump when the simulation changes so the cached CSV for R is rebuilt. */
const SIMULATION_VERSION = 1;

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: process.env.BENCH_SUBJECTS ?? '1000000' },
    rounds: { type: 'string', default: '3' },
  },
});
const subjects = Number(values.subjects);
const rounds = Number(values.rounds);
if (!Number.isInteger(subjects) || subjects < 10 || !Number.isInteger(rounds) || rounds < 1) {
  throw new Error('--subjects must be an integer ≥ 10 and --rounds ≥ 1');
}

function hasR(): boolean {
  const probe = spawnSync('Rscript', ['-e', 'library(survival)'], { encoding: 'utf8' });
  return probe.status === 0;
}

function runR(file: string): RResult {
  const child = spawnSync('Rscript', [join(HERE, 'reference.R'), file, String(rounds)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`Rscript failed (${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as RResult;
}

/** Relative agreement of two result vectors; the largest relative difference. */
function largestDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return Math.max(
    0,
    ...a.map((x, i) => Math.abs(x - (b[i] as number)) / Math.max(Math.abs(b[i] as number), 1e-300)),
  );
}

function agreement(ts: TsResult, r: RResult): string[] {
  const checks: [string, number, number][] = [
    ['KM medians', largestDifference(ts.kmMedian, r.km_median), 0],
    ['KM events', largestDifference(ts.kmEvents, r.km_n_event), 0],
    ['log-rank chi-square', largestDifference([ts.logrankChisq], [r.logrank_chisq]), 1e-9],
    ['Cox coefficients', largestDifference(ts.coxCoef, r.cox_coef), 1e-6],
    ['Cox log-likelihoods', largestDifference(ts.coxLoglik, r.cox_loglik), 1e-12],
    ['Cox iterations', Math.abs(ts.coxIter - r.cox_iter), 0],
  ];
  return checks.map(
    ([name, diff, tol]) =>
      `${diff <= tol ? 'agree' : 'DIFFER'}: ${name} (largest relative difference ${diff.toExponential(2)}, tolerance ${tol})`,
  );
}

const started = performance.now();
const trial = simulateTrial(subjects);
let events = 0;
for (const e of trial.event) events += e;
console.log(
  `simulated ${subjects} subjects in ${((performance.now() - started) / 1000).toFixed(1)} s: two arms, HR 0.7, ${(100 * (1 - events / subjects)).toFixed(1)} % censored, one covariate`,
);

const ts = runTypeScript(trial, rounds);
const line = (name: string, seconds: number) =>
  `${name.padEnd(22)} ${(seconds * 1000).toFixed(0).padStart(7)} ms`;
console.log('TypeScript (best of rounds)');
console.log(line('  KM by arm', ts.seconds.km));
console.log(line('  log-rank', ts.seconds.logrank));
console.log(line('  Cox (Efron, 2 terms)', ts.seconds.cox));
console.log(`  peak RSS ${ts.peakRssMb.toFixed(0)} MB (data included)`);

let ratios = 'km: n/a logrank: n/a cox: n/a';
if (hasR()) {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `stats-v${SIMULATION_VERSION}-${subjects}.csv`);
  if (!existsSync(file)) writeFileSync(file, trialCsv(trial));
  const r = runR(file);
  console.log('R survival (best of rounds)');
  console.log(line('  survfit', r.seconds.km));
  console.log(line('  survdiff', r.seconds.logrank));
  console.log(line('  coxph (efron)', r.seconds.cox));
  console.log(`  peak RSS ${r.peak_rss_mb.toFixed(0)} MB (data included)`);
  for (const message of agreement(ts, r)) console.log(message);
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  console.log(
    `TypeScript/R: km ${ratio(ts.seconds.km, r.seconds.km)}, logrank ${ratio(ts.seconds.logrank, r.seconds.logrank)}, cox ${ratio(ts.seconds.cox, r.seconds.cox)} (target ≤ 1.0)`,
  );
  ratios = `km: ${ratio(ts.seconds.km, r.seconds.km)} logrank: ${ratio(ts.seconds.logrank, r.seconds.logrank)} cox: ${ratio(ts.seconds.cox, r.seconds.cox)}`;
} else {
  console.log(
    'Rscript with the survival package is not installed: no R comparison (apt-get install r-base-core r-cran-survival)',
  );
}
console.log(`stats/R ratio ${ratios}`);
