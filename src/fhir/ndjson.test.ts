import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { PatientFacts } from '../eligibility/index.ts';
import { scanKeys } from './key-scanner.ts';
import { readPatients, readPatientsWith } from './read-patients.ts';
import { collect, removeTempDirs, tempDir, withoutSources, writeNdjson } from './test-support.ts';

afterAll(removeTempDirs);

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

const MEDICATION = {
  resourceType: 'Medication',
  id: 'm1',
  code: { coding: [{ system: 'rx', code: '1', display: 'Lenvatinib 4 MG Oral Capsule' }] },
};

/** Eight resources of one patient, of every kind intake reads. */
function patientResources(id: string): object[] {
  const subject = { reference: `Patient/${id}` };
  return [
    { resourceType: 'Patient', id, birthDate: '1961-02-03', gender: 'male' },
    {
      resourceType: 'Observation',
      id: `${id}-plt`,
      status: 'final',
      subject,
      effectiveDateTime: '2026-02-01',
      code: { coding: [{ system: LOINC, code: '777-3' }] },
      valueQuantity: { value: 150, system: UCUM, code: '10*3/uL' },
    },
    {
      resourceType: 'Observation',
      id: `${id}-bp`,
      status: 'final',
      subject,
      effectiveDateTime: '2026-02-01',
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: 120 } },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: 80 } },
      ],
    },
    {
      resourceType: 'Condition',
      id: `${id}-hcc`,
      subject,
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C22.0' }] },
      onsetDateTime: '2024-01-01',
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
    {
      resourceType: 'Immunization',
      id: `${id}-im`,
      status: 'completed',
      patient: subject,
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140' }] },
      occurrenceDateTime: '2025-10-01',
    },
    {
      resourceType: 'QuestionnaireResponse',
      id: `${id}-qr`,
      status: 'completed',
      subject,
      authored: '2026-02-02',
      item: [{ linkId: 'I01', answer: [{ valueBoolean: true }] }],
    },
    { resourceType: 'Encounter', id: `${id}-enc`, subject },
  ];
}

const IDS = ['p1', 'p2', 'p3'];
const GROUPED = [MEDICATION, ...IDS.flatMap(patientResources)].map((r) => JSON.stringify(r));

function byPatient(patients: PatientFacts[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const facts of patients) {
    expect(out[facts.patientId], `${facts.patientId} handed out twice`).toBeUndefined();
    out[facts.patientId] = withoutSources(facts);
  }
  return out;
}

describe('NDJSON reading', () => {
  it('reports malformed JSON with its line number and reads the other lines', async () => {
    const dir = await tempDir();
    const [patient, plt, bp] = patientResources('p1').map((r) => JSON.stringify(r));
    const path = await writeNdjson(dir, 'a.ndjson', [
      patient,
      '{"resourceType":"Observation","id":',
      '',
      '   ',
      plt,
      '[1,2]',
      bp,
    ]);
    const { patients, errors } = await collect(readPatients([path]));
    expect(errors).toEqual([
      {
        source: `${path}:2`,
        message: 'invalid JSON (Unexpected end of JSON input, column 36); line skipped',
      },
      { source: `${path}:6`, message: 'not a FHIR resource (not a JSON object); skipped' },
    ]);
    expect(patients.map((p) => p.observations.length)).toEqual([3]);
  });

  it('reads an empty file, and .jsonl files found in directories', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'empty.ndjson'), '');
    await writeNdjson(dir, 'p.jsonl', patientResources('p9').slice(0, 2));
    await writeFile(join(dir, 'README.md'), 'not data');
    const { patients, errors } = await collect(readPatients([dir]));
    expect(errors).toEqual([]);
    expect(patients.map((p) => p.patientId)).toEqual(['p9']);
  });

  it('gives identical facts per patient for grouped and ungrouped (one file per type) NDJSON', async () => {
    const grouped = await tempDir();
    await writeNdjson(grouped, 'all.ndjson', GROUPED);
    const byType = await tempDir();
    const types = new Map<string, string[]>();
    for (const line of GROUPED) {
      const type = JSON.parse(line).resourceType as string;
      types.set(type, [...(types.get(type) ?? []), line]);
    }
    for (const [type, lines] of types) await writeNdjson(byType, `${type}.ndjson`, lines);

    const a = await collect(readPatients([grouped]));
    const b = await collect(readPatients([byType]));
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    expect(a.patients.map((p) => p.patientId)).toEqual(IDS);
    expect(byPatient(b.patients)).toEqual(byPatient(a.patients));
    const p1 = a.patients[0];
    expect([
      p1?.observations.length,
      p1?.conditions.length,
      p1?.medications[0]?.names,
      p1?.immunizations.length,
      p1?.answers.length,
    ]).toEqual([3, 1, ['lenvatinib 4 mg oral capsule'], 1, 1]);
  });

  it('any order of the lines (grouped or not) yields the same facts per patient', async () => {
    const dir = await tempDir();
    const expected = byPatient(
      (await collect(readPatients([await writeNdjson(dir, 'grouped.ndjson', GROUPED)]))).patients,
    );
    let run = 0;
    const check = async (lines: string[]) => {
      const path = await writeNdjson(dir, `order-${run++}.ndjson`, lines);
      const { patients, errors } = await collect(readPatients([path]));
      expect(errors).toEqual([]);
      expect(byPatient(patients)).toEqual(expected);
    };
    // Any permutation (mostly ungrouped: the buffered path).
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(GROUPED, { minLength: GROUPED.length, maxLength: GROUPED.length }),
        check,
      ),
      { numRuns: 30 },
    );
    // Grouped in any patient order, lines in any order within a patient (the streaming path).
    const perPatient = IDS.map((id) => patientResources(id).map((r) => JSON.stringify(r)));
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(perPatient, { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (patients, seeds, medicationAt) => {
          const lines = patients.flatMap((lines, i) => [...lines].sort(() => ((seeds[i] ?? 0) % 3) - 1));
          lines.splice(medicationAt * 8, 0, JSON.stringify(MEDICATION));
          return check(lines);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('gives a patient whose lines come back after other patients all of its resources, once', async () => {
    const dir = await tempDir();
    const [p1, ...rest1] = patientResources('p1');
    const [p2, ...rest2] = patientResources('p2');
    const path = await writeNdjson(dir, 'mixed.ndjson', [
      MEDICATION,
      p1,
      rest1[0],
      p2,
      ...rest2,
      ...rest1.slice(1),
    ]);
    const { patients, errors } = await collect(readPatients([path]));
    expect(errors).toEqual([]);
    expect(patients.map((p) => [p.patientId, p.observations.length, p.medications.length])).toEqual([
      ['p1', 3, 1],
      ['p2', 3, 1],
    ]);
  });
});

describe('streaming', () => {
  /** Grouped NDJSON large enough for several read chunks. */
  async function bigInput(grouped: boolean): Promise<string> {
    const dir = await tempDir();
    const lines: string[] = [];
    const padding = 'x'.repeat(400);
    for (let i = 0; i < 3000; i++) {
      lines.push(JSON.stringify({ resourceType: 'Patient', id: `p${i}` }));
      for (let j = 0; j < 3; j++) {
        lines.push(
          JSON.stringify({
            resourceType: 'Observation',
            id: `o${i}-${j}`,
            status: 'final',
            subject: { reference: `Patient/p${i}` },
            note: [{ text: padding }],
          }),
        );
      }
    }
    if (!grouped)
      lines.push(
        JSON.stringify({
          resourceType: 'Observation',
          id: 'late',
          status: 'final',
          subject: { reference: 'Patient/p0' },
        }),
      );
    return writeNdjson(dir, 'big.ndjson', lines);
  }

  async function bytesReadAtFirstPatient(
    path: string,
  ): Promise<{ atFirst: number; total: number | undefined; patients: number }> {
    let bytes = 0;
    let total: number | undefined;
    let atFirst = -1;
    let patients = 0;
    const onProgress = (read: number, all: number | undefined) => {
      bytes = read;
      total = all;
    };
    for await (const item of readPatients([path], { onProgress })) {
      if (item.kind !== 'patient') continue;
      if (atFirst < 0) atFirst = bytes;
      patients++;
    }
    expect(bytes).toBe(total);
    return { atFirst, total, patients };
  }

  it('hands out patients of grouped input while it is still being read', async () => {
    const { atFirst, total, patients } = await bytesReadAtFirstPatient(await bigInput(true));
    expect(patients).toBe(3000);
    expect(atFirst).toBeLessThan((total ?? 0) / 2);
  });

  it('holds every patient of ungrouped input until all of it is read', async () => {
    const { atFirst, total, patients } = await bytesReadAtFirstPatient(await bigInput(false));
    expect(patients).toBe(3000);
    expect(atFirst).toBe(total);
  });

  it('finishes correctly in buffered mode when the main pass disagrees with the pre-scan', async () => {
    const dir = await tempDir();
    const lines = [MEDICATION, ...patientResources('p1'), ...patientResources('p2')].map((r) =>
      JSON.stringify(r),
    );
    // p2's first resource placed before its Patient line, between p1's lines and p2's run.
    const p2Observation = lines.splice(10, 1)[0] as string;
    lines.splice(9, 0, p2Observation);
    const path = await writeNdjson(dir, 'x.ndjson', lines);
    const truth = await collect(readPatients([path]));
    expect(truth.errors).toEqual([]);
    // A scanner that cannot see p2's moved line, so the pre-scan believes the input is grouped.
    const moved = Buffer.from(p2Observation);
    const blind: typeof scanKeys = (buf, start, end) =>
      buf.subarray(start, end).equals(moved) ? { resourceType: 'Encounter' } : scanKeys(buf, start, end);
    const { patients, errors } = await collect(readPatientsWith([path], {}, blind));
    expect(errors).toEqual([]);
    expect(byPatient(patients)).toEqual(byPatient(truth.patients));
  });

  it('never hands out a patient silently incomplete: a late line for a patient already handed out is an error', async () => {
    const dir = await tempDir();
    const lines = [...patientResources('p1'), ...patientResources('p2')].map((r) => JSON.stringify(r));
    const p1Condition = lines[3] as string;
    lines.splice(3, 1);
    lines.push(p1Condition);
    const path = await writeNdjson(dir, 'x.ndjson', lines);
    const fooled = Buffer.from(p1Condition);
    const wrong: typeof scanKeys = (buf, start, end) =>
      buf.subarray(start, end).equals(fooled)
        ? { resourceType: 'Condition', subjectReference: 'Patient/p2' }
        : scanKeys(buf, start, end);
    const { errors } = await collect(readPatientsWith([path], {}, wrong));
    expect(errors).toEqual([
      {
        source: `${path}:16`,
        message:
          'Condition/p1-hcc belongs to patient p1, whose facts were already handed out (the input was not grouped by patient as the pre-scan found); skipped',
      },
    ]);
  });
});
