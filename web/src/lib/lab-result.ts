/**
 * The lab-result form's logic (issue 6, "enter facts in a form with units"): which labs can be typed
 * in, and the form's text turned into the body of POST /api/subjects/:id/lab-results, or the field
 * messages that stop it. The server checks the same again and converts the unit by UCUM.
 */
import { isIsoDate } from './answers.ts';
import type { FieldErrors } from './form-errors.ts';
import type { LabSummary } from './subject-types.ts';

export type EnterableLab = LabSummary & { unit: string };

/** Labs with a canonical unit: the ones a value with a unit can be entered for (not qualitative ones). */
export const enterableLabs = (labs: readonly LabSummary[]): EnterableLab[] =>
  labs.filter((l): l is EnterableLab => typeof l.unit === 'string' && l.unit !== '');

/** "Platelet count (×10⁹/L)": the lab as the select shows it. */
export const labOptionLabel = (lab: EnterableLab): string => `${lab.name} (${lab.unitLabel ?? lab.unit})`;

export interface LabResultDraft {
  labId: string;
  value: string;
  unit: string;
  date: string;
}

export interface LabResultBody {
  labId: string;
  value: number;
  unit: string;
  date: string;
}

// A plain decimal: "180", "4.5", "-1", "1e3". No thousands separators: "180,000" would be ambiguous.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The request body, or a message for each field that is not right yet. */
export function labResultBody(
  draft: LabResultDraft,
  today: string,
): { ok: true; body: LabResultBody } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const value = draft.value.trim();
  const unit = draft.unit.trim();
  const date = draft.date.trim();
  if (!draft.labId) fields.labId = 'choose a lab';
  if (!value) fields.value = 'enter the value';
  else if (!NUMBER.test(value) || !Number.isFinite(Number(value)))
    fields.value = 'enter a number such as 180 or 4.5 (a point for decimals, no thousands separators)';
  if (!unit) fields.unit = 'enter the unit as UCUM, e.g. 10*9/L';
  else if (/\s/.test(unit)) fields.unit = 'a UCUM unit has no spaces, e.g. 10*9/L or mg/dL';
  if (!isIsoDate(date)) fields.date = 'enter a date as YYYY-MM-DD';
  else if (date > today) fields.date = `${date} is after today (${today})`;
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, body: { labId: draft.labId, value: Number(value), unit, date } };
}
