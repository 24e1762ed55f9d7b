import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFile, trialkit } from '../../test/support/cli.ts';
import { loadProtocol } from '../protocol/index.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SYNTHEA_NDJSON = join(REPO, '../shared/fixtures/synthea/ndjson');
const criterionIds = loadProtocol().criteria.map((c) => c.id);

const patient = (id: string) =>
  JSON.stringify({ resourceType: 'Patient', id, birthDate: '1960-01-01', gender: 'female' });
const platelets = (id: string, value: number) =>
  JSON.stringify({
    resourceType: 'Observation',
    id: `plt-${id}`,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] },
    subject: { reference: `Patient/${id}` },
    effectiveDateTime: '2026-03-20',
    valueQuantity: { value, unit: '10*3/uL', system: 'http://unitsofmeasure.org', code: '10*3/uL' },
  });

describe('trialkit screen', () => {
  it('writes the json contract for every patient of the Synthea sample, every criterion listed', async () => {
    const run = await trialkit('screen', SYNTHEA_NDJSON, '--as-of', '2021-04-01', '--format', 'json');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['protocol', 'asOf', 'patients', 'errors']);
    expect(output.protocol).toBe('NCT05168163');
    expect(output.asOf).toBe('2021-04-01');
    expect(output.errors).toEqual([]);
    expect(output.patients).toHaveLength(100);
    for (const p of output.patients) {
      expect(Object.keys(p).slice(0, 3)).toEqual(['patientId', 'overall', 'criteria']);
      expect(['eligible', 'ineligible', 'incomplete']).toContain(p.overall);
      expect(p.criteria.map((c: { id: string }) => c.id)).toEqual(criterionIds);
      for (const c of p.criteria) {
        expect(Object.keys(c)).toEqual(['id', 'type', 'status', 'reason', 'evidence']);
        expect(c.reason).not.toBe('');
      }
    }
  });

  it('reports unreadable lines with file and line, screens the rest and exits 1', async () => {
    const file = tempFile(
      'batch.ndjson',
      [
        patient('p1'),
        platelets('p1', 80),
        '{"resourceType": "Observation", oops',
        patient('p2'),
        platelets('p2', 60),
      ].join('\n'),
    );
    const run = await trialkit('screen', file, '--as-of', '2026-03-30', '--format', 'json');
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    expect(output.patients.map((p: { patientId: string }) => p.patientId).sort()).toEqual(['p1', 'p2']);
    expect(output.errors).toHaveLength(1);
    expect(output.errors[0].source).toBe(`${file}:3`);
    const i16 = (id: string) =>
      output.patients
        .find((p: { patientId: string }) => p.patientId === id)
        .criteria.find((c: { id: string }) => c.id === 'I16');
    expect(i16('p1').status).toBe('met');
    expect(i16('p2')).toMatchObject({ status: 'not_met', evidence: ['Observation/plt-p2'] });
    expect(i16('p2').reason).toContain(
      'platelet count 60 ×10⁹/L (reported 60 10*3/uL) on 2026-03-20 < 75 ×10⁹/L',
    );
  });

  it('reports a missing input path as unreadable input', async () => {
    const run = await trialkit('screen', join(tmpdir(), 'no-such-file.ndjson'), '--format', 'json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors[0].source).toContain('no-such-file.ndjson');
  });

  it('writes ndjson one patient per line, csv one row per criterion, and a readable table', async () => {
    const file = tempFile(
      'two.ndjson',
      [patient('p1'), platelets('p1', 80), patient('p2'), platelets('p2', 60)].join('\n'),
    );
    const ndjson = await trialkit('screen', file, '--format', 'ndjson');
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.patientId)).toEqual(['p1', 'p2']);

    const csv = await trialkit('screen', file, '--format', 'csv');
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('patientId,overall,criterionId,type,status,reason,evidence');
    expect(rows).toHaveLength(1 + 2 * criterionIds.length);
    expect(rows.find((r) => r.startsWith('p2,ineligible,I16,'))).toContain('not_met,platelet count 60');

    const table = await trialkit('screen', file);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('p2  INELIGIBLE');
    expect(table.stdout).toContain('✗ I16 inclusion platelet count 60 ×10⁹/L');
    expect(table.stdout).toMatch(/2 patients: 0 eligible, 1 ineligible, 1 incomplete; 0 input errors/);
  });

  it('writes to --out instead of stdout', async () => {
    const file = tempFile('one.ndjson', `${patient('p1')}\n`);
    const out = join(mkdtempSync(join(tmpdir(), 'trialkit-out-')), 'result.json');
    const run = await trialkit('screen', file, '--format', 'json', '--out', out);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).patients).toHaveLength(1);
  });

  it.each([
    [['screen', 'x', '--as-of', '2026-02-30'], /--as-of "2026-02-30"/],
    [['screen', 'x', '--as-of', '30/03/2026'], /expected a calendar date YYYY-MM-DD/],
    [['screen', 'x', '--site', 'mayo'], /--site "mayo": not a site of NCT05168163/],
    [['screen', 'x', '--format', 'xml'], /Allowed choices are table, json, ndjson, csv/],
    [['screen', 'x', '--mki', 'sorafenib'], /Allowed choices are cabozantinib, lenvatinib/],
    [['screen', 'x', '--site-accrual', 'C=3'], /--site-accrual "C=3"/],
    [['screen'], /missing required argument/],
    [['screen', 'x', '--bogus'], /unknown option/],
    [['screen', 'x', '--out', '/no/such/dir/out.json'], /--out "\/no\/such\/dir\/out.json"/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const run = await trialkit(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('trialkit protocol show', () => {
  it('prints the protocol as JSON and as text', async () => {
    const json = await trialkit('protocol', 'show', '--format', 'json');
    const protocol = JSON.parse(json.stdout);
    expect(protocol.id).toBe('NCT05168163');
    expect(protocol.criteria.map((c: { id: string }) => c.id)).toEqual(criterionIds);
    expect(protocol.sites).toHaveLength(16);
    const text = await trialkit('protocol', 'show');
    expect(text.stdout).toContain('I16  Platelets ≥ 75 × 10⁹/L, ≤ 28 days');
    expect(text.stdout).toContain('mayo-clinic-in-rochester');
  });
});

describe('the installed command', () => {
  it('runs bin/trialkit.js, reads NDJSON from stdin and exits with the contract codes', () => {
    const input = [patient('p1'), platelets('p1', 80)].join('\n');
    const ok = spawnSync(
      process.execPath,
      [join(REPO, 'bin/trialkit.js'), 'screen', '-', '--format', 'ndjson', '--as-of', '2026-03-30'],
      {
        input,
        encoding: 'utf8',
      },
    );
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).patientId).toBe('p1');
    const usage = spawnSync(
      process.execPath,
      [join(REPO, 'bin/trialkit.js'), 'screen', '-', '--as-of', 'tomorrow'],
      { input, encoding: 'utf8' },
    );
    expect(usage.status).toBe(2);
  });
});

describe('trialkit example', () => {
  it('dates an example patient for another day, where it screens as it did on 2026-03-30', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trialkit-example-')), 'eligible.json');
    const written = await trialkit('example', 'eligible', '--as-of', '2026-11-24', '--out', out);
    expect(written.code).toBe(0);
    const screened = await trialkit(
      'screen',
      out,
      '--as-of',
      '2026-11-24',
      '--site',
      'mayo-clinic-in-rochester',
      '--format',
      'json',
    );
    expect(JSON.parse(screened.stdout).patients[0].overall).toBe('eligible');
    const original = await trialkit(
      'screen',
      'examples/patients/eligible.json',
      '--as-of',
      '2026-11-24',
      '--format',
      'json',
    );
    expect(JSON.parse(original.stdout).patients[0].overall).not.toBe('eligible');
  });

  it('names the examples when the name is wrong (exit 2)', async () => {
    const run = await trialkit('example', 'nobody');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected one of eligible,');
  });
});
