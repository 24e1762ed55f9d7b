/**
 * SDTM TR (Tumor/Lesion Results): measurements and states of the lesions identified in TU, linked by
 * TRLNKID = TULNKID. Conventions verified in pharmaversesdtm (`data-raw/tr_onco.R`,
 * `tr_onco_recist.R`, `rs_onco_recist.R`): TRTESTCD "LDIAM" (Longest Diameter) and "LPERP" (Longest
 * Perpendicular — the short axis, used for lymph nodes, TULOC "LYMPH NODE"), "TUMSTATE" (Tumor State:
 * PRESENT / ABSENT / UNEQUIVOCAL for non-target lesions, EQUIVOCAL / UNEQUIVOCAL for new ones);
 * diameters in TRSTRESN with TRSTRESU "mm"; "SUMDIAM" and other derived tests are ignored (counted).
 */
import { hasColumn, readCsvTable, requireColumns } from './csv-table.ts';
import type { AnalysisDate } from './partial-date.ts';
import type { SourceRef } from './problems.ts';
import {
  code,
  type DomainRead,
  ReadContext,
  type ReadOptions,
  type RowContext,
  visitLabel,
} from './read-context.ts';
import { differentReader } from './tu.ts';

export type TrTest = 'LDIAM' | 'LPERP' | 'TUMSTATE';

export interface TrRecord {
  source: SourceRef;
  usubjid: string;
  /** TRLNKID */
  lesionId: string;
  test: TrTest;
  /** LDIAM / LPERP in mm; null when not measured (TRSTAT "NOT DONE") or not a number (a problem). */
  valueMm: number | null;
  /** TUMSTATE result, upper-case (PRESENT, ABSENT, EQUIVOCAL, UNEQUIVOCAL, …); null for diameters. */
  state: string | null;
  /** TRSTAT ("NOT DONE") */
  status: string | null;
  /** TRDTC */
  date: AnalysisDate | null;
  visit: string | null;
  visitnum: number | null;
  evaluator: string | null;
  evaluatorId: string | null;
}

const TESTS = new Set<string>(['LDIAM', 'LPERP', 'TUMSTATE']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readTr(text: string, file: string, options: ReadOptions = {}): DomainRead<TrRecord> {
  const context = new ReadContext(file, 'TR', options);
  const table = readCsvTable(text, file, context.problems);
  if (!table) return context.result([]);
  const required = [
    'USUBJID',
    'TRLNKID',
    'TRTESTCD',
    ['TRSTRESC', 'TRSTRESN'],
    'TRDTC',
    ['VISIT', 'VISITNUM'],
  ];
  if (!requireColumns(table, file, 'TR', required, context.problems)) return context.result([]);
  const hasUnit = hasColumn(table, 'TRSTRESU');

  const records: TrRecord[] = [];
  const seen = new Map<string, TrRecord>();
  for (const row of table.rows) {
    const test = code(row, 'TRTESTCD');
    if (test === null || !TESTS.has(test)) {
      context.ignore(`TRTESTCD ${test ?? '(empty)'}`);
      continue;
    }
    if (!context.selectsEvaluator(row)) continue;
    const usubjid = row.get('USUBJID');
    const lesionId = row.get('TRLNKID');
    const at: RowContext = {
      source: row.source,
      usubjid: usubjid ?? undefined,
      visit: visitLabel(row),
      lesion: lesionId ?? undefined,
    };
    if (usubjid === null || lesionId === null) {
      context.problem(
        at,
        'missing-value',
        'error',
        `${usubjid === null ? 'USUBJID' : 'TRLNKID'} is empty; row left out`,
      );
      continue;
    }
    const date = context.requiredDate(row, 'TRDTC', at, 'error', 'TRDTC is empty: the result has no date');
    const record: TrRecord = {
      source: row.source,
      usubjid,
      lesionId,
      test: test as TrTest,
      valueMm: test === 'TUMSTATE' ? null : diameter(row, hasUnit, context, at, test),
      state: test === 'TUMSTATE' ? (code(row, 'TRSTRESC') ?? code(row, 'TRORRES')) : null,
      status: code(row, 'TRSTAT'),
      date,
      visit: row.get('VISIT'),
      visitnum: context.visitNumber(row, at),
      evaluator: row.get('TREVAL'),
      evaluatorId: row.get('TREVALID'),
    };
    const key = [usubjid, lesionId, test, date?.date ?? `visit ${at.visit}`].join('\u0000');
    const duplicate = (first: TrRecord) =>
      `second ${test} for lesion ${lesionId} on ${date?.date ?? at.visit} (first at line ${first.source.line}${differentReader(first, record)}); this record is ignored`;
    if (context.keepFirst(seen, key, record, at, duplicate)) records.push(record);
  }
  return context.result(records);
}

/** TRSTRESN, else TRSTRESC, in mm; cm are converted; anything else is a problem and null. */
function diameter(
  row: { get(column: string): string | null },
  hasUnit: boolean,
  context: ReadContext,
  at: RowContext,
  test: string,
): number | null {
  const text = row.get('TRSTRESN') ?? row.get('TRSTRESC');
  if (text === null) return null; // not measured: TRSTAT "NOT DONE", or simply missing — the engine's NE
  if (!NUMBER.test(text) || Number(text) < 0) {
    context.problem(
      at,
      'non-numeric',
      'error',
      `${test} result "${text}" is not a non-negative number; taken as not measured`,
    );
    return null;
  }
  const unit = hasUnit ? (row.get('TRSTRESU')?.toLowerCase() ?? 'mm') : 'mm';
  if (unit === 'mm') return Number(text);
  if (unit === 'cm') return Number(text) * 10;
  context.problem(
    at,
    'unknown-value',
    'error',
    `${test} unit TRSTRESU "${unit}" is not mm or cm; taken as not measured`,
  );
  return null;
}
