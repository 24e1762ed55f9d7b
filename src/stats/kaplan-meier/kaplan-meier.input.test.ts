/**
 * Bad input is an InputError naming the field and the 1-based row (as in the data file), never
 * a curve computed from NaN.
 */
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../contracts/index.ts';
import { kaplanMeier, kaplanMeierByGroup, nRiskAt } from './index.ts';

/** The first issue of the InputError `f` throws, with the error's message. */
function caught(f: () => unknown): InputIssue & { message: string } {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const { issues, message } = error as InputError;
    return { ...(issues[0] as InputIssue), message };
  }
  throw new Error('expected an InputError');
}

describe('kaplanMeier rejects bad rows', () => {
  const cases: { name: string; time: number[]; event: number[]; field: string; row: number | undefined }[] = [
    { name: 'a negative time', time: [1, -2, 3], event: [1, 1, 0], field: 'time', row: 2 },
    { name: 'a NaN time', time: [1, 2, Number.NaN], event: [1, 1, 0], field: 'time', row: 3 },
    { name: 'an infinite time', time: [Number.POSITIVE_INFINITY, 2], event: [1, 1], field: 'time', row: 1 },
    { name: 'event 2', time: [1, 2, 3], event: [1, 2, 0], field: 'event', row: 2 },
    { name: 'a length mismatch', time: [1, 2, 3], event: [1, 0], field: 'event', row: undefined },
    { name: 'no rows', time: [], event: [], field: 'time', row: undefined },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.field}${c.row === undefined ? '' : `, row ${c.row}`}`, () => {
      const error = caught(() => kaplanMeier({ time: c.time, event: c.event }));
      expect(error.path).toBe(c.field);
      expect(error.row).toBe(c.row);
      expect(error.message).toContain(c.field);
    });
  }

  it('names the row of an unknown group label and of a group column of the wrong length', () => {
    const input = { time: [1, 2, 3], event: [1, 1, 0], group: ['a', 'b', 'c'] };
    const unknown = caught(() => kaplanMeierByGroup(input, { levels: ['a', 'b'] }));
    expect([unknown.path, unknown.row]).toEqual(['group', 3]);
    const short = caught(() => kaplanMeierByGroup({ ...input, group: ['a', 'b'] }));
    expect([short.path, short.row]).toEqual(['group', undefined]);
  });

  it('rejects bad options, naming the option', () => {
    const data = { time: [1, 2], event: [1, 0] };
    expect(caught(() => kaplanMeier(data, { confLevel: 1.5 })).path).toBe('options.confLevel');
    expect(caught(() => kaplanMeier(data, { confType: ['log', 'logit' as 'log'] })).row).toBe(2);
    expect(caught(() => kaplanMeier(data, { probs: [0.5, 1.2] })).path).toBe('options.probs');
    expect(caught(() => kaplanMeier(data, { rmean: [-1] })).path).toBe('options.rmean');
    expect(caught(() => kaplanMeierByGroup({ ...data, group: ['a', 'b'] }, { levels: ['a', 'a'] })).row).toBe(
      2,
    );
    expect(caught(() => nRiskAt(data, [1, Number.NaN])).row).toBe(2);
  });

  it('accepts booleans for event and drops a level with no rows, as R', () => {
    const set = kaplanMeierByGroup(
      { time: [1, 2, 3], event: [true, false, true], group: ['a', 'b', 'a'] },
      { levels: ['a', 'empty', 'b'] },
    );
    expect(set.by_group.map((c) => c.label)).toEqual(['a', 'b']);
    expect(set.overall.n_event).toEqual([1, 0, 1]);
  });
});
