/**
 * `trialkit analyze binomial --x N --n N` (exact binomial test with the Clopper–Pearson interval, as R's
 * binom.test) and `--table a,b,c,d` (Fisher's exact test of a 2×2 table given by rows, as fisher.test).
 */

import { InputError } from '../../contracts/index.ts';
import { binomialTest, fisherTest, type TwoByTwo } from '../../stats/index.ts';
import { inputErrorText } from '../input-error.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';
import { toRJson } from './r-json.ts';
import { formatNumber, formatP } from './text-format.ts';

export interface BinomialOptions {
  x?: string;
  n?: string;
  table?: string;
  p?: string;
  confLevel?: string;
  format?: 'json' | 'text';
}

/** A whole number ≥ 0 from an option, or a usage error naming the option and the value. */
function count(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option} must be a whole number ≥ 0: got "${text}"`);
  return Number(text);
}

function probability(option: string, text: string | undefined, fallback: number, open: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const ok = Number.isFinite(value) && (open ? value > 0 && value < 1 : value >= 0 && value <= 1);
  if (!ok)
    throw new UsageError(
      `${option} must be a number ${open ? 'strictly between 0 and 1' : 'from 0 to 1'}: got "${text}"`,
    );
  return value;
}

export function runBinomial(options: BinomialOptions, io: Io): number {
  const confLevel = probability('--conf-level', options.confLevel, 0.95, true);
  const level = `${formatNumber(confLevel * 100)}%`;
  try {
    if (options.table !== undefined) {
      if (options.x !== undefined || options.n !== undefined)
        throw new UsageError('give either --table or --x and --n, not both');
      const cells = options.table.split(',');
      if (cells.length !== 4)
        throw new UsageError(
          `--table must be four counts a,b,c,d (rows of the 2×2 table): got "${options.table}"`,
        );
      const [a, b, c, d] = cells.map((cell) => count('--table', cell)) as [number, number, number, number];
      const table: TwoByTwo = [
        [a, b],
        [c, d],
      ];
      const result = fisherTest(table, { confLevel });
      if (options.format === 'json') io.stdout.write(toRJson(result));
      else {
        io.stdout.write(
          [
            "Fisher's exact test (conditional maximum-likelihood odds ratio)",
            `table            ${a} ${b} / ${c} ${d}`,
            `odds ratio       ${formatNumber(result.estimate)} (${level} CI ${formatNumber(result.conf_int[0])} to ${formatNumber(result.conf_int[1])})`,
            `p (two-sided)    ${formatP(result.p_value)}`,
            `p (less)         ${formatP(result.p_value_less)}`,
            `p (greater)      ${formatP(result.p_value_greater)}`,
            ...(result.degenerate_margin
              ? ['note             a row or column total is 0: the odds ratio is undefined']
              : []),
            '',
          ].join('\n'),
        );
      }
      return 0;
    }
    if (options.x === undefined || options.n === undefined)
      throw new UsageError('give --x and --n (or --table a,b,c,d)');
    const p = probability('--p', options.p, 0.5, false);
    const result = binomialTest(count('--x', options.x), count('--n', options.n), { p, confLevel });
    if (options.format === 'json') io.stdout.write(toRJson(result));
    else {
      io.stdout.write(
        [
          'Exact binomial test (Clopper–Pearson interval)',
          `responders       ${result.x} of ${result.n}`,
          `proportion       ${formatNumber(result.estimate)} (${level} CI ${formatNumber(result.conf_int[0])} to ${formatNumber(result.conf_int[1])})`,
          `p (two-sided, H0: p = ${formatNumber(p)})  ${formatP(result.p_value)}`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  } catch (error) {
    // The counts came from --x and --n: a usage error naming the flags.
    if (error instanceof InputError)
      throw new UsageError(
        inputErrorText(error, (path) => (path === 'x' || path === 'n' ? `--${path}` : path)),
      );
    throw error;
  }
}
