/** The real Synthea sample (../shared/fixtures/synthea, README there): read without errors. */
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPatients } from './read-patients.ts';
import { collect } from './test-support.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const synthea = resolve(repoRoot, '../shared/fixtures/synthea');

describe('Synthea R4 sample', () => {
  it('reads the NDJSON directory: 100 patients, no errors', async () => {
    const { patients, errors } = await collect(readPatients([join(synthea, 'ndjson')]));
    expect(errors).toEqual([]);
    expect(patients).toHaveLength(100);
    expect(new Set(patients.map((p) => p.patientId)).size).toBe(100);
    const total = (
      key: 'observations' | 'conditions' | 'medications' | 'procedures' | 'immunizations' | 'allergies',
    ) => patients.reduce((sum, p) => sum + p[key].length, 0);
    expect(total('observations')).toBeGreaterThan(12_000);
    expect(total('conditions')).toBe(658);
    expect(total('medications')).toBe(663);
    expect(total('procedures')).toBe(2103);
    expect(total('immunizations')).toBe(1218);
    expect(total('allergies')).toBe(61);
    expect(patients.every((p) => p.birthDate !== undefined && p.sex !== undefined)).toBe(true);
    expect(patients.flatMap((p) => p.warnings)).toEqual([]);
    // Blood pressure arrives as panels; their components become systolic/diastolic facts.
    const systolic = patients
      .flatMap((p) => p.observations)
      .filter((o) => o.codes.some((c) => c.code === '8480-6'));
    expect(systolic.length).toBeGreaterThan(0);
    expect(systolic[0]?.panelCodes?.[0]?.code).toBe('55284-4');
  });

  it('reads each bundle as one patient with no errors, ignoring Claims, Encounters and the like', async () => {
    const dir = join(synthea, 'bundles');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toHaveLength(2);
    for (const file of files) {
      const { patients, errors } = await collect(readPatients([join(dir, file)]));
      expect(errors).toEqual([]);
      expect(patients).toHaveLength(1);
      expect(patients[0]?.observations.length).toBeGreaterThan(40);
      expect(patients[0]?.conditions.length).toBeGreaterThan(0);
      expect(patients[0]?.warnings).toEqual([]);
    }
  });
});
