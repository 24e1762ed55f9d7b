/**
 * The lab panel form's logic: every lab that can be typed in, one row each with its value and unit,
 * and one sample date — the filled rows become the body of POST /api/subjects/:id/lab-panels (one
 * upload, one re-screen), or the field messages that stop it. The server checks the same again and
 * converts the units by UCUM; its field paths (`results.2.unit`) are mapped back to the rows.
 */
import type { LabDocument, LabPanelBody } from '../contracts.ts';
import { isIsoDate } from './answers.ts';
import type { FieldErrors } from './form-errors.ts';

export type EnterableLab = LabDocument & { unit: string };

/** Labs with a canonical unit: the ones a value with a unit can be entered for (not qualitative ones). */
export const enterableLabs = (labs: readonly LabDocument[]): EnterableLab[] =>
  labs.filter((l): l is EnterableLab => typeof l.unit === 'string' && l.unit !== '');

/** "Platelet count (×10⁹/L)": the lab with the unit it is screened in. */
export const labOptionLabel = (lab: EnterableLab): string => `${lab.name} (${lab.unitLabel ?? lab.unit})`;

/** What is typed in one row. */
export interface LabRowDraft {
  value: string;
  unit: string;
}

export interface LabPanelDraft {
  date: string;
  /** By lab ID; a row with no value is not sent. */
  rows: Record<string, LabRowDraft>;
}

/** A new panel: every lab's row empty, with its canonical unit. */
export const emptyPanel = (labs: readonly EnterableLab[], date: string): LabPanelDraft => ({
  date,
  rows: Object.fromEntries(labs.map((l) => [l.id, { value: '', unit: l.unit }])),
});

// A plain decimal: "180", "4.5", "-1", "1e3". No thousands separators: "180,000" would be ambiguous.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The request body (the rows with a value, in the labs' order), or a message per field: `date`,
 * `<labId>.value`, `<labId>.unit`, or `results` when no row has a value.
 */
export function labPanelBody(
  labs: readonly EnterableLab[],
  draft: LabPanelDraft,
  today: string,
): { ok: true; body: LabPanelBody } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const date = draft.date.trim();
  if (!isIsoDate(date)) fields.date = 'enter the date of the samples as YYYY-MM-DD';
  else if (date > today) fields.date = `${date} is after today (${today})`;
  const results: LabPanelBody['results'] = [];
  for (const lab of labs) {
    const row = draft.rows[lab.id];
    const value = row?.value.trim() ?? '';
    if (!value) continue;
    const unit = row?.unit.trim() ?? '';
    if (!NUMBER.test(value) || !Number.isFinite(Number(value)))
      fields[`${lab.id}.value`] =
        'a number such as 180 or 4.5 (a point for decimals, no thousands separators)';
    if (!unit) fields[`${lab.id}.unit`] = 'the unit as UCUM, e.g. 10*9/L';
    else if (/\s/.test(unit)) fields[`${lab.id}.unit`] = 'a UCUM unit has no spaces, e.g. 10*9/L or mg/dL';
    results.push({ labId: lab.id, value: Number(value), unit });
  }
  if (!results.length) fields.results = 'enter at least one value';
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, body: { date, results } };
}

/** A server field path of the panel request (`results.1.unit`) as the form's field (`anc.unit`). */
export function panelFieldOf(path: string, body: LabPanelBody): string {
  const match = /(?:^|\.)results\.(\d+)\.(\w+)$/.exec(path);
  const labId = match ? body.results[Number(match[1])]?.labId : undefined;
  return labId ? `${labId}.${match?.[2]}` : path.replace(/^body\./, '');
}

/** "Platelet count 210000 /uL, ANC 2.1 10*9/L": what was saved, in one line. */
export const describePanel = (labs: readonly EnterableLab[], body: LabPanelBody): string =>
  body.results
    .map((r) => `${labs.find((l) => l.id === r.labId)?.name ?? r.labId} ${r.value} ${r.unit}`)
    .join(', ');
