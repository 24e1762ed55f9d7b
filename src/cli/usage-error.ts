/** A mistake in how the command was called: reported with exit code 2 and the command's usage. */
import { parseIsoDate } from '../clinical/index.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exactly YYYY-MM-DD and a real calendar date (no partial dates, no times). */
export function validDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseIsoDate(text) === text;
}
