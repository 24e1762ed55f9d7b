/**
 * Writers for `trialkit screen --format table|json|ndjson|csv`. Each writes as patients arrive, so
 * output memory does not grow with the number of patients (json streams its `patients` array).
 * The json shape is a contract: { protocol, asOf, patients: [{ patientId, overall, criteria:
 * [{ id, type, status, reason, evidence }] }], errors: [{ source, message }] }.
 */
import type { ScreeningResult, Status } from '../eligibility/index.ts';
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
  patient(result: ScreeningResult): void;
  /** Called once at the end with every input error. */
  end(errors: readonly IntakeError[]): void;
}

type Write = (text: string) => void;

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

function jsonWriter(write: Write, header: RunHeader): ScreenWriter {
  write(`{"protocol":${JSON.stringify(header.protocol)},"asOf":${JSON.stringify(header.asOf)},"patients":[`);
  let first = true;
  return {
    patient(result) {
      write(`${first ? '\n' : ',\n'}${JSON.stringify(patientObject(result))}`);
      first = false;
    },
    end(errors) {
      write(`\n],"errors":${JSON.stringify(errors.map(({ source, message }) => ({ source, message })))}}\n`);
    },
  };
}

function ndjsonWriter(write: Write): ScreenWriter {
  return {
    patient: (result) => write(`${JSON.stringify(patientObject(result))}\n`),
    end: () => {},
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvWriter(write: Write): ScreenWriter {
  write('patientId,overall,criterionId,type,status,reason,evidence\r\n');
  return {
    patient(result) {
      for (const c of result.criteria) {
        const row = [
          result.patientId,
          result.overall,
          c.id,
          c.type,
          c.status,
          c.reason,
          c.evidence.join(' '),
        ];
        write(`${row.map(csvField).join(',')}\r\n`);
      }
    },
    end: () => {},
  };
}

const MARK: Record<Status, string> = { met: '✓', not_met: '✗', unknown: '?', needs_review: '!' };
const LABEL: Record<Status, string> = {
  met: 'met',
  not_met: 'not met',
  unknown: 'unknown',
  needs_review: 'needs review',
};

function tableWriter(write: Write, header: RunHeader, showAll: boolean): ScreenWriter {
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
    patient(result) {
      totals[result.overall] += 1;
      const counts = (['not_met', 'unknown', 'needs_review', 'met'] as const)
        .map((s) => [s, result.criteria.filter((c) => c.status === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${LABEL[s]}`);
      write(`\n${result.patientId}  ${result.overall.toUpperCase()}  (${counts.join(' · ')})\n`);
      const order: Status[] = ['not_met', 'unknown', 'needs_review', ...(showAll ? (['met'] as const) : [])];
      for (const status of order) {
        for (const c of result.criteria.filter((x) => x.status === status)) {
          // Evidence the reason already names is not repeated.
          const unnamed = c.evidence.filter((ref) => !c.reason.includes(ref));
          const evidence = unnamed.length ? `  [${unnamed.join(', ')}]` : '';
          write(`  ${MARK[c.status]} ${c.id} ${c.type.padEnd(9)} ${c.reason}${evidence}\n`);
        }
      }
      for (const w of result.warnings) write(`  · note: ${w}\n`);
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

export function createWriter(
  format: Format,
  write: Write,
  header: RunHeader,
  options: { showAll?: boolean } = {},
): ScreenWriter {
  switch (format) {
    case 'json':
      return jsonWriter(write, header);
    case 'ndjson':
      return ndjsonWriter(write);
    case 'csv':
      return csvWriter(write);
    case 'table':
      return tableWriter(write, header, options.showAll ?? false);
  }
}
