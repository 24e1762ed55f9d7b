/** `trialkit derive` on the example study (examples/cdisc), and `trialkit plot` on what it writes. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFile, trialkit } from '../../../test/support/cli.ts';
import { readTable } from '../../csv/index.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/cdisc/', import.meta.url));
const files = ['--tu', 'tu.csv', '--tr', 'tr.csv', '--rs', 'rs.csv', '--adsl', 'adsl.csv'].map((a) =>
  a.endsWith('.csv') ? join(EXAMPLES, a) : a,
);

function records(dir: string, name: string): Record<string, string>[] {
  const table = readTable(readFileSync(join(dir, name), 'utf8'), name);
  return table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i] ?? ''])));
}

async function derive(...extra: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-derive-'));
  const run = await trialkit('derive', ...files, '--out-dir', dir, ...extra);
  return { dir, run };
}

describe('trialkit derive', () => {
  it('computes responses from the measurements, flags the visit RS disagrees with, and writes the four files', async () => {
    const { dir, run } = await derive();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('derived 6 subjects');
    expect(run.stdout).toContain('recorded overall response differs from the measurements at 1 visit');
    const disagree = records(dir, 'timepoints.csv').filter((r) => r.DISAGREE === 'Y');
    expect(disagree.map((r) => [r.USUBJID, r.OVRLRESP, r.RECORDED])).toEqual([
      ['NCT05168163-0006', 'SD', 'PR'],
    ]);
    const adrs = records(dir, 'adrs.csv');
    const bor = (id: string) => adrs.find((r) => r.USUBJID === id && r.PARAMCD === 'CBOR')?.AVALC;
    expect(bor('NCT05168163-0001')).toBe('PR');
    expect(bor('NCT05168163-0006')).toBe('SD');
  });

  it('dates progression by a confirmed new lesion from the scan where it was first seen (RECIST 1.1 §4.3.5)', async () => {
    const { dir } = await derive();
    const pfs = records(dir, 'adtte.csv').find(
      (r) => r.USUBJID === 'NCT05168163-0003' && r.PARAMCD === 'PFS',
    );
    expect(pfs).toMatchObject({ ADT: '2023-05-14', CNSR: '0', EVNTDESC: 'Disease Progression' });
    expect(Number(pfs?.AVAL)).toBe(64); // 2023-05-14 − 2023-03-12 + 1
  });

  it('uses RS as recorded with --response-source recorded', async () => {
    const { dir, run } = await derive('--response-source', 'recorded');
    expect(run.code).toBe(0);
    const cbor = records(dir, 'adrs.csv').find(
      (r) => r.USUBJID === 'NCT05168163-0006' && r.PARAMCD === 'BOR',
    );
    expect(cbor?.AVALC).toBe('PR');
  });

  it('writes ADTR with baseline, change and nadir per visit', async () => {
    const { dir } = await derive();
    const rows = records(dir, 'adtr.csv').filter((r) => r.USUBJID === 'NCT05168163-0001');
    expect(rows[0]).toMatchObject({ AVISIT: 'BASELINE', AVAL: '60', BASE: '60', ABLFL: 'Y' });
    expect(rows[1]).toMatchObject({ AVISIT: 'WEEK 9', AVAL: '40', CHG: '-20', PCHG: '-33.3', NADIR: '60' });
  });

  it('names the subject, visit and lesion of a follow-up measurement of a lesion TU never identified', async () => {
    const tr = `${readFileSync(join(EXAMPLES, 'tr.csv'), 'utf8').trimEnd()}\nNCT05168163,TR,NCT05168163-0001,999,TARGET,T99,LDIAM,Longest Diameter,12,mm,12,12,mm,CT SCAN,INVESTIGATOR,,,2,WEEK 9,2023-04-11\n`;
    const dir = mkdtempSync(join(tmpdir(), 'trialkit-derive-'));
    const args = [...files];
    args[3] = tempFile('tr.csv', tr);
    const run = await trialkit('derive', ...args, '--out-dir', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NCT05168163-0001.*WEEK 9.*T99/);
    expect(records(dir, 'adtte.csv').length).toBeGreaterThan(0);
  });

  it('refuses bad option values', async () => {
    const run = await trialkit('derive', ...files, '--out-dir', tmpdir(), '--sd-min-days', 'six weeks');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--sd-min-days must be a whole number of days: got "six weeks"');
  });
});

describe('trialkit plot', () => {
  it.each([
    ['waterfall', ['--adtr', 'adtr.csv', '--adrs', 'adrs.csv']],
    ['spider', ['--adtr', 'adtr.csv', '--adrs', 'adrs.csv']],
    ['swimmer', ['--adtte', 'adtte.csv', '--adrs', 'adrs.csv']],
  ])('draws a %s plot from the derived files', async (kind, inputs) => {
    const { dir } = await derive();
    const out = join(dir, `${kind}.svg`);
    const run = await trialkit(
      'plot',
      kind,
      ...inputs.map((a) => (a.endsWith('.csv') ? join(dir, a) : a)),
      '--out',
      out,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('NCT05168163-000');
  });

  it('says which input a plot needs', async () => {
    const run = await trialkit('plot', 'swimmer', '--adrs', 'x.csv', '--out', join(tmpdir(), 'x.svg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('this plot needs --adtte');
  });
});
