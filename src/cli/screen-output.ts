/**
 * Output of `trialkit screen --format table|json|ndjson|csv`: formatPatient turns one patient's results
 * into text (pure: the parallel path formats on worker threads), and a writer puts the texts between
 * the format's heading and ending as patients arrive, so output memory does not grow with the number
 * of patients (json streams its `patients` array; table keeps its totals).
 * The json shape is a contract: { protocol, asOf, patients: [{ patientId, overall, criteria:
 * [{ id, type, status, reason, evidence }] }], errors: [{ source, message }] }.
 */
import type { Overall, ScreeningResult, Status } from '../eligibility/index.ts';
import type { IntakeError } from '../fhir/index.ts';

export type Format = 'table' | 'json' | 'ndjson' | 'csv';
export const FORMATS: readonly Format[] = ['table', 'json', 'ndjson', 'csv'];

export interface RunHeader {
  protocol: string;
  asOf: string;
  siteId?: string;
  plannedMki?: string;
}

export interface ScreenWriter {
  /**
   * One patient: its text from formatPatient (in this writer's format; as UTF-8 bytes when it was
   * formatted on a worker thread) and its overall result.
   */
  patient(text: string | Uint8Array, overall: Overall): void;
  /** Called once at the end with every input error. */
  end(errors: readonly IntakeError[]): void;
}

export interface FormatOptions {
  /** table format: list met criteria too. */
  showAll?: boolean;
}

type Write = (text: string | Uint8Array) => void;

/** The contract's patient object (plus warnings, which only appear when there are some). */
function patientObject(result: ScreeningResult): object {
  return {
    patientId: result.patientId,
    overall: result.overall,
    criteria: result.criteria.map(({ id, type, status, reason, evidence }) => ({
      id,
      type,
      status,
      reason,
      evidence,
    })),
    ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRows(result: ScreeningResult): string {
  let text = '';
  for (const c of result.criteria) {
    const row = [result.patientId, result.overall, c.id, c.type, c.status, c.reason, c.evidence.join(' ')];
    text += `${row.map(csvField).join(',')}\r\n`;
  }
  return text;
}

const MARK: Record<Status, string> = { met: '✓', not_met: '✗', unknown: '?', needs_review: '!' };
const LABEL: Record<Status, string> = {
  met: 'met',
  not_met: 'not met',
  unknown: 'unknown',
  needs_review: 'needs review',
};

function tableBlock(result: ScreeningResult, showAll: boolean): string {
  const counts = (['not_met', 'unknown', 'needs_review', 'met'] as const)
    .map((s) => [s, result.criteria.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${LABEL[s]}`);
  let text = `\n${result.patientId}  ${result.overall.toUpperCase()}  (${counts.join(' · ')})\n`;
  const order: Status[] = ['not_met', 'unknown', 'needs_review', ...(showAll ? (['met'] as const) : [])];
  for (const status of order) {
    for (const c of result.criteria.filter((x) => x.status === status)) {
      // Evidence the reason already names is not repeated.
      const unnamed = c.evidence.filter((ref) => !c.reason.includes(ref));
      const evidence = unnamed.length ? `  [${unnamed.join(', ')}]` : '';
      text += `  ${MARK[c.status]} ${c.id} ${c.type.padEnd(9)} ${c.reason}${evidence}\n`;
    }
  }
  for (const w of result.warnings) text += `  · note: ${w}\n`;
  return text;
}

/**
 * One patient's results as `format` writes them. Pure, so patients can be formatted anywhere (on
 * worker threads too) and the writer only puts the texts in order.
 */
export function formatPatient(format: Format, result: ScreeningResult, options: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(patientObject(result));
    case 'ndjson':
      return `${JSON.stringify(patientObject(result))}\n`;
    case 'csv':
      return csvRows(result);
    case 'table':
      return tableBlock(result, options.showAll ?? false);
  }
}

function jsonWriter(write: Write, header: RunHeader): ScreenWriter {
  write(`{"protocol":${JSON.stringify(header.protocol)},"asOf":${JSON.stringify(header.asOf)},"patients":[`);
  let first = true;
  return {
    patient(text) {
      write(first ? '\n' : ',\n');
      write(text);
      first = false;
    },
    end(errors) {
      write(`\n],"errors":${JSON.stringify(errors.map(({ source, message }) => ({ source, message })))}}\n`);
    },
  };
}

function plainWriter(write: Write, heading?: string): ScreenWriter {
  if (heading !== undefined) write(heading);
  return {
    patient: (text) => write(text),
    end: () => {},
  };
}

function tableWriter(write: Write, header: RunHeader): ScreenWriter {
  const context = [
    `as of ${header.asOf}`,
    header.siteId ? `site ${header.siteId}` : 'no site given',
    header.plannedMki ? `planned MKI ${header.plannedMki}` : 'planned MKI from the questionnaire',
  ];
  write(`${header.protocol} eligibility screening — ${context.join(' · ')}\n`);
  write(
    `Legend: ✗ not met  ? unknown (data missing or too old)  ! needs review (a person must confirm)  ✓ met\n`,
  );
  const totals = { eligible: 0, ineligible: 0, incomplete: 0 };
  return {
    patient(text, overall) {
      totals[overall] += 1;
      write(text);
    },
    end(errors) {
      const n = totals.eligible + totals.ineligible + totals.incomplete;
      write(
        `\n${n} patient${n === 1 ? '' : 's'}: ${totals.eligible} eligible, ${totals.ineligible} ineligible, ${totals.incomplete} incomplete; ${errors.length} input error${errors.length === 1 ? '' : 's'}\n`,
      );
      for (const e of errors) write(`  input error ${e.source}: ${e.message}\n`);
    },
  };
}

/** Writes the run's heading now, then each patient's text from formatPatient, then the ending. */
export function createWriter(format: Format, write: Write, header: RunHeader): ScreenWriter {
  switch (format) {
    case 'json':
      return jsonWriter(write, header);
    case 'ndjson':
      return plainWriter(write);
    case 'csv':
      return plainWriter(write, 'patientId,overall,criterionId,type,status,reason,evidence\r\n');
    case 'table':
      return tableWriter(write, header);
  }
}
