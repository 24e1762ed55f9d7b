/**
 * bench:screen — how much screening costs on top of merely parsing the input.
 *
 * Generates a seeded population (default 20,000 patients × ~60 resources, mixed units) as grouped
 * Bulk NDJSON, then times in the same run, each in a fresh process and alternating to share the
 * machine's noise: (a) reading + JSON.parse of every line, (b) `trialkit screen --format ndjson`.
 * It also screens a quarter-size population to show that peak memory does not grow with N.
 * Target: ratio (b)/(a) ≤ 1.5. The last line is exactly `screen/parse ratio: <number>`.
 *
 *   npm run bench:screen -- --patients 20000 --rounds 2
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writePopulation } from './population/index.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const DATA_DIR = join(BENCH_DIR, '.data');
/** Bump when the generator changes so cached populations are rebuilt. */
const GENERATOR_VERSION = 2;

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: process.env.BENCH_PATIENTS ?? '20000' },
    rounds: { type: 'string', default: '2' },
  },
});
const patients = Number(values.patients);
const rounds = Number(values.rounds);
if (!Number.isInteger(patients) || patients < 4 || !Number.isInteger(rounds) || rounds < 1) {
  throw new Error('--patients must be an integer ≥ 4 and --rounds ≥ 1');
}

async function population(n: number): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `population-v${GENERATOR_VERSION}-${n}.ndjson`);
  if (!existsSync(file)) {
    const started = performance.now();
    const lines = await writePopulation(file, n);
    const mb = statSync(file).size / 1e6;
    console.log(
      `generated ${n} patients, ${lines} resources (${(lines / n).toFixed(1)} per patient), ${mb.toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return file;
}

interface Run {
  seconds: number;
  maxRssMb: number;
}

/**
 * Node flags of each workload: (a) plain node; (b) the flags trialkit's own launchers use
 * (bin/trialkit.js and `npm run trialkit` run node with --single-threaded-gc).
 */
const NODE_FLAGS: Record<string, string[]> = {
  'parse-only.ts': [],
  'screen-child.ts': ['--single-threaded-gc'],
};

function run(script: string, file: string): Run {
  const started = performance.now();
  const flags = NODE_FLAGS[script] ?? [];
  const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(BENCH_DIR, script), file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${script} failed (${child.status}):\n${child.stderr}`);
  const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    maxRssMb: number;
    exitCode?: number;
  };
  if (report.exitCode !== undefined && report.exitCode !== 0)
    throw new Error(`trialkit screen exited ${report.exitCode}:\n${child.stderr}`);
  return { seconds, maxRssMb: report.maxRssMb };
}

const fmt = (r: Run, n: number) =>
  `${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(n / r.seconds)
    .toString()
    .padStart(6)} patients/s  peak RSS ${r.maxRssMb.toFixed(0)} MB`;

const file = await population(patients);
const small = Math.max(1, Math.floor(patients / 4));
const smallFile = await population(small);
console.log(`input: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB, grouped by patient)`);

const parse: Run[] = [];
const screen: Run[] = [];
for (let i = 0; i < rounds; i++) {
  parse.push(run('parse-only.ts', file));
  screen.push(run('screen-child.ts', file));
  console.log(
    `round ${i + 1}: (a) parse ${parse.at(-1)?.seconds.toFixed(2)} s, (b) screen ${screen.at(-1)?.seconds.toFixed(2)} s`,
  );
}
const best = (runs: Run[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const a = best(parse);
const b = best(screen);
const smallRun = run('screen-child.ts', smallFile);

console.log(`(a) read + JSON.parse        ${fmt(a, patients)}`);
console.log(`(b) trialkit screen ndjson   ${fmt(b, patients)}`);
console.log(
  `peak RSS of (b): ${smallRun.maxRssMb.toFixed(0)} MB for ${small} patients vs ${b.maxRssMb.toFixed(0)} MB for ${patients} (streaming path: NDJSON grouped by patient)`,
);
console.log(`screen/parse ratio: ${(b.seconds / a.seconds).toFixed(3)}`);
