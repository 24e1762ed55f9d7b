/**
 * The subject-level file (ADaM ADSL-like): one row per subject with the dates the endpoints need.
 * Columns as in pharmaverseadam's ADSL / admiral templates: USUBJID, ARM, RANDDT (randomization),
 * TRTSDT (first dose), DTHDT (death), LSTALVDT (last known alive); optional STUDYID, ARMCD, and NACTDT
 * (start of new anti-cancer therapy — the name admiralonco's "Creating and Using New Anti-Cancer Start
 * Date" vignette gives it when it merges the date into ADSL).
 *
 * ADaM dates should be complete; a partial one is imputed by the same rule as SDTM dates, with a
 * warning, so that e.g. a death recorded as "2024-05" is not lost.
 */
import { readCsvTable, requireColumns } from './csv-table.ts';
import type { AnalysisDate } from './partial-date.ts';
import type { SourceRef } from './problems.ts';
import { type DomainRead, ReadContext, type ReadOptions } from './read-context.ts';

export interface AdslRecord {
  source: SourceRef;
  studyid: string | null;
  usubjid: string;
  arm: string | null;
  armcd: string | null;
  randdt: AnalysisDate | null;
  trtsdt: AnalysisDate | null;
  dthdt: AnalysisDate | null;
  lstalvdt: AnalysisDate | null;
  /** New anti-cancer therapy start (admiralonco's NACTDT); null when none or not in the file. */
  nactdt: AnalysisDate | null;
}

export function readAdsl(
  text: string,
  file: string,
  options: Pick<ReadOptions, 'imputation'> = {},
): DomainRead<AdslRecord> {
  const context = new ReadContext(file, 'ADSL', options);
  const table = readCsvTable(text, file, context.problems);
  if (!table) return context.result([]);
  const required = ['USUBJID', 'ARM', 'RANDDT', 'TRTSDT', 'DTHDT', 'LSTALVDT'];
  if (!requireColumns(table, file, 'ADSL', required, context.problems)) return context.result([]);

  const records: AdslRecord[] = [];
  const seen = new Map<string, AdslRecord>();
  for (const row of table.rows) {
    const usubjid = row.get('USUBJID');
    const at = { source: row.source, usubjid: usubjid ?? undefined };
    if (usubjid === null) {
      context.problem(at, 'missing-value', 'error', 'USUBJID is empty; row left out');
      continue;
    }
    const first = seen.get(usubjid);
    if (first) {
      context.problem(
        at,
        'duplicate',
        'error',
        `subject appears again (first at line ${first.source.line}); this row is ignored`,
      );
      continue;
    }
    const record: AdslRecord = {
      source: row.source,
      studyid: row.get('STUDYID'),
      usubjid,
      arm: row.get('ARM'),
      armcd: row.get('ARMCD'),
      randdt: context.date(row, 'RANDDT', at),
      trtsdt: context.date(row, 'TRTSDT', at),
      dthdt: context.date(row, 'DTHDT', at),
      lstalvdt: context.date(row, 'LSTALVDT', at),
      nactdt: context.date(row, 'NACTDT', at),
    };
    if (record.randdt === null && row.get('RANDDT') === null)
      context.problem(
        at,
        'missing-value',
        'warning',
        'RANDDT is empty: the subject has no randomization date',
      );
    seen.set(usubjid, record);
    records.push(record);
  }
  return context.result(records);
}
