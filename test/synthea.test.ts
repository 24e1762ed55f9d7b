/**
 * The Synthea sample (../shared/fixtures/synthea: 100 patients as Bulk NDJSON and two transaction
 * bundles, dated up to 2021-03-31) is read without errors and every patient is screened on every
 * criterion as of 2021-04-01 — realistic input nobody here wrote.
 */
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { loadProtocol } from '../src/protocol/index.ts';

const SYNTHEA = fileURLToPath(new URL('../../shared/fixtures/synthea/', import.meta.url));

interface Output {
  patients: Array<{
    patientId: string;
    overall: string;
    criteria: Array<{ id: string; status: string; reason: string }>;
  }>;
  errors: unknown[];
}

async function screen(): Promise<{ code: number; output: Output }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(['screen', SYNTHEA, '--as-of', '2021-04-01', '--format', 'json'], {
    stdout,
    stderr: new PassThrough(),
    today: () => '2021-04-01',
  });
  return { code, output: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
}

describe('the Synthea sample', async () => {
  const { code, output } = await screen();
  const ids = loadProtocol().criteria.map((c) => c.id);

  it('is read without errors: 100 NDJSON patients and the 2 bundle patients', () => {
    expect(code).toBe(0);
    expect(output.errors).toEqual([]);
    expect(output.patients).toHaveLength(102);
    expect(output.patients.map((p) => p.patientId)).toEqual(
      expect.arrayContaining([
        '3afaeb2a-9f18-40b5-8fe7-dfd882de2f2b',
        'd78af07c-9cb9-4f31-9b11-c45a28f2eec8',
      ]),
    );
  });

  it('has every criterion decided for every patient, with a reason', () => {
    for (const p of output.patients) {
      expect(p.criteria.map((c) => c.id)).toEqual(ids);
      for (const c of p.criteria) expect(c.reason.length).toBeGreaterThan(0);
    }
  });

  it('reads Synthea units as UCUM says: 10*3/uL platelets convert, K/uL and IU/L are named and not compared', () => {
    const converted = output.patients
      .flatMap((p) => p.criteria.filter((c) => c.id === 'I16' && c.status === 'met'))
      .map((c) => c.reason);
    expect(converted.some((r) => /platelet count [\d.]+ ×10⁹\/L \(reported [\d.]+ 10\*3\/uL\)/.test(r))).toBe(
      true,
    );
  });

  it('dates everything as recorded: nothing after the export (2021-03-31) counts as after T0', () => {
    const ignored = output.patients.flatMap((p) => p.criteria.filter((c) => c.reason.includes('after T0')));
    expect(ignored).toEqual([]);
  });
});

describe("Jordan's bundle screened just after its 2017-06-24 metabolic panel", () => {
  it('names the non-UCUM units (K/uL is kelvin per microliter, IU/L is not UCUM) instead of comparing them', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const jordan = `${SYNTHEA}bundles/Jordan_Cruickshank_5de38439-d320-46d3-854d-3c098e88de4c.json`;
    await main(['screen', jordan, '--as-of', '2017-06-30', '--format', 'json'], {
      stdout,
      stderr: new PassThrough(),
      today: () => '',
    });
    const [patient] = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Output).patients;
    const reason = (id: string) => patient?.criteria.find((c) => c.id === id);
    expect(reason('I16')).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('unit "K/uL" cannot be converted to 10*9/L'),
    });
    expect(reason('I18')).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('unit "IU/L" cannot be converted to U/L'),
    });
    expect(reason('I17')).toMatchObject({
      status: 'met',
      reason: expect.stringContaining('(reported 16.3056 g/dL) on 2017-06-24 ≥ 90 g/L'),
    });
  });
});
