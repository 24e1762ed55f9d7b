/**
 * Data problems found while reading SDTM/ADaM files: values, never exceptions, so one bad row never
 * stops the batch and every problem can be listed with the subject, visit and lesion it concerns.
 */

export type ProblemCode =
  /** The file is not CSV, or has no header. */
  | 'invalid-csv'
  /** A required column is not in the header: the file is not read. */
  | 'missing-column'
  /** A row has more or fewer fields than the header. */
  | 'bad-row'
  /** A required value (USUBJID, TRLNKID, …) is empty. */
  | 'missing-value'
  /** A value outside the expected terminology (TUSTRESC not TARGET / NON-TARGET / NEW, …). */
  | 'unknown-value'
  /** A date that is not ISO 8601, or an impossible one: never guessed. */
  | 'invalid-date'
  /** A partial date that was imputed (warning) or could not be (error). */
  | 'partial-date'
  /** A diameter that is not a non-negative number. */
  | 'non-numeric'
  /** A second record for the same lesion, test and date (the first is kept). */
  | 'duplicate'
  /** A TR record whose TRLNKID was never identified in TU. */
  | 'unknown-lesion'
  /** A lymph node measured without its short axis (LPERP). */
  | 'nodal-without-short-axis'
  /** A new lesion in TU with no finding in TR. */
  | 'new-lesion-without-result'
  /** A subject in TU/TR/RS who is not in the subject-level file. */
  | 'subject-not-in-adsl'
  /** Records without an evaluator taken as the investigator's. */
  | 'evaluator-assumed';

export interface Problem {
  /** Source name as given to the reader (usually the file path). */
  file: string;
  /** 1-based line in the file (the header is line 1); for a record spanning lines, its first line. */
  line: number;
  usubjid?: string;
  visit?: string;
  /** The lesion's link ID (TULNKID / TRLNKID). */
  lesion?: string;
  code: ProblemCode;
  /** `error`: data left out or not usable; `warning`: data used, with an assumption stated. */
  severity: 'error' | 'warning';
  message: string;
}

/** Where a record came from, kept on every record for messages. */
export interface SourceRef {
  file: string;
  line: number;
}

/** `tr.csv:12 [USUBJID 01-701-1015, WEEK 9, lesion T01] message` */
export function formatProblem(problem: Problem): string {
  const where = [
    problem.usubjid && `USUBJID ${problem.usubjid}`,
    problem.visit && problem.visit,
    problem.lesion && `lesion ${problem.lesion}`,
  ].filter(Boolean);
  const context = where.length ? ` [${where.join(', ')}]` : '';
  return `${problem.file}:${problem.line}${context} ${problem.severity}: ${problem.message}`;
}
