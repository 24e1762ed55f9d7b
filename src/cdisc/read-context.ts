/**
 * What the domain readers share: options, evaluator selection, date and number reading with problems.
 */
import type { CsvRow } from './csv-table.ts';
import {
  type AnalysisDate,
  type DateImputation,
  DEFAULT_IMPUTATION,
  describeImputation,
  readDtc,
} from './partial-date.ts';
import type { Problem, SourceRef } from './problems.ts';

export interface ReadOptions {
  /**
   * Whose assessments to read, matched case-insensitively against --EVAL or --EVALID:
   * `INVESTIGATOR` (default), `INDEPENDENT ASSESSOR`, or one reader such as `RADIOLOGIST 1`.
   * Records with neither --EVAL nor --EVALID (or files without those columns) count as the
   * investigator's, with one warning per file: SDTM IG populates --EVAL only for subjective results,
   * and a study without central review often leaves it empty.
   */
  evaluator?: string;
  /**
   * Keep only records flagged accepted (--ACPTFL = "Y"), the adjudicated reader of an independent review
   * (pharmaversesdtm flags one of two radiologists per visit). Default false.
   */
  acceptedOnly?: boolean;
  /** Partial-date imputation (default: first day; month and day may be imputed). */
  imputation?: DateImputation;
}

export const INVESTIGATOR = 'INVESTIGATOR';

/** Result of reading one domain file. */
export interface DomainRead<T> {
  records: T[];
  problems: Problem[];
  /** Rows read but not used, by reason ("TRTESTCD SUMDIAM", "evaluator INDEPENDENT ASSESSOR"). */
  ignored: Record<string, number>;
}

export interface RowContext {
  source: SourceRef;
  usubjid?: string;
  visit?: string;
  lesion?: string;
}

/** Per-file state while reading: problems, ignored counts, and de-duplication of repeated warnings. */
export class ReadContext {
  readonly problems: Problem[] = [];
  readonly ignored: Record<string, number> = {};
  readonly imputation: DateImputation;
  readonly evaluator: string;
  readonly acceptedOnly: boolean;
  private readonly warned = new Set<string>();
  private assumedInvestigator = 0;
  private firstAssumedLine = 0;

  constructor(
    readonly file: string,
    readonly prefix: string,
    options: ReadOptions,
  ) {
    this.imputation = options.imputation ?? DEFAULT_IMPUTATION;
    this.evaluator = (options.evaluator ?? INVESTIGATOR).trim().toUpperCase();
    this.acceptedOnly = options.acceptedOnly ?? false;
  }

  ignore(reason: string): void {
    this.ignored[reason] = (this.ignored[reason] ?? 0) + 1;
  }

  problem(at: RowContext, code: Problem['code'], severity: Problem['severity'], message: string): void {
    const { source, ...context } = at;
    this.problems.push({ ...source, ...context, code, severity, message });
  }

  /**
   * Whether a row belongs to the selected evaluator; rows of other evaluators are counted as ignored.
   */
  selectsEvaluator(row: CsvRow): boolean {
    const evaluator = row.get(`${this.prefix}EVAL`)?.toUpperCase() ?? null;
    const evaluatorId = row.get(`${this.prefix}EVALID`)?.toUpperCase() ?? null;
    let selected = evaluator === this.evaluator || evaluatorId === this.evaluator;
    if (!selected && evaluator === null && evaluatorId === null && this.evaluator === INVESTIGATOR) {
      selected = true;
      if (this.assumedInvestigator++ === 0) this.firstAssumedLine = row.source.line;
    }
    if (!selected) {
      this.ignore(`evaluator ${[evaluator, evaluatorId].filter(Boolean).join(' / ') || '(none)'}`);
      return false;
    }
    if (this.acceptedOnly && row.get(`${this.prefix}ACPTFL`)?.toUpperCase() !== 'Y') {
      this.ignore(`${this.prefix}ACPTFL not Y`);
      return false;
    }
    return true;
  }

  /** Reads a --DTC column; a partial date is imputed with a warning (once per subject, visit and value). */
  date(row: CsvRow, column: string, at: RowContext): AnalysisDate | null {
    const text = row.get(column);
    if (text === null) return null;
    const reading = readDtc(text, this.imputation);
    if (!reading.ok) {
      const code = reading.reason === 'invalid' ? 'invalid-date' : 'partial-date';
      this.problem(at, code, 'error', `${column}: ${reading.message}; date left empty`);
      return null;
    }
    if (reading.value.flag !== null) {
      const key = `${at.usubjid}|${at.visit}|${column}|${text}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.problem(
          at,
          'partial-date',
          'warning',
          `${column}: ${describeImputation(reading.value, this.imputation.rule)}`,
        );
      }
    }
    return reading.value;
  }

  /** A --DTC column the record cannot do without: empty is a problem with `message`. */
  requiredDate(
    row: CsvRow,
    column: string,
    at: RowContext,
    severity: Problem['severity'],
    message: string,
  ): AnalysisDate | null {
    const date = this.date(row, column, at);
    if (date === null && row.get(column) === null) this.problem(at, 'missing-value', severity, message);
    return date;
  }

  /**
   * Keeps the first record per key: a later one is a `duplicate` problem (`message` gets the first)
   * and false, so the caller leaves it out.
   */
  keepFirst<R>(
    seen: Map<string, R>,
    key: string,
    record: R,
    at: RowContext,
    message: (first: R) => string,
  ): boolean {
    const first = seen.get(key);
    if (first !== undefined) {
      this.problem(at, 'duplicate', 'error', message(first));
      return false;
    }
    seen.set(key, record);
    return true;
  }

  /** Reads VISITNUM; a non-number is a problem and null. */
  visitNumber(row: CsvRow, at: RowContext): number | null {
    const text = row.get('VISITNUM');
    if (text === null) return null;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      this.problem(at, 'non-numeric', 'error', `VISITNUM "${text}" is not a number; left empty`);
      return null;
    }
    return value;
  }

  /** One warning per file when rows without an evaluator were taken as the investigator's. */
  finish(): void {
    if (this.assumedInvestigator > 0) {
      this.problems.push({
        file: this.file,
        line: this.firstAssumedLine,
        code: 'evaluator-assumed',
        severity: 'warning',
        message: `${this.assumedInvestigator} record(s) without ${this.prefix}EVAL/${this.prefix}EVALID taken as the investigator's`,
      });
    }
  }

  result<T>(records: T[]): DomainRead<T> {
    this.finish();
    return { records, problems: this.problems, ignored: this.ignored };
  }
}

/** Upper-cased, trimmed text or null. */
export function code(row: CsvRow, column: string): string | null {
  return row.get(column)?.toUpperCase() ?? null;
}

/** The visit label for messages: VISIT, else "VISITNUM n". */
export function visitLabel(row: CsvRow): string | undefined {
  const visit = row.get('VISIT');
  if (visit !== null) return visit;
  const number = row.get('VISITNUM');
  return number === null ? undefined : `VISITNUM ${number}`;
}
