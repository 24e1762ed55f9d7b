/** The exact tests refuse bad counts with an InputError naming the field and the value given. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { binomialTest, fisherTest, type TwoByTwo } from './index.ts';

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('binomialTest refuses bad input', () => {
  const cases: [string, () => unknown, string][] = [
    ['a non-integer x', () => binomialTest(2.5, 10), 'x: expected an integer ≥ 0; got 2.5'],
    ['a negative x', () => binomialTest(-1, 10), 'x: expected an integer ≥ 0; got -1'],
    ['a non-integer n', () => binomialTest(2, 10.2), 'n: expected an integer ≥ 0; got 10.2'],
    ['n = 0', () => binomialTest(0, 0), 'n: expected at least 1 trial; got 0'],
    ['x > n', () => binomialTest(11, 10), 'x: expected at most n = 10 successes; got 11'],
    ['a NaN x', () => binomialTest(Number.NaN, 10), 'x: expected an integer ≥ 0'],
    [
      'p outside [0, 1]',
      () => binomialTest(2, 10, { p: 1.5 }),
      'p: expected a number between 0 and 1; got 1.5',
    ],
    [
      'confLevel = 1',
      () => binomialTest(2, 10, { confLevel: 1 }),
      'confLevel: expected a number strictly between 0 and 1; got 1',
    ],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      expect(refusal(run).message).toContain(message);
    });
  }
});

describe('fisherTest refuses bad input', () => {
  const table = (cells: unknown[]) => [cells.slice(0, 2), cells.slice(2, 4)] as unknown as TwoByTwo;
  const cases: [string, () => unknown, string][] = [
    [
      'a negative count',
      () => fisherTest(table([1, -2, 3, 4])),
      'table[0][1]: expected an integer ≥ 0; got -2',
    ],
    [
      'a non-integer count',
      () => fisherTest(table([1, 2, 3.5, 4])),
      'table[1][0]: expected an integer ≥ 0; got 3.5',
    ],
    [
      'a missing count',
      () => fisherTest(table([1, 2, 3, null])),
      'table[1][1]: expected an integer ≥ 0; got null',
    ],
    [
      'a 2×3 table',
      () =>
        fisherTest([
          [1, 2, 3],
          [4, 5, 6],
        ] as unknown as TwoByTwo),
      'table: expected a 2×2 table',
    ],
    [
      'confLevel = 0',
      () => fisherTest(table([1, 2, 3, 4]), { confLevel: 0 }),
      'confLevel: expected a number strictly between 0 and 1; got 0',
    ],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      expect(refusal(run).message).toContain(message);
    });
  }

  it('carries the field and value on the error', () => {
    const error = refusal(() => fisherTest(table([1, 2, 3, -4])));
    expect(error.issues[0]?.path).toBe('table[1][1]');
    expect(error.issues[0]?.value).toBe(-4);
  });
});
