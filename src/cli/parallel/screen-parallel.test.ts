import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol } from '../../protocol/index.ts';
import { main } from '../main.ts';
import { WorkerPool } from './pool.ts';
import { ParallelScreening, type ScreenJob } from './screen-parallel.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-parallel-'));
  dirs.push(dir);
  return dir;
}

function writeLines(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `trialkit …` in this process with `workers` worker threads (0: the sequential path), any input size. */
async function trialkit(workers: number, ...args: string[]): Promise<Run> {
  const saved = { workers: process.env.TRIALKIT_WORKERS, min: process.env.TRIALKIT_PARALLEL_MIN_BYTES };
  process.env.TRIALKIT_WORKERS = String(workers);
  process.env.TRIALKIT_PARALLEL_MIN_BYTES = '0';
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = capture();
  const err = capture();
  try {
    const code = await main(args, { stdout: out.stream, stderr: err.stream, today: () => '2026-03-30' });
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    for (const [name, value] of [
      ['TRIALKIT_WORKERS', saved.workers],
      ['TRIALKIT_PARALLEL_MIN_BYTES', saved.min],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The same run with worker threads and without: identical bytes and exit code. */
async function expectSameAsSequential(...args: string[]): Promise<Run> {
  const sequential = await trialkit(0, ...args);
  const parallel = await trialkit(2, ...args);
  expect(parallel.stdout).toBe(sequential.stdout);
  expect(parallel.stderr).toBe(sequential.stderr);
  expect(parallel.code).toBe(sequential.code);
  return parallel;
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** One patient's lines, of every kind the screener reads, with ignored types and padding. */
function patientLines(id: string, n: number, pad: number): string[] {
  const subject = { reference: `Patient/${id}` };
  const day = `2026-03-${String(1 + (n % 28)).padStart(2, '0')}`;
  return [
    {
      resourceType: 'Patient',
      id,
      birthDate: `19${40 + (n % 50)}-02-03`,
      gender: n % 2 ? 'male' : 'female',
    },
    {
      resourceType: 'Encounter',
      id: `${id}-enc`,
      status: 'finished',
      subject,
      text: { div: 'e'.repeat(pad) },
    },
    {
      resourceType: 'Observation',
      id: `${id}-plt`,
      status: 'final',
      subject,
      effectiveDateTime: day,
      code: { coding: [{ system: LOINC, code: '777-3' }] },
      valueQuantity: { value: 40 + ((n * 37) % 200), unit: '10*3/uL', system: UCUM, code: '10*3/uL' },
      note: [{ text: 'n'.repeat(pad) }],
    },
    {
      resourceType: 'Condition',
      id: `${id}-hcc`,
      subject,
      clinicalStatus: { coding: [{ code: 'active' }] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C22.0' }] },
      onsetDateTime: '2024-01-01',
    },
    {
      resourceType: 'MedicationRequest',
      id: `${id}-mr`,
      status: n % 3 ? 'active' : 'completed',
      intent: 'order',
      subject,
      medicationReference: { reference: n % 2 ? 'Medication/m-late' : 'Medication/m-early' },
      authoredOn: '2026-01-01',
    },
    { resourceType: 'Claim', id: `${id}-claim`, status: 'active', patient: subject },
    {
      resourceType: 'QuestionnaireResponse',
      id: `${id}-qr`,
      status: 'completed',
      subject,
      authored: day,
      item: [
        { linkId: 'I00', answer: [{ valueBoolean: true }] },
        { linkId: 'consent-date', answer: [{ valueDate: day }] },
      ],
    },
  ].map((r) => JSON.stringify(r));
}

const medication = (id: string, name: string) =>
  JSON.stringify({
    resourceType: 'Medication',
    id,
    code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: id, display: name }] },
  });

/**
 * A grouped file of `count` patients (~8 KB each), so that the pre-scan cuts it into many ranges
 * (runs straddle the cuts) and screening takes several batches; with a malformed line in the middle,
 * a malformed line of an ignored type, a duplicate within a run, a patient far larger than the rest,
 * and Medication lines at both ends that patients all over the file refer to.
 */
function groupedLines(count: number): string[] {
  const lines = [medication('m-early', 'Cabozantinib 20 MG Oral Tablet')];
  for (let n = 0; n < count; n++) {
    const own = patientLines(`p${n}`, n, n === 7 ? 200_000 : 3_000);
    if (n === 11) own.push(own[2] as string); // the same Observation twice
    if (n === 13) own.push(own[2]?.replace('"value":', '"value":1') as string); // same id, other content
    lines.push(...own);
    if (n === Math.floor(count / 2)) lines.push('{"resourceType":"Observation","id":"broken",');
    if (n === 20) lines.push('{"resourceType":"Encounter","id":"broken" "status":"x"}');
  }
  lines.push(medication('m-late', 'Lenvatinib 4 MG Oral Capsule'));
  return lines;
}

const protocol = loadProtocol();

describe('trialkit screen on worker threads', () => {
  const dir = tempDir();
  const grouped = writeLines(dir, 'grouped.ndjson', groupedLines(200));

  it('takes the parallel path for grouped NDJSON and steps aside for anything else', async () => {
    const settings = { workers: 2, minBytes: 0 };
    const job: ScreenJob = { format: 'ndjson', showAll: false, context: { asOf: '2026-03-30' } };
    const parallel = await ParallelScreening.start([grouped], settings);
    try {
      expect(parallel).toBeDefined();
      const items = await parallel?.screen(protocol, job, undefined);
      let patients = 0;
      for await (const item of items ?? []) if (item.kind === 'patient') patients++;
      expect(patients).toBe(200);
    } finally {
      await parallel?.close();
    }
    const lines = groupedLines(10);
    const ungrouped = writeLines(tempDir(), 'ungrouped.ndjson', [...lines.slice(2), ...lines.slice(0, 2)]);
    const fallback = await ParallelScreening.start([ungrouped], settings);
    try {
      expect(await fallback?.screen(protocol, job, undefined)).toBeUndefined();
    } finally {
      await fallback?.close();
    }
    expect(await ParallelScreening.start([grouped], { ...settings, workers: 0 })).toBeUndefined();
    expect(await ParallelScreening.start([grouped], { ...settings, minBytes: 1 << 30 })).toBeUndefined();
    expect(await ParallelScreening.start(['-'], settings)).toBeUndefined();
  });

  it.each(['ndjson', 'json', 'csv', 'table'])(
    'writes exactly what the sequential path writes: --format %s',
    async (format) => {
      const run = await expectSameAsSequential(
        'screen',
        grouped,
        '--format',
        format,
        '--as-of',
        '2026-03-30',
      );
      expect(run.code).toBe(1);
      const errorLine = groupedLines(200).indexOf('{"resourceType":"Observation","id":"broken",') + 1;
      expect(format === 'ndjson' || format === 'csv' ? run.stderr : run.stdout).toContain(
        `${grouped}:${errorLine}`,
      );
    },
  );

  it('reports inputs that do not exist first, as the sequential path does', async () => {
    const missing = join(tempDir(), 'missing.ndjson');
    const run = await expectSameAsSequential(
      'screen',
      missing,
      grouped,
      '--format',
      'json',
      '--as-of',
      '2026-03-30',
    );
    expect(JSON.parse(run.stdout).errors[0]).toEqual({
      source: missing,
      message: 'no such file or directory',
    });
  });

  it('reads a patient whose lines continue from one file into the next', async () => {
    const split = tempDir();
    const lines = groupedLines(30);
    const cut = lines.indexOf(patientLines('p12', 12, 3_000)[3] as string);
    writeLines(split, 'a.ndjson', lines.slice(0, cut));
    writeLines(split, 'b.ndjson', lines.slice(cut));
    writeLines(split, 'c.ndjson', patientLines('p99', 99, 100));
    const run = await expectSameAsSequential('screen', split, '--format', 'json', '--as-of', '2026-03-30');
    const patients = JSON.parse(run.stdout).patients as Array<{ patientId: string }>;
    expect(patients.map((p) => p.patientId)).toEqual([
      ...Array.from({ length: 30 }, (_, n) => `p${n}`),
      'p99',
    ]);
  });

  it('falls back to the sequential (buffered) path for input not grouped by patient', async () => {
    const lines = groupedLines(40);
    const late = lines.splice(lines.indexOf(patientLines('p3', 3, 3_000)[3] as string), 1);
    const ungrouped = writeLines(tempDir(), 'ungrouped.ndjson', [...lines, ...late]);
    const run = await expectSameAsSequential(
      'screen',
      ungrouped,
      '--format',
      'ndjson',
      '--as-of',
      '2026-03-30',
    );
    expect(run.stdout.trim().split('\n')).toHaveLength(40);
  });

  it('keeps sequential reading for stdin and for bundles mixed with NDJSON', async () => {
    const mixed = tempDir();
    writeLines(mixed, 'a.ndjson', groupedLines(5));
    writeFileSync(
      join(mixed, 'b.json'),
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', id: 'bundled' } }],
      }),
    );
    const run = await expectSameAsSequential('screen', mixed, '--format', 'ndjson', '--as-of', '2026-03-30');
    expect(run.stdout).toContain('"patientId":"bundled"');
  });
});

describe('the worker pool', () => {
  const fixture = (name: string) => new URL(`../../../test/fixtures/workers/${name}`, import.meta.url);

  it('reports a task that fails in a worker as an error, with the stack', async () => {
    const pool = new WorkerPool(new URL('./worker.ts', import.meta.url), 1);
    try {
      await expect(pool.run({ type: 'screen', segments: [] })).rejects.toThrow(/screen before setup/);
      await expect(pool.run({ type: 'screen', segments: [] })).rejects.toThrow(/screen before setup/);
    } finally {
      await pool.close();
    }
  });

  it('fails every task, never hangs, when a worker dies or cannot start', async () => {
    for (const [name, message] of [
      ['exits.ts', /stopped unexpectedly \(exit code 7\)/],
      ['throws-on-load.ts', /cannot start/],
    ] as const) {
      const pool = new WorkerPool(fixture(name), 2);
      try {
        const tasks = [pool.run({ type: 'any' }), pool.run({ type: 'any' }), pool.run({ type: 'any' })];
        for (const task of tasks) await expect(task).rejects.toThrow(message);
        await expect(pool.run({ type: 'any' })).rejects.toThrow(message);
      } finally {
        await pool.close();
      }
    }
  });
});
