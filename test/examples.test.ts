/**
 * The example patients of examples/patients/ (written by scripts/make-example-patients.ts) screen as
 * the README says: one eligible, four ineligible each for its stated reason, one incomplete.
 */
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/patients/', import.meta.url));

interface PatientResult {
  patientId: string;
  overall: string;
  criteria: Array<{ id: string; status: string; reason: string }>;
}

async function screenExamples(): Promise<PatientResult[]> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(
    ['screen', EXAMPLES, '--as-of', '2026-03-30', '--site', 'mayo-clinic-in-rochester', '--format', 'json'],
    { stdout, stderr: new PassThrough(), today: () => '2026-03-30' },
  );
  expect(code).toBe(0);
  const output = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  expect(output.errors).toEqual([]);
  return output.patients;
}

const failing = (p: PatientResult | undefined, status: string) =>
  (p?.criteria ?? []).filter((c) => c.status === status).map((c) => c.id);

describe('the example patients', async () => {
  const patients = await screenExamples();
  const byId = new Map(patients.map((p) => [p.patientId, p]));

  it('are six, read without errors', () => {
    expect(patients).toHaveLength(6);
  });

  it('include one patient who meets all 56 criteria', () => {
    const p = byId.get('example-eligible');
    expect(p?.overall).toBe('eligible');
    expect(failing(p, 'met')).toHaveLength(56);
  });

  it.each([
    ['example-low-platelets', ['I16'], 'platelet count 68 ×10⁹/L (reported 68000 /uL)'],
    ['example-prior-sorafenib', ['I05', 'E01'], 'sorafenib (RxNorm 495881), 2024-05-20 to 2024-06-03'],
    ['example-child-pugh-b', ['I07', 'I20'], 'Child-Pugh score 8, class B'],
    [
      'example-cabozantinib-cyp3a4',
      ['E18'],
      'cabozantinib planned (questionnaire): strong CYP3A4 inducer or inhibitor within 14 days: itraconazole',
    ],
  ])('%s is ineligible for %j', (id, notMet, reason) => {
    const p = byId.get(id);
    expect(p?.overall).toBe('ineligible');
    expect(failing(p, 'not_met')).toEqual(notMet);
    expect(p?.criteria.find((c) => c.id === notMet[0])?.reason).toContain(reason);
    expect(failing(p, 'unknown')).toEqual([]);
    expect(failing(p, 'needs_review')).toEqual([]);
  });

  it('include one incomplete patient whose labs are too old and who awaits three confirmations', () => {
    const p = byId.get('example-incomplete');
    expect(p?.overall).toBe('incomplete');
    expect(failing(p, 'not_met')).toEqual([]);
    expect(failing(p, 'needs_review')).toEqual(['I01', 'E10', 'E12']);
    expect(failing(p, 'unknown')).toEqual([
      'I06',
      'I07',
      'I14',
      'I15',
      'I16',
      'I17',
      'I18',
      'I19',
      'I20',
      'I21',
      'I22',
      'E25',
    ]);
    expect(p?.criteria.find((c) => c.id === 'I16')?.reason).toBe(
      'no platelet count within 28 days (since 2026-03-02); latest is from 2026-02-18',
    );
  });
});
