/**
 * SDTM TU (Tumor/Lesion Identification): one record per lesion identified, linked to its TR results by
 * TULNKID = TRLNKID (SDTM IG 3.x, Oncology domains). Conventions verified in pharmaversesdtm
 * (`data-raw/tu_onco.R`, `tu_onco_recist.R`): TUTESTCD "TUMIDENT", TUORRES = TUSTRESC ∈ {TARGET,
 * NON-TARGET, NEW}, nodal lesions have TULOC "LYMPH NODE"; new lesions are identified in TU at the
 * follow-up visit where they appear.
 */
import { hasColumn, readCsvTable, requireColumns } from './csv-table.ts';
import type { AnalysisDate } from './partial-date.ts';
import type { SourceRef } from './problems.ts';
import { code, type DomainRead, ReadContext, type ReadOptions, visitLabel } from './read-context.ts';

export type LesionKind = 'target' | 'non-target' | 'new';

export interface TuRecord {
  source: SourceRef;
  studyid: string | null;
  usubjid: string;
  /** TULNKID */
  lesionId: string;
  /** From TUSTRESC (TUORRES when TUSTRESC is empty). */
  kind: LesionKind;
  /** TULOC */
  location: string | null;
  /** A lymph node: TULOC contains "LYMPH NODE" (CDISC LOC terms: "LYMPH NODE", "AXILLARY LYMPH NODE", …). */
  nodal: boolean;
  /** TUDTC */
  date: AnalysisDate | null;
  visit: string | null;
  visitnum: number | null;
  evaluator: string | null;
  evaluatorId: string | null;
}

const KINDS: Record<string, LesionKind> = { TARGET: 'target', 'NON-TARGET': 'non-target', NEW: 'new' };
// SDTM IG TU identification test; other TUTESTCDs (e.g. split/merge records) are not lesion identifications.
const IDENTIFICATION = 'TUMIDENT';

export function isNodalLocation(location: string | null): boolean {
  return location?.toUpperCase().includes('LYMPH NODE') ?? false;
}

export function readTu(text: string, file: string, options: ReadOptions = {}): DomainRead<TuRecord> {
  const context = new ReadContext(file, 'TU', options);
  const table = readCsvTable(text, file, context.problems);
  if (!table) return context.result([]);
  const required = ['USUBJID', 'TULNKID', ['TUSTRESC', 'TUORRES'], 'TULOC', 'TUDTC', ['VISIT', 'VISITNUM']];
  if (!requireColumns(table, file, 'TU', required, context.problems)) return context.result([]);

  const records: TuRecord[] = [];
  const seen = new Map<string, TuRecord>();
  for (const row of table.rows) {
    const usubjid = row.get('USUBJID');
    const lesionId = row.get('TULNKID');
    const visit = visitLabel(row);
    const at = { source: row.source, usubjid: usubjid ?? undefined, visit, lesion: lesionId ?? undefined };
    if (hasColumn(table, 'TUTESTCD')) {
      const test = code(row, 'TUTESTCD');
      if (test !== IDENTIFICATION) {
        context.ignore(`TUTESTCD ${test ?? '(empty)'}`);
        continue;
      }
    }
    if (!context.selectsEvaluator(row)) continue;
    if (usubjid === null || lesionId === null) {
      context.problem(
        at,
        'missing-value',
        'error',
        `${usubjid === null ? 'USUBJID' : 'TULNKID'} is empty; row left out`,
      );
      continue;
    }
    const result = code(row, 'TUSTRESC') ?? code(row, 'TUORRES');
    const kind = result === null ? undefined : KINDS[result];
    if (kind === undefined) {
      context.problem(
        at,
        result === null ? 'missing-value' : 'unknown-value',
        'error',
        `TUSTRESC ${result === null ? 'is empty' : `"${result}" is not TARGET, NON-TARGET or NEW`}; lesion left out`,
      );
      continue;
    }
    const location = row.get('TULOC');
    if (location === null && kind !== 'new')
      context.problem(
        at,
        'missing-value',
        'warning',
        'TULOC is empty: the lesion is taken as not a lymph node',
      );
    const record: TuRecord = {
      source: row.source,
      studyid: row.get('STUDYID'),
      usubjid,
      lesionId,
      kind,
      location,
      nodal: isNodalLocation(location),
      date: context.date(row, 'TUDTC', at),
      visit: row.get('VISIT'),
      visitnum: context.visitNumber(row, at),
      evaluator: row.get('TUEVAL'),
      evaluatorId: row.get('TUEVALID'),
    };
    const key = `${usubjid}\u0000${lesionId}`;
    const duplicate = (first: TuRecord) =>
      `lesion ${lesionId} is identified again (first at line ${first.source.line}${differentReader(first, record)}); this record is ignored`;
    if (context.keepFirst(seen, key, record, at, duplicate)) records.push(record);
  }
  return context.result(records);
}

export function differentReader(
  first: { evaluatorId: string | null },
  again: { evaluatorId: string | null },
): string {
  return first.evaluatorId !== again.evaluatorId
    ? `, by ${first.evaluatorId ?? 'no evaluator ID'} vs ${again.evaluatorId ?? 'no evaluator ID'}: select one reader by its evaluator ID or accepted records only`
    : '';
}
