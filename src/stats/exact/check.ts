/** Input checks shared by the exact tests; each error names the field and the value given. */
import { inputError } from '../input.ts';

/** A count: an integer ≥ 0 (R's binom.test and fisher.test refuse the rest too). */
export function checkCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw inputError(field, 'an integer ≥ 0', undefined, value);
  }
  return value;
}

/** A probability in [0, 1]. */
export function checkProbability(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw inputError(field, 'a number between 0 and 1', undefined, value);
  }
  return value;
}

/** A confidence level strictly between 0 and 1 (R: "'conf.level' must be a single number between 0 and 1"). */
export function checkConfLevel(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw inputError(field, 'a number strictly between 0 and 1', undefined, value);
  }
  return value;
}
