/**
 * The protocol is the one source of the trial's parameters (issue 13, item 2): a value changed in a
 * copy of protocols/nct05168163/ reaches `trialkit derive` and POST /api/analysis alike (the endpoint
 * parameters), and GET /api/protocol, the API's answer validation and the screener (the questionnaire).
 * A flag or a request field still overrides an endpoint parameter for one run.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROCHESTER, startApi, type TestApi } from '../../test/support/api.ts';
import { trialkitWithProtocol } from '../../test/support/cli.ts';
import { backends } from '../../test/support/database.ts';
import { DEFAULT_PROTOCOL_DIR, loadProtocol, type Protocol } from '../protocol/index.ts';

const EXAMPLES = new URL('../../examples/cdisc/', import.meta.url);
const example = (name: string) => readFileSync(new URL(`${name}.csv`, EXAMPLES), 'utf8');
const EXAMPLE = { tu: example('tu'), tr: example('tr'), rs: example('rs'), adsl: example('adsl') };

/** The trial's protocol with `from` replaced by `to` in one of its files, loaded from a temporary copy. */
function changedProtocol(file: string, from: string, to: string): Protocol {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-protocol-'));
  cpSync(DEFAULT_PROTOCOL_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`${file}: "${from}" must occur exactly once`);
  writeFileSync(path, text.replace(from, to));
  return loadProtocol(dir);
}

/** `trialkit derive` on examples/cdisc under `protocol`: its summary and the ADTTE it writes. */
async function deriveWith(protocol: Protocol, ...flags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-derive-'));
  const path = (name: string) => new URL(`${name}.csv`, EXAMPLES).pathname;
  const run = await trialkitWithProtocol(
    protocol,
    'derive',
    ...['--tu', path('tu'), '--tr', path('tr'), '--rs', path('rs'), '--adsl', path('adsl')],
    ...['--out-dir', dir, ...flags],
  );
  expect(run.code, run.stderr).toBe(0);
  return { stdout: run.stdout, adtte: readFileSync(join(dir, 'adtte.csv'), 'utf8') };
}

/** The PFS record of one subject in an ADTTE CSV text: its date, CNSR and event description. */
function pfsOf(adtte: string, usubjid: string): string[] {
  const row = adtte.split('\n').find((line) => line.startsWith(`${usubjid},`) && line.includes(',PFS,'));
  const cells = row?.split(',') ?? [];
  return [cells[5], cells[7], cells[8]].map(String);
}

describe.each(backends())('the protocol as the one source of trial parameters on $name', (backend) => {
  describe('PFS censoring changed to admiralonco’s template in protocol.yaml', () => {
    const protocol = changedProtocol('protocol.yaml', 'value: fda-2018', 'value: simple');
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend, undefined, protocol);
    }, 60_000);
    afterAll(() => api?.close());

    it('is what `trialkit derive` and POST /api/analysis both apply, unless a run says otherwise', async () => {
      // The trial's protocol (FDA 2018): subject 0002 is censored at the last adequate assessment.
      const trial = await deriveWith(loadProtocol());
      expect(pfsOf(trial.adtte, 'NCT05168163-0002')).toEqual([
        '2023-09-01',
        '1',
        'Last Adequate Tumor Assessment',
      ]);

      const cli = await deriveWith(protocol);
      expect(cli.stdout).toContain('PFS rules simple');
      expect(pfsOf(cli.adtte, 'NCT05168163-0002')).toEqual(['2023-09-01', '1', 'Last Tumor Assessment']);

      const statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
      const response = await statistician.post('/api/analysis', EXAMPLE);
      expect(response.status).toBe(200);
      expect(response.body.summary.options).toMatchObject({
        pfsRules: 'simple',
        sdMinDays: 42,
        confirmMinDays: 28,
        assessmentIntervalDays: 63,
      });
      const adtte = response.body.datasets.find((d: { name: string }) => d.name === 'adtte').csv;
      expect(adtte).toBe(cli.adtte);

      // A flag or a request field overrides the protocol for that run only.
      const flagged = await deriveWith(protocol, '--pfs-rules', 'fda-2018');
      expect(flagged.adtte).toBe(trial.adtte);
      const asked = await statistician.post('/api/analysis', {
        ...EXAMPLE,
        options: { pfsRules: 'fda-2018' },
      });
      expect(asked.body.summary.options.pfsRules).toBe('fda-2018');
      expect(asked.body.datasets.find((d: { name: string }) => d.name === 'adtte').csv).toBe(trial.adtte);
    }, 60_000);
  });

  describe('tumor assessment every 4 weeks instead of 9 in protocol.yaml', () => {
    const protocol = changedProtocol(
      'protocol.yaml',
      'tumorAssessment:\n    everyWeeks: 9',
      'tumorAssessment:\n    everyWeeks: 4',
    );
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend, undefined, protocol);
    }, 60_000);
    afterAll(() => api?.close());

    it('makes the FDA rules count missed assessments every 28 days in the CLI and the server', async () => {
      // 0004's assessments 2023-06-06 and 2023-08-02 are 57 days apart: > 2 × 28, not > 2 × 63.
      const cli = await deriveWith(protocol);
      expect(pfsOf(cli.adtte, 'NCT05168163-0004')).toEqual([
        '2023-06-06',
        '1',
        'Last Adequate Tumor Assessment before 2 or More Missed Assessments',
      ]);
      const statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
      const response = await statistician.post('/api/analysis', EXAMPLE);
      expect(response.body.summary.options.assessmentIntervalDays).toBe(28);
      expect(response.body.datasets.find((d: { name: string }) => d.name === 'adtte').csv).toBe(cli.adtte);
    }, 60_000);
  });

  describe('an answer code and a label changed in questionnaire.yaml', () => {
    // The code is renamed (its Child-Pugh grade kept) and a label reworded.
    const protocol = changedProtocol(
      'questionnaire.yaml',
      '{ code: moderate-severe, label: Moderate to severe, childPugh: moderate-severe }',
      '{ code: moderate, label: Moderate or tense, childPugh: moderate-severe }',
    );
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend, undefined, protocol);
    }, 60_000);
    afterAll(() => api?.close());

    it('reaches GET /api/protocol, the answers the API accepts and the screener', async () => {
      const served = await api.anonymous.get('/api/protocol');
      expect(served.status).toBe(200);
      const ascites = served.body.questionnaire.items.find((i: { linkId: string }) => i.linkId === 'ascites');
      expect(ascites).toMatchObject({ kind: 'code', decides: ['I07'], label: 'Ascites (Child-Pugh)' });
      expect(ascites.answers.map((a: { code: string; label: string }) => [a.code, a.label])).toEqual([
        ['none', 'None'],
        ['mild', 'Mild'],
        ['moderate', 'Moderate or tense'],
      ]);

      const coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
      const subject = await coordinator.post('/api/subjects', {
        siteId: ROCHESTER,
        initials: 'QA',
        birthDate: '1960-01-01',
        sex: 'female',
      });
      expect(subject.status).toBe(201);
      const answer = (value: string) =>
        coordinator.post(`/api/subjects/${subject.body.id}/attestations`, {
          answers: [{ linkId: 'ascites', value }],
        });
      const old = await answer('moderate-severe');
      expect(old.status).toBe(400);
      expect(old.body.error.message).toContain('expected one of none, mild, moderate');
      const renamed = await answer('moderate');
      expect(renamed.status).toBe(200);
      // The screener reads the new code through its Child-Pugh grade: 3 points, so class A is impossible.
      const i07 = renamed.body.episode.result.criteria.find((c: { id: string }) => c.id === 'I07');
      expect(i07).toMatchObject({ status: 'not_met' });
      expect(i07.reason).toContain('ascites moderate');
    }, 60_000);
  });
});
