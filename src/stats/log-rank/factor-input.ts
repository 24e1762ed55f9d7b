/** Checking a categorical column (group or stratum) of the log-rank input. */
import { factorCodes, factorLevels, inputError } from '../input.ts';

export interface CheckedFactor {
  levels: string[];
  codes: Int32Array;
  /** Rows per level. */
  counts: number[];
}

/**
 * Labels → codes in the given (or R's default) level order. Errors name the column and, for a
 * bad label, the 1-based row; a level given explicitly must have at least one row, since R's
 * survdiff drops empty levels and its output would then no longer line up with the levels asked for.
 */
export function checkFactor(
  labels: ArrayLike<string> | undefined,
  rows: number,
  given: readonly string[] | undefined,
  field: string,
  levelsField: string,
  lengthOf: string,
): CheckedFactor {
  if (!labels || typeof labels.length !== 'number') {
    throw inputError(field, `${rows} labels (strings)`, undefined, labels);
  }
  if (labels.length !== rows) {
    throw inputError(field, `${rows} values, as many as ${lengthOf}`, undefined, labels.length);
  }
  for (let i = 0; i < rows; i++) {
    if (typeof labels[i] !== 'string') throw inputError(field, 'a label (string)', i + 1, labels[i]);
  }
  let levels: string[];
  if (given) {
    levels = Array.from(given);
    const seen = new Set<string>();
    for (const level of levels) {
      if (typeof level !== 'string') throw inputError(levelsField, 'labels (strings)', undefined, level);
      if (seen.has(level)) throw inputError(levelsField, 'distinct levels', undefined, level);
      seen.add(level);
    }
  } else {
    levels = factorLevels(labels);
  }
  const codes = factorCodes(labels, levels, field);
  const tally = new Float64Array(levels.length);
  for (let i = 0; i < rows; i++) {
    const k = codes[i] as number;
    tally[k] = (tally[k] as number) + 1;
  }
  const counts = Array.from(tally);
  const empty = levels.findIndex((_, k) => counts[k] === 0);
  if (empty >= 0) {
    throw inputError(
      field,
      `at least one row at each level of ${levelsField}, but level ${JSON.stringify(levels[empty])} has none`,
    );
  }
  return { levels, codes, counts };
}
