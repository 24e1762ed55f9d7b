/**
 * SDTM --DTC values (ISO 8601, possibly partial) to analysis dates, with admiral's imputation rules.
 *
 * SDTM stores dates as text and lets trailing parts be missing: `2024-03-05T10:30`, `2024-03-05`,
 * `2024-03` (day unknown), `2024` (month and day unknown). ADaM analysis dates (`ADT`) must be
 * complete, so a partial date is imputed and the imputation recorded in a flag (`ADTF`).
 *
 * What admiral does (`impute_dtc_dt()` / `derive_vars_dt()`, reference pages and the "Date and Time
 * Imputation" vignette):
 * - `highest_imputation` is the highest part that may be imputed: "D" (day only), "M" (month and day),
 *   "Y" (year too, only together with `min_dates`/`max_dates`), "n" (none). A date missing a part above
 *   that level is not imputed (NA).
 * - `date_imputation = "first"` imputes the first day of the month (and January when the month is
 *   missing); `"last"` the last day of the month (and December). ("mid" and "mm-dd" exist too; trialkit
 *   offers first and last only.)
 * - The flag (`--DTF`, `compute_dtf()`) is "D" when the day was imputed, "M" when month and day were,
 *   "Y" when the year was; empty for a complete date. A time part never changes the date.
 *
 * trialkit never imputes a year (a missing year is a problem, not a guess), so its flags are 'D' and
 * 'M'; 'Y' stays in the type for ADaM compatibility. Impossible dates (`2024-02-30`), malformed text and
 * forms with an inner gap (`2024---05`, month missing but day present) are invalid, never guessed.
 */

export type ImputationRule = 'first' | 'last';
/** admiral's `highest_imputation` levels that trialkit supports ('n' = no imputation). */
export type HighestImputation = 'M' | 'D' | 'n';
/** ADaM date imputation flag (`--DTF`): which parts were imputed. */
export type ImputationFlag = 'D' | 'M' | 'Y';

export interface DateImputation {
  rule: ImputationRule;
  highest: HighestImputation;
}

export const DEFAULT_IMPUTATION: DateImputation = { rule: 'first', highest: 'M' };

/** A --DTC value read as an analysis date. */
export interface AnalysisDate {
  /** The text as recorded. */
  dtc: string;
  /** Complete calendar date `YYYY-MM-DD` (imputed if `flag` is set). */
  date: string;
  /** The recorded time of day (`HH:MM[:SS]`), if any; kept to order same-day records only. */
  time: string | null;
  flag: ImputationFlag | null;
}

export type DateReading =
  | { ok: true; value: AnalysisDate }
  | { ok: false; reason: 'invalid' | 'not-imputed'; message: string };

// YYYY[-MM[-DD[Thh[:mm[:ss[.fff]]][zone]]]] — ISO 8601 extended format as SDTM IG §4.4 uses it.
const DTC =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Reads a --DTC value. Complete dates come back unflagged; partial ones are imputed by `imputation`
 * (default: admiral's defaults for dates, first day, month and day imputable) and flagged.
 */
export function readDtc(text: string, imputation: DateImputation = DEFAULT_IMPUTATION): DateReading {
  const match = DTC.exec(text);
  if (!match) {
    const hint = /^\d{4}--/.test(text) ? ' (a missing month with a known day is not supported)' : '';
    return { ok: false, reason: 'invalid', message: `"${text}" is not an ISO 8601 date${hint}` };
  }
  const [, y, m, d, hh, mm, ss] = match;
  const year = Number(y);
  const month = m === undefined ? null : Number(m);
  const day = d === undefined ? null : Number(d);
  if (year < 1) return { ok: false, reason: 'invalid', message: `"${text}": year 0000 is not a date` };
  if (month !== null && (month < 1 || month > 12))
    return { ok: false, reason: 'invalid', message: `"${text}": month ${m} does not exist` };
  if (month !== null && day !== null && (day < 1 || day > daysInMonth(year, month)))
    return { ok: false, reason: 'invalid', message: `"${text}": ${y}-${m} has no day ${d}` };
  if (hh !== undefined && (Number(hh) > 23 || Number(mm ?? 0) > 59 || Number(ss ?? 0) > 59))
    return { ok: false, reason: 'invalid', message: `"${text}": ${hh}:${mm ?? '00'} is not a time of day` };
  const time =
    hh === undefined ? null : `${hh}${mm === undefined ? '' : `:${mm}`}${ss === undefined ? '' : `:${ss}`}`;

  if (month !== null && day !== null)
    return { ok: true, value: { dtc: text, date: `${y}-${m}-${d}`, time, flag: null } };

  const flag: ImputationFlag = month === null ? 'M' : 'D';
  const allowed = imputation.highest === 'M' || (imputation.highest === 'D' && flag === 'D');
  if (!allowed) {
    const missing = flag === 'M' ? 'month and day' : 'day';
    return {
      ok: false,
      reason: 'not-imputed',
      message: `"${text}" is partial (${missing} missing) and imputation up to "${imputation.highest}" does not cover it`,
    };
  }
  const first = imputation.rule === 'first';
  const imputedMonth = month ?? (first ? 1 : 12);
  const imputedDay = first ? 1 : daysInMonth(year, imputedMonth);
  return {
    ok: true,
    value: { dtc: text, date: `${y}-${pad(imputedMonth)}-${pad(imputedDay)}`, time, flag },
  };
}

/** "day imputed as the first of the month" — for problem messages. */
export function describeImputation(value: AnalysisDate, rule: ImputationRule): string {
  if (value.flag === null) return `${value.dtc} is complete`;
  const what =
    value.flag === 'D' ? `${rule} day of the month` : `${rule} day of the year (month and day imputed)`;
  return `partial date ${value.dtc} imputed to ${value.date} (${what}; flag ${value.flag})`;
}
