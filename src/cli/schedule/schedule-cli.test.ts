/** `trialkit schedule`: the contract of issue 15 (section 6) — flags, formats, exit codes. */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { tempFile, trialkit } from '../../../test/support/cli.ts';

const HISTORY = {
  randomized: '2026-01-05',
  arm: 'A',
  cycles: [
    { cycle: 1, start: '2026-01-07' },
    { cycle: 2, start: '2026-01-30' },
  ],
  assessments: [{ date: '2026-03-09', response: 'SD' }],
  followUps: [],
  missed: [],
  endOfTreatment: null,
  death: null,
};
const events = (history: unknown) => tempFile('events.json', JSON.stringify(history));

describe('trialkit schedule', () => {
  it('prints the calendar as JSON with exactly the contract fields, dates as YYYY-MM-DD', async () => {
    const run = await trialkit('schedule', '--events', events(HISTORY), '--as-of', '2026-03-01');
    expect(run.code).toBe(0);
    const { visits } = JSON.parse(run.stdout);
    expect(visits.slice(0, 4)).toEqual([
      {
        id: 'C1D1',
        kind: 'treatment',
        planned: '2026-01-05',
        window_start: '2026-01-05',
        window_end: '2026-01-12',
        status: 'done',
        actual: '2026-01-07',
      },
      {
        id: 'C2D1',
        kind: 'treatment',
        planned: '2026-01-28',
        window_start: '2026-01-25',
        window_end: '2026-01-31',
        status: 'done',
        actual: '2026-01-30',
      },
      {
        id: 'C3D1',
        kind: 'treatment',
        planned: '2026-02-20',
        window_start: '2026-02-17',
        window_end: '2026-02-23',
        status: 'overdue',
      },
      {
        id: 'TA1',
        kind: 'tumor-assessment',
        planned: '2026-03-09',
        window_start: '2026-03-02',
        window_end: '2026-03-16',
        status: 'done',
        actual: '2026-03-09',
      },
    ]);
    expect(visits.map((v: { id: string }) => v.id)).toEqual(['C1D1', 'C2D1', 'C3D1', 'TA1', 'C4D1']);
  });

  it('takes the optional fields as absent when left out', async () => {
    const run = await trialkit(
      'schedule',
      '--events',
      events({ randomized: '2026-01-05', arm: 'B' }),
      '--as-of',
      '2026-01-05',
    );
    expect(run.code).toBe(0);
    expect(
      JSON.parse(run.stdout).visits.map((v: { id: string; status: string }) => `${v.id} ${v.status}`),
    ).toEqual(['C1D1 due', 'C2D1 planned', 'TA1 planned']);
  });

  it('prints a table, marking an entry out of its window', async () => {
    const history = { ...HISTORY, cycles: [{ cycle: 1, start: '2026-01-14' }] };
    const run = await trialkit(
      'schedule',
      '--events',
      events(history),
      '--as-of',
      '2026-02-01',
      '--format',
      'text',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /C1D1 +treatment +2026-01-05 +2026-01-05\.\.2026-01-12 +done +2026-01-14 \(out of window\)/,
    );
    expect(run.stdout).toContain('Calendar as of 2026-02-01: 0 overdue, 1 due, 0 missed');
  });

  it('writes iCalendar that a calendar library reads back: one all-day event per visit, no patient names', async () => {
    const run = await trialkit(
      'schedule',
      '--events',
      events(HISTORY),
      '--as-of',
      '2026-03-01',
      '--format',
      'ics',
    );
    expect(run.code).toBe(0);
    const calendar = new ICAL.Component(ICAL.parse(run.stdout));
    const vevents = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(vevents).toHaveLength(5);
    const c3 = vevents.find((e) => e.summary.startsWith('C3D1'));
    expect(c3?.startDate.toString()).toBe('2026-02-20');
    expect(c3?.startDate.isDate).toBe(true);
    expect(c3?.description).toContain('window 2026-02-17 to 2026-02-23');
    expect(new Set(vevents.map((e) => e.uid)).size).toBe(5);
  });

  it('exits 2 naming each bad field and what was expected', async () => {
    const run = await trialkit(
      'schedule',
      '--events',
      events({ ...HISTORY, randomized: '2026-02-30', cycles: [{ cycle: 0, start: '2026-01-07' }], extra: 1 }),
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/randomized: expected .*got "2026-02-30"/);
    expect(run.stderr).toMatch(/cycles\[0\]\.cycle: expected a number ≥ 1/);
    expect(run.stderr).toMatch(/extra: expected no field of this name here/);
  });

  it('exits 2 on an impossible history, on an arm the protocol does not have, and on a file that is not JSON', async () => {
    const late = await trialkit(
      'schedule',
      '--events',
      events({ ...HISTORY, endOfTreatment: { date: '2026-01-20', reason: 'toxicity' } }),
      '--as-of',
      '2026-03-01',
    );
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(
      /cycles\[1\]\.start: expected a date on or before the end of treatment \(2026-01-20\)/,
    );
    expect(late.stderr).toMatch(/endOfTreatment\.date: expected a date on or after the last cycle's start/);
    const arm = await trialkit(
      'schedule',
      '--events',
      events({ ...HISTORY, arm: 'C' }),
      '--as-of',
      '2026-03-01',
    );
    expect(arm.code).toBe(2);
    expect(arm.stderr).toContain('arm: expected one of "A", "B"');
    const notJson = await trialkit(
      'schedule',
      '--events',
      tempFile('bad.json', '{ "randomized": '),
      '--as-of',
      '2026-03-01',
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/--events .*bad\.json: expected a JSON object/);
    const asOf = await trialkit('schedule', '--events', events(HISTORY), '--as-of', '2026-13-01');
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of: expected a date YYYY-MM-DD');
  });
});
