/**
 * The calendar rules of issue 15 (section 2), each on both sides of its edges. Dates are counted from
 * R = 2026-01-05 with `d(n)` = R + n days.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../clinical/index.ts';
import { InputError, type Visit } from '../contracts/index.ts';
import { buildCalendar, type ScheduleHistory, type ScheduleRules } from './index.ts';

const RULES: ScheduleRules = {
  cycleLengthDays: 21,
  firstCycleWindow: { before: 0, after: 7 },
  cycleWindow: { before: 3, after: 3 },
  assessmentIntervalDays: 63,
  assessmentWindow: { before: 7, after: 7 },
  followUpIntervalDays: 63,
  followUpWindow: { before: 7, after: 7 },
  followUpDurationDays: 730,
};
const R = '2026-01-05';
const d = (n: number) => addDays(R, n);

function history(over: Partial<ScheduleHistory> = {}): ScheduleHistory {
  return {
    randomized: R,
    arm: 'A',
    cycles: [],
    assessments: [],
    followUps: [],
    missed: [],
    endOfTreatment: null,
    death: null,
    ...over,
  };
}
const calendar = (h: ScheduleHistory, asOf: string) => buildCalendar(RULES, h, asOf);
const find = (visits: Visit[], id: string) => visits.find((v) => v.id === id);
const statusOf = (h: ScheduleHistory, id: string, asOf: string) => find(calendar(h, asOf), id)?.status;
/** Cycles 1..n started on the given day numbers. */
const started = (...days: number[]) => days.map((n, i) => ({ cycle: i + 1, start: d(n) }));
const problemsOf = (h: ScheduleHistory, asOf = d(400)) => {
  try {
    calendar(h, asOf);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  return [];
};

describe('treatment cycles', () => {
  it('plans C1D1 on the randomization date with window [R, R+7], status by the as-of date', () => {
    const c1 = find(calendar(history(), R), 'C1D1');
    expect(c1).toEqual({
      id: 'C1D1',
      kind: 'treatment',
      planned: R,
      window_start: R,
      window_end: d(7),
      status: 'due',
    });
    expect(statusOf(history(), 'C1D1', d(-1))).toBe('planned');
    expect(statusOf(history(), 'C1D1', d(7))).toBe('due');
    expect(statusOf(history(), 'C1D1', d(8))).toBe('overdue');
  });

  it('plans C<k>D1 21 days after the actual start of cycle k−1, window ±3, edges inclusive', () => {
    const h = history({ cycles: started(2) });
    const c2 = find(calendar(h, d(2)), 'C2D1');
    expect(c2).toMatchObject({ planned: d(23), window_start: d(20), window_end: d(26), status: 'planned' });
    expect(statusOf(h, 'C2D1', d(19))).toBe('planned');
    expect(statusOf(h, 'C2D1', d(20))).toBe('due');
    expect(statusOf(h, 'C2D1', d(26))).toBe('due');
    expect(statusOf(h, 'C2D1', d(27))).toBe('overdue');
  });

  it('moves every later cycle when one is delayed; a cycle not started counts from its planned date', () => {
    const h = history({ cycles: started(0, 26) }); // C2 five days late
    const visits = calendar(h, d(120));
    expect(find(visits, 'C3D1')?.planned).toBe(d(47));
    expect(find(visits, 'C4D1')?.planned).toBe(d(68)); // C3 not started: from its planned date
    expect(find(visits, 'C3D1')?.status).toBe('overdue');
  });

  it('marks a started cycle done with its actual date, in or out of its window', () => {
    const visits = calendar(history({ cycles: started(9) }), d(9));
    expect(find(visits, 'C1D1')).toMatchObject({ status: 'done', actual: d(9), window_end: d(7) });
  });

  it('cancels cycles not started by the end of treatment when planned on or before it, and lists none after it', () => {
    // C1 d0, C2 d21; C3 planned d42. End of treatment on d42: C3 cancelled; on d41: C3 not listed.
    const on = calendar(
      history({ cycles: started(0, 21), endOfTreatment: { date: d(42), reason: 'toxicity' } }),
      d(60),
    );
    expect(find(on, 'C3D1')?.status).toBe('cancelled');
    expect(find(on, 'C4D1')).toBeUndefined();
    const before = calendar(
      history({ cycles: started(0, 21), endOfTreatment: { date: d(41), reason: 'toxicity' } }),
      d(60),
    );
    expect(find(before, 'C3D1')).toBeUndefined();
  });

  it('ends treatment at death when no end of treatment is recorded', () => {
    const visits = calendar(history({ cycles: started(0), death: d(21) }), d(100));
    expect(find(visits, 'C2D1')?.status).toBe('cancelled');
    expect(find(visits, 'C3D1')).toBeUndefined();
  });

  it('lists cycles up to the as-of date and the next one', () => {
    const ids = calendar(history({ cycles: started(0, 21) }), d(50))
      .filter((v) => v.kind === 'treatment')
      .map((v) => v.id);
    expect(ids).toEqual(['C1D1', 'C2D1', 'C3D1', 'C4D1']); // C3 d42 ≤ d50; C4 d63 the next
  });
});

describe('tumor assessments', () => {
  it('plans TA<j> on R + 63·j, window ±7, whatever happens to the cycles', () => {
    const visits = calendar(history({ cycles: started(10, 40, 70) }), d(130));
    expect(find(visits, 'TA1')).toMatchObject({ planned: d(63), window_start: d(56), window_end: d(70) });
    expect(find(visits, 'TA2')).toMatchObject({ planned: d(126), status: 'due' });
  });

  it('counts an assessment for the TA whose window holds it; one outside every window is unscheduled', () => {
    for (const [day, id] of [
      [56, 'TA1'],
      [70, 'TA1'],
    ] as const) {
      const visits = calendar(history({ assessments: [{ date: d(day), response: 'SD' }] }), d(100));
      expect(find(visits, id)).toMatchObject({ status: 'done', actual: d(day) });
    }
    for (const day of [55, 71]) {
      const visits = calendar(history({ assessments: [{ date: d(day), response: 'SD' }] }), d(100));
      expect(find(visits, 'TA1')?.status).toBe('overdue');
      expect(find(visits, 'TA-U1')).toMatchObject({
        kind: 'tumor-assessment',
        status: 'done',
        actual: d(day),
      });
    }
  });

  it('numbers unscheduled assessments in date order and never shifts the schedule with them', () => {
    const visits = calendar(
      history({
        assessments: [
          { date: d(100), response: 'SD' },
          { date: d(30), response: 'SD' },
          { date: d(63), response: 'SD' },
        ],
      }),
      d(110),
    );
    expect(find(visits, 'TA-U1')?.actual).toBe(d(30));
    expect(find(visits, 'TA-U2')?.actual).toBe(d(100));
    expect(find(visits, 'TA2')?.planned).toBe(d(126));
  });

  it('stops after a progression: no TA whose window opens after the PD assessment', () => {
    const visits = calendar(
      history({
        assessments: [
          { date: d(63), response: 'SD' },
          { date: d(126), response: 'PD' },
        ],
      }),
      d(400),
    );
    expect(find(visits, 'TA2')?.status).toBe('done');
    expect(find(visits, 'TA3')).toBeUndefined();
  });

  it('stops at death: a TA whose window opens on the death date is listed, one opening the day after is not', () => {
    // TA2's window opens on d119.
    expect(find(calendar(history({ death: d(119) }), d(200)), 'TA2')).toBeDefined();
    expect(find(calendar(history({ death: d(118) }), d(200)), 'TA2')).toBeUndefined();
  });

  it('goes on after an end of treatment for another reason, up to 730 days after it', () => {
    const eot = { date: d(30), reason: 'toxicity' };
    const visits = calendar(history({ cycles: started(0, 21), endOfTreatment: eot }), d(1000));
    const tas = visits.filter((v) => v.kind === 'tumor-assessment');
    // R+63·12 = d756 ≤ d760 = EOT + 730; R+63·13 = d819 is beyond it.
    expect(tas.at(-1)?.id).toBe('TA12');
    // EOT on d25: d755 < d756, TA12 is beyond it.
    expect(
      find(
        calendar(
          history({ cycles: started(0), endOfTreatment: { date: d(25), reason: 'toxicity' } }),
          d(1000),
        ),
        'TA12',
      ),
    ).toBeUndefined();
  });

  it('stops at an end of treatment for progression: no TA whose window opens after it', () => {
    const visits = calendar(
      history({
        cycles: started(0, 21, 42, 63),
        endOfTreatment: { date: d(100), reason: 'disease progression' },
      }),
      d(400),
    );
    expect(find(visits, 'TA1')).toBeDefined();
    expect(find(visits, 'TA2')).toBeUndefined(); // window opens d119
  });

  it('lists the next assessment ahead of the as-of date', () => {
    const tas = calendar(history(), d(10)).filter((v) => v.kind === 'tumor-assessment');
    expect(tas.map((v) => [v.id, v.status])).toEqual([['TA1', 'planned']]);
  });
});

describe('follow-up', () => {
  const eot = { date: d(100), reason: 'toxicity' };

  it('plans FU<j> on EOT + 63·j, window ±7, while planned ≤ EOT + 730', () => {
    const visits = calendar(history({ cycles: started(0, 21, 42, 63, 84), endOfTreatment: eot }), d(1000));
    expect(find(visits, 'FU1')).toMatchObject({ planned: d(163), window_start: d(156), window_end: d(170) });
    expect(find(visits, 'FU11')?.planned).toBe(d(100 + 693));
    expect(find(visits, 'FU12')).toBeUndefined(); // 756 > 730
  });

  it('counts a contact for the FU whose window holds it, edges inclusive', () => {
    const base = { cycles: started(0, 21, 42, 63, 84), endOfTreatment: eot };
    for (const day of [156, 170])
      expect(find(calendar(history({ ...base, followUps: [d(day)] }), d(200)), 'FU1')?.status).toBe('done');
    for (const day of [155, 171]) {
      const visits = calendar(history({ ...base, followUps: [d(day)] }), d(200));
      expect(find(visits, 'FU1')?.status).toBe('overdue');
      expect(find(visits, 'FU-U1')).toMatchObject({ kind: 'follow-up', actual: d(day) });
    }
  });

  it('plans none whose window opens after death', () => {
    const base = { cycles: started(0, 21, 42, 63, 84), endOfTreatment: eot };
    expect(find(calendar(history({ ...base, death: d(219) }), d(400)), 'FU2')).toBeDefined(); // opens d219
    expect(find(calendar(history({ ...base, death: d(218) }), d(400)), 'FU2')).toBeUndefined();
  });

  it('plans none without an end of treatment, and none after a withdrawal from follow-up', () => {
    expect(calendar(history({ cycles: started(0) }), d(400)).some((v) => v.kind === 'follow-up')).toBe(false);
    const withdrawn = calendar(
      history({ cycles: started(0, 21, 42, 63, 84), endOfTreatment: eot, followUpWithdrawn: d(200) }),
      d(600),
    );
    expect(withdrawn.filter((v) => v.kind === 'follow-up').map((v) => v.id)).toEqual(['FU1']);
  });

  it('has the statuses planned, due and overdue at its window edges', () => {
    const h = history({ cycles: started(0, 21, 42, 63, 84), endOfTreatment: eot });
    expect(statusOf(h, 'FU1', d(155))).toBe('planned');
    expect(statusOf(h, 'FU1', d(156))).toBe('due');
    expect(statusOf(h, 'FU1', d(170))).toBe('due');
    expect(statusOf(h, 'FU1', d(171))).toBe('overdue');
  });
});

describe('missed visits', () => {
  it('shows a visit declared missed as missed, at any as-of date', () => {
    const h = history({ cycles: started(0), missed: ['TA1', 'C2D1'] });
    expect(statusOf(h, 'TA1', d(100))).toBe('missed');
    expect(statusOf(h, 'C2D1', d(10))).toBe('missed');
    // C3 counts from C2's planned date.
    expect(find(calendar(h, d(100)), 'C3D1')?.planned).toBe(d(42));
  });

  it('refuses a visit declared missed that was done, or that is not in the calendar', () => {
    expect(problemsOf(history({ cycles: started(0), missed: ['C1D1'] }))).toEqual([
      {
        path: 'missed[0]',
        expected: 'a visit that did not happen (C1D1 is recorded on 2026-01-05)',
        value: 'C1D1',
      },
    ]);
    expect(problemsOf(history({ missed: ['FU1'] }))[0]).toMatchObject({ path: 'missed[0]', value: 'FU1' });
  });
});

describe('impossible histories', () => {
  it('names every date before randomization or after death', () => {
    const issues = problemsOf(
      history({
        cycles: [{ cycle: 1, start: d(-1) }],
        assessments: [{ date: d(80), response: 'SD' }],
        death: d(70),
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(['cycles[0].start', 'assessments[0].date']);
    expect(issues[0]?.expected).toBe(`a date on or after randomization (${R})`);
    expect(issues[1]?.expected).toBe(`a date on or before death (${d(70)})`);
    expect(problemsOf(history({ death: d(-1) }))[0]?.path).toBe('death');
    // On the boundary: allowed.
    expect(
      problemsOf(
        history({ cycles: started(0), assessments: [{ date: d(70), response: 'PD' }], death: d(70) }),
      ),
    ).toEqual([]);
  });

  it('refuses cycles out of order and a cycle after the end of treatment', () => {
    // Listed in any order, but cycle 2 cannot start before cycle 1.
    const swapped = problemsOf(
      history({
        cycles: [
          { cycle: 2, start: d(0) },
          { cycle: 1, start: d(21) },
        ],
      }),
    );
    expect(swapped.map((i) => [i.path, i.expected])).toEqual([
      ['cycles[0].start', `cycles in order: a date after cycle 1's start (${d(21)})`],
    ]);
    expect(
      problemsOf(
        history({
          cycles: [
            { cycle: 2, start: d(21) },
            { cycle: 1, start: d(0) },
          ],
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        history({
          cycles: [
            { cycle: 1, start: d(0) },
            { cycle: 1, start: d(21) },
          ],
        }),
      )[0]?.path,
    ).toBe('cycles[1].cycle');
    expect(
      problemsOf(
        history({
          cycles: [
            { cycle: 1, start: d(21) },
            { cycle: 2, start: d(21) },
          ],
        }),
      )[0]?.path,
    ).toBe('cycles[1].start');
    const late = problemsOf(
      history({ cycles: started(0, 21), endOfTreatment: { date: d(20), reason: 'toxicity' } }),
    );
    expect(late.map((i) => i.path)).toEqual(['cycles[1].start', 'endOfTreatment.date']);
    expect(
      problemsOf(history({ cycles: started(0, 21), endOfTreatment: { date: d(21), reason: 'toxicity' } })),
    ).toEqual([]);
  });

  it('refuses follow-up contacts before the end of treatment or without one, and two assessments on one day', () => {
    expect(problemsOf(history({ followUps: [d(50)] }))[0]?.expected).toMatch(/an end of treatment first/);
    expect(
      problemsOf(
        history({ cycles: started(0), endOfTreatment: { date: d(30), reason: 'other' }, followUps: [d(29)] }),
      )[0]?.path,
    ).toBe('followUps[0]');
    expect(
      problemsOf(
        history({
          assessments: [
            { date: d(63), response: 'SD' },
            { date: d(63), response: 'PR' },
          ],
        }),
      )[0]?.path,
    ).toBe('assessments[1].date');
  });
});
