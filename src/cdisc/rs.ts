/**
 * SDTM RS (Disease Response): the recorded overall response per time point, RSTESTCD "OVRLRESP"
 * with RSSTRESC (CR, PR, SD, NON-CR/NON-PD, PD, NE), as pharmaversesdtm's `rs_onco` /
 * `rs_onco_recist` write it. Other tests (TRGRESP, NTRGRESP, NEWLPROG, BESTRESP, …) are ignored and
 * counted.
 */
import { readCsvTable, requireColumns } from './csv-table.ts';
import type { AnalysisDate } from './partial-date.ts';
import type { SourceRef } from './problems.ts';
import { code, type DomainRead, ReadContext, type ReadOptions, visitLabel } from './read-context.ts';

export interface RsRecord {
  source: SourceRef;
  usubjid: string;
  /** RSSTRESC (RSORRES when empty), upper-case; null when not done (RSSTAT "NOT DONE"). */
  response: string | null;
  status: string | null;
  /** RSDTC */
  date: AnalysisDate | null;
  visit: string | null;
  visitnum: number | null;
  evaluator: string | null;
  evaluatorId: string | null;
}

export const OVERALL_RESPONSE = 'OVRLRESP';

export function readRs(text: string, file: string, options: ReadOptions = {}): DomainRead<RsRecord> {
  const context = new ReadContext(file, 'RS', options);
  const table = readCsvTable(text, file, context.problems);
  if (!table) return context.result([]);
  const required = ['USUBJID', 'RSTESTCD', ['RSSTRESC', 'RSORRES'], 'RSDTC', ['VISIT', 'VISITNUM']];
  if (!requireColumns(table, file, 'RS', required, context.problems)) return context.result([]);

  const records: RsRecord[] = [];
  const seen = new Map<string, RsRecord>();
  for (const row of table.rows) {
    const test = code(row, 'RSTESTCD');
    if (test !== OVERALL_RESPONSE) {
      context.ignore(`RSTESTCD ${test ?? '(empty)'}`);
      continue;
    }
    if (!context.selectsEvaluator(row)) continue;
    const usubjid = row.get('USUBJID');
    const at = { source: row.source, usubjid: usubjid ?? undefined, visit: visitLabel(row) };
    if (usubjid === null) {
      context.problem(at, 'missing-value', 'error', 'USUBJID is empty; row left out');
      continue;
    }
    const date = context.requiredDate(row, 'RSDTC', at, 'error', 'RSDTC is empty: the response has no date');
    const record: RsRecord = {
      source: row.source,
      usubjid,
      response: code(row, 'RSSTRESC') ?? code(row, 'RSORRES'),
      status: code(row, 'RSSTAT'),
      date,
      visit: row.get('VISIT'),
      visitnum: context.visitNumber(row, at),
      evaluator: row.get('RSEVAL'),
      evaluatorId: row.get('RSEVALID'),
    };
    const key = `${usubjid}\u0000${date?.date ?? `visit ${at.visit}`}`;
    const duplicate = (first: RsRecord) =>
      `second overall response on ${date?.date ?? at.visit} (first at line ${first.source.line}); this record is ignored`;
    if (context.keepFirst(seen, key, record, at, duplicate)) records.push(record);
  }
  return context.result(records);
}
