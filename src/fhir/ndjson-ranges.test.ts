import { closeSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs, type InputFile } from './inputs.ts';
import { forEachLineInRange, LineSplitter } from './line-splitter.ts';
import { planNdjson, type RangeScan, scanNdjsonRange, splitNdjsonRanges } from './ndjson-ranges.ts';
import { NdjsonSegmentReader } from './ndjson-segments.ts';
import { isIgnorableLine } from './prescan.ts';
import { readPatients } from './read-patients.ts';
import { isIgnoredType, patientKeyOf } from './references.ts';
import { removeTempDirs, tempDir, writeNdjson } from './test-support.ts';
import type { IntakeItem } from './types.ts';

afterAll(removeTempDirs);

const LOINC = 'http://loinc.org';
const MEDICATION = {
  resourceType: 'Medication',
  id: 'm1',
  code: { coding: [{ system: 'rx', code: '1', display: 'Lenvatinib 4 MG Oral Capsule' }] },
};

/** A patient's lines: resources intake reads, ignored ones, a medication use by reference. */
function patientLines(id: string, pad = 0): string[] {
  const subject = { reference: `Patient/${id}` };
  return [
    { resourceType: 'Patient', id, birthDate: '1961-02-03', gender: 'male' },
    { resourceType: 'Encounter', id: `${id}-enc`, subject, text: { div: 'x'.repeat(pad) } },
    {
      resourceType: 'Observation',
      id: `${id}-plt`,
      status: 'final',
      subject,
      effectiveDateTime: '2026-02-01',
      code: { coding: [{ system: LOINC, code: '777-3' }] },
      valueQuantity: { value: 150, system: 'http://unitsofmeasure.org', code: '10*3/uL' },
      note: [{ text: 'y'.repeat(pad) }],
    },
    {
      resourceType: 'MedicationRequest',
      id: `${id}-mr`,
      status: 'active',
      intent: 'order',
      subject,
      medicationReference: { reference: 'Medication/m1' },
      authoredOn: '2026-01-01',
    },
    { resourceType: 'Claim', id: `${id}-claim`, patient: subject },
  ].map((r) => JSON.stringify(r));
}

/** Everything readPatients yields, as text, in order. */
async function sequential(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const item of readPatients(inputs)) out.push(describeItem(item));
  return out;
}

function describeItem(item: IntakeItem): string {
  return JSON.stringify(item.kind === 'patient' ? item.facts : item.error);
}

/** The parallel path on one thread: ranges cut at `cuts` (file offsets across the inputs), scanned, planned, read. */
async function inSegments(inputs: string[], count: number): Promise<string[] | string> {
  const { files } = await expandInputs(inputs);
  const ranges = splitNdjsonRanges(files, count, 1);
  const scans: RangeScan[] = ranges.map((range) => scanNdjsonRange(range));
  const plan = planNdjson(files, ranges, scans);
  if (!plan.grouped) return plan.reason;
  const reader = new NdjsonSegmentReader(files, plan.medications);
  const out: string[] = [];
  try {
    for (const segment of plan.segments) {
      const { facts, errors } = reader.read(segment);
      for (const error of errors) out.push(describeItem({ kind: 'error', error }));
      if (facts !== undefined) out.push(describeItem({ kind: 'patient', facts }));
    }
  } finally {
    reader.close();
  }
  return out;
}

describe('forEachLineInRange', () => {
  function bySplitter(bytes: Buffer): Array<[string, number]> {
    const lines: Array<[string, number]> = [];
    const splitter = new LineSplitter();
    const onLine = (buf: Buffer, start: number, end: number, _no: number, offset: number) =>
      lines.push([buf.toString('utf8', start, end), offset]);
    splitter.push(bytes, onLine);
    splitter.end(onLine);
    return lines;
  }

  async function checkTiling(text: Buffer, runs: number): Promise<void> {
    const dir = await tempDir();
    const path = join(dir, 'lines.ndjson');
    await writeFile(path, text);
    const expected = bySplitter(text);
    const fd = openSync(path, 'r');
    try {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }),
          (cuts) => {
            const points = [0, ...cuts.sort((a, b) => a - b), text.length];
            const lines: Array<[string, number]> = [];
            for (let i = 0; i + 1 < points.length; i++) {
              forEachLineInRange(
                fd,
                points[i] as number,
                points[i + 1] as number,
                (buf, start, end, _i, offset) => lines.push([buf.toString('utf8', start, end), offset]),
              );
            }
            expect(lines).toEqual(expected);
          },
        ),
        { numRuns: runs },
      );
    } finally {
      closeSync(fd);
    }
  }

  it('gives every line to exactly one of the ranges that tile a file, wherever the cuts fall', async () => {
    await checkTiling(
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('{"a":1}\r\n\n{"b":"é"}\n  \n{"c":3}\r\n{"d":"a longer line than the others"}\n{"e":5}'),
      ]),
      300,
    );
  });

  it('reads lines longer than its buffer', async () => {
    const long = `{"x":"${'z'.repeat(1_500_000)}"}`;
    await checkTiling(Buffer.from(`{"a":1}\n${long}\r\n{"b":2}\n${long}`), 20);
  });
});

describe('isIgnorableLine', () => {
  const check = (text: string) => isIgnorableLine(Buffer.from(text), 0, Buffer.byteLength(text));

  it('passes valid lines of types intake ignores, written the usual way', () => {
    expect(check('{"resourceType":"Encounter","id":"e","subject":{"reference":"Patient/p"}}')).toBe(true);
    expect(check('{"resourceType":"Claim","id":"c","item":[{"x":[1,2.5e3,true,null]}]}  ')).toBe(true);
  });

  it('calls ignored exactly the types patientKeyOf ignores', () => {
    for (const type of [
      'Encounter',
      'Claim',
      'Patient',
      'Medication',
      'Bundle',
      'Observation',
      'Immunization',
      '',
    ])
      expect(isIgnoredType(type), type).toBe(
        patientKeyOf(type, 'x', undefined, undefined).kind === 'ignored',
      );
  });

  it('refuses anything that might be read differently or fail to parse', () => {
    for (const text of [
      '{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p"}}',
      '{"resourceType":"Patient","id":"p"}',
      '{"resourceType":"Medication","id":"m"}',
      '{"resourceType":"Bundle","entry":[]}',
      '{"resourceType":"Encounter","id":"e",}',
      '{"resourceType":"Encounter","id":"e"',
      '{"resourceType":"Encounter","resourceType":"Observation","subject":{"reference":"Patient/p"}}',
      '{"resourceType":"Encounter","resource\\u0054ype":"Condition"}',
      '{ "resourceType":"Encounter"}',
      '{"resourceType":"Enc\\u006funter"}',
      '{"resourceType":""}',
    ])
      expect(check(text), text).toBe(false);
  });
});

describe('pre-scan in ranges, read in segments', () => {
  it('gives exactly what readPatients gives, however the input is cut', async () => {
    const dir = await tempDir();
    const lines = [
      JSON.stringify(MEDICATION),
      ...patientLines('p1', 300),
      '{"resourceType":"Observation","id":"bad",',
      '',
      ...patientLines('p2', 50),
      patientLines('p2')[2] as string, // the same Observation twice: a duplicate within the run
      '{"resourceType":"Encounter","id":"broken" "subject":{}}',
      ...patientLines('p3', 900),
      '{"resourceType":"Observation","id":"no-subject","status":"final"}',
      ...patientLines('p4'),
      '{"resourceType":"Medication","id":"m2"}',
    ];
    const path = await writeNdjson(dir, 'grouped.ndjson', lines);
    const expected = await sequential([path]);
    expect(expected.filter((x) => x.includes('"patientId"'))).toHaveLength(4);
    expect(expected.some((x) => x.includes(`${path}:7`))).toBe(true);
    for (const count of [1, 2, 3, 5, 8, 13, 40]) expect(await inSegments([path], count)).toEqual(expected);
  });

  it('joins a run that continues from one file into the next', async () => {
    const dir = await tempDir();
    const p2 = patientLines('p2', 200);
    await writeNdjson(dir, 'a.ndjson', [...patientLines('p1', 100), ...p2.slice(0, 2)]);
    await writeNdjson(dir, 'b.ndjson', [...p2.slice(2), JSON.stringify(MEDICATION), ...patientLines('p3')]);
    await writeFile(join(dir, 'c.ndjson'), '');
    const expected = await sequential([dir]);
    expect(expected.filter((x) => x.includes('"patientId"'))).toHaveLength(3);
    for (const count of [1, 2, 4, 9]) expect(await inSegments([dir], count)).toEqual(expected);
  });

  it('says "not grouped" where readPatients reads the input buffered, wherever the cuts fall', async () => {
    const dir = await tempDir();
    const [p1, ...rest1] = patientLines('p1', 100);
    const path = await writeNdjson(dir, 'mixed.ndjson', [
      p1 as string,
      rest1[0] as string,
      ...patientLines('p2', 100),
      ...rest1.slice(1),
    ]);
    for (const count of [1, 2, 3, 6]) {
      const result = await inSegments([path], count);
      expect(typeof result === 'string' ? result : 'grouped').toMatch(/returns to patient p1/);
    }
    const bundle = await writeNdjson(dir, 'bundle.ndjson', [
      ...patientLines('p1'),
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }),
    ]);
    expect(await inSegments([bundle], 2)).toMatch(/bundle.ndjson:6 is a Bundle/);
  });

  it('splits files into ranges that cover every byte once, in order', () => {
    const files = [10, 0, 25, 7].map(
      (size, i): InputFile => ({ path: `f${i}`, label: `f${i}`, format: 'ndjson', size }),
    );
    const ranges = splitNdjsonRanges(files, 4, 1);
    const pieces = ranges.flatMap((r) => r.pieces.map((p) => [p.file, p.start, p.end]));
    expect(pieces).toEqual([
      [0, 0, 10],
      [2, 0, 1],
      [2, 1, 12],
      [2, 12, 23],
      [2, 23, 25],
      [3, 0, 7],
    ]);
    expect(ranges.map((r) => r.pieces.reduce((n, p) => n + p.end - p.start, 0))).toEqual([11, 11, 11, 9]);
  });
});
