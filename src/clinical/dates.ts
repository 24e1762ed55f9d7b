/**
 * Calendar-date arithmetic on ISO 8601 dates ('YYYY-MM-DD', years 0001-9999).
 *
 * Dates become day numbers (days since 1970-01-01, proleptic Gregorian calendar) by pure integer
 * arithmetic — H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil,
 * civil_from_days) — so no time zone, daylight-saving shift or Date's two-digit-year rule can move
 * a date by one day.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
// FHIR R4 dateTime after the date: a time with optional fraction and zone (http://hl7.org/fhir/R4/datatypes.html#dateTime).
const FHIR_TIME_SUFFIX =
  /^T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?$/;

interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function civilFromText(text: string): CivilDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const rest = text.slice(10);
  if (rest !== '' && !FHIR_TIME_SUFFIX.test(rest)) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function formatCivil({ year, month, day }: CivilDate): IsoDate {
  if (year < 1 || year > 9999) throw new RangeError(`date out of range (years 0001-9999): year ${year}`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function civilOf(date: IsoDate): CivilDate {
  // Arithmetic takes plain dates only: a dateTime must go through parseIsoDate first.
  const civil = date.length === 10 ? civilFromText(date) : undefined;
  if (!civil) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return civil;
}

/** Hinnant's days_from_civil: March-based years put the leap day last, so eras of 400 years repeat exactly. */
function dayNumberOf({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Hinnant's civil_from_days, the inverse of dayNumberOf. */
function civilOfDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const leapDaysBefore =
    Math.floor(dayOfEra / 1460) - Math.floor(dayOfEra / 36524) + Math.floor(dayOfEra / 146096);
  const yearOfEra = Math.floor((dayOfEra - leapDaysBefore) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function requireInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/**
 * A calendar date from 'YYYY-MM-DD' or a FHIR dateTime. From a dateTime we keep the date as recorded,
 * in the recorder's own zone: converting to UTC would move an evening result to the next day.
 * Impossible dates (2021-02-30) and partial dates ('2021', '2021-03') give undefined.
 */
export function parseIsoDate(text: string): IsoDate | undefined {
  const civil = civilFromText(text);
  return civil ? formatCivil(civil) : undefined;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  requireInteger(days, 'days');
  return formatCivil(civilOfDayNumber(dayNumberOf(civilOf(date)) + days));
}

/** Calendar months; a day that the target month lacks becomes its last day (08-31 − 6 months = 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  requireInteger(months, 'months');
  const { year, month, day } = civilOf(date);
  const monthCount = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthCount / 12);
  const newMonth = monthCount - newYear * 12 + 1;
  return formatCivil({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

/** Calendar years, clamped like addMonths (2024-02-29 + 1 year = 2025-02-28). */
export function addYears(date: IsoDate, years: number): IsoDate {
  requireInteger(years, 'years');
  return addMonths(date, years * 12);
}

/** to − from in whole days (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumberOf(civilOf(to)) - dayNumberOf(civilOf(from));
}

/**
 * Completed years of age on `asOf`. A year completes when the birthday's month and day are reached,
 * so a 29 February birthday completes on 1 March in non-leap years (still 17 on 28 February).
 * Throws RangeError when asOf is before the birth date: that is a data error, not an age.
 */
export function ageInYears(birthDate: IsoDate, asOf: IsoDate): number {
  const birth = civilOf(birthDate);
  const on = civilOf(asOf);
  if (dayNumberOf(on) < dayNumberOf(birth)) {
    throw new RangeError(`age asked on ${asOf}, before the birth date ${birthDate}`);
  }
  const birthdayReached = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (birthdayReached ? 0 : 1);
}
