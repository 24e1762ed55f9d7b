/** `trialkit example <name> --as-of DATE`: an example patient dated for another screening day. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { daysBetween, type IsoDate } from '../clinical/index.ts';
import { shiftDates } from '../fhir/index.ts';
import { UsageError } from './usage-error.ts';

const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'examples', 'patients');
/** The day the shipped examples are written for (scripts/make-example-patients.ts). */
export const EXAMPLES_AS_OF = '2026-03-30';

export const EXAMPLE_NAMES = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

export function examplePatient(name: string, asOf: string): string {
  if (!EXAMPLE_NAMES.includes(name))
    throw new UsageError(`example "${name}": expected one of ${EXAMPLE_NAMES.join(', ')}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))
    throw new UsageError(`--as-of ${asOf}: expected a date YYYY-MM-DD`);
  const bundle = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as unknown;
  return `${JSON.stringify(shiftDates(bundle, daysBetween(EXAMPLES_AS_OF as IsoDate, asOf as IsoDate)), null, 2)}\n`;
}
