/**
 * TU, TR, RS and ADSL records grouped per subject into the shape a RECIST engine and the endpoint
 * derivations read: the lesions identified at baseline (and new ones), each tumor assessment with one
 * diameter per lesion, the new lesions seen at it, and the responses recorded in RS.
 *
 * Decisions, each visible in a problem when it matters:
 * - An assessment is one visit (VISITNUM, else VISIT, else the date). Its `date` is the earliest date
 *   among its records (FDA 2018 guidance: progression is dated by the earliest scan of the assessment
 *   that shows it); `dates` lists them all for rules that want the latest.
 * - The diameter used for a lesion is LDIAM for a non-nodal lesion and LPERP (the short axis) for a lymph
 *   node (RECIST 1.1 §3.1.1/§4.2; pharmaversesdtm's `rs_onco_recist.R` selects the same way). A node
 *   measured without LPERP gets no diameter (`null`, not evaluable) and a problem — never its long axis.
 * - A lesion not measured at an assessment is absent from `measurements`; one with a result row but no
 *   value (TRSTAT "NOT DONE") is present with `diameterMm: null`. Both mean "not assessed".
 * - A TR result for a TRLNKID that TU never identified is left out with a problem (one per subject,
 *   lesion and visit).
 * - Baseline assessments are the visits at which TU identified target or non-target lesions.
 */
import type { AdslRecord } from './adsl.ts';
import type { AnalysisDate, ImputationFlag } from './partial-date.ts';
import type { Problem, SourceRef } from './problems.ts';
import type { RsRecord } from './rs.ts';
import type { TrRecord } from './tr.ts';
import type { LesionKind, TuRecord } from './tu.ts';

export interface SubjectLesion {
  /** TULNKID */
  id: string;
  kind: LesionKind;
  nodal: boolean;
  /** TULOC: the organ or site, for RECIST's "at most two target lesions per organ". */
  location: string | null;
  /** Where TU identified it (baseline for target / non-target lesions, the follow-up for new ones). */
  identified: { date: string | null; visit: string | null };
  source: SourceRef;
}

export interface LesionMeasurement {
  lesionId: string;
  /** LDIAM (non-nodal) or LPERP (nodal) in mm; null when not measured or not usable (see problems). */
  diameterMm: number | null;
  /** TUMSTATE when recorded (PRESENT, ABSENT, UNEQUIVOCAL, …), upper-case. */
  state?: string;
  source: SourceRef;
}

export interface NewLesionFinding {
  /** TRLNKID / TULNKID of a lesion TU identified as NEW. */
  id: string;
  /** TUMSTATE "EQUIVOCAL" (RECIST 1.1 §4.3.5: an equivocal new lesion is not yet progression). */
  equivocal: boolean;
  source: SourceRef;
}

export interface TumorAssessment {
  /** Earliest date of the assessment's records (`YYYY-MM-DD`, imputed if partial); null if none is dated. */
  date: string | null;
  /** Every distinct date of its records, ascending. */
  dates: string[];
  /** The strongest imputation among its dates ('M' over 'D'); null when all were complete. */
  dateImputed: ImputationFlag | null;
  visit: string | null;
  visitnum: number | null;
  baseline: boolean;
  /** Target and non-target lesions, in TU order. */
  measurements: LesionMeasurement[];
  newLesions: NewLesionFinding[];
}

export interface RecordedResponse {
  date: string | null;
  dateImputed: ImputationFlag | null;
  visit: string | null;
  visitnum: number | null;
  /** RSSTRESC of OVRLRESP (CR, PR, SD, NON-CR/NON-PD, PD, NE); null when not done. */
  response: string | null;
  source: SourceRef;
}

export interface SubjectData {
  usubjid: string;
  /** The ADSL row; null when the subject is not in ADSL (a problem). */
  subject: AdslRecord | null;
  lesions: SubjectLesion[];
  /** Ascending by date (undated last), then VISITNUM. */
  assessments: TumorAssessment[];
  /** Ascending by date. */
  responses: RecordedResponse[];
}

export interface StudyRecords {
  tu: TuRecord[];
  tr: TrRecord[];
  rs: RsRecord[];
  adsl: AdslRecord[];
}

export interface GroupedStudy {
  /** ADSL order first, then subjects missing from ADSL by USUBJID. */
  subjects: SubjectData[];
  problems: Problem[];
}

type Visited = { visitnum: number | null; visit: string | null; date: AnalysisDate | null };

function visitKey(record: Visited): string {
  if (record.visitnum !== null) return `n:${record.visitnum}`;
  if (record.visit !== null) return `v:${record.visit}`;
  return `d:${record.date?.date ?? ''}`;
}

const visitName = (record: Visited) =>
  record.visit ?? (record.visitnum === null ? undefined : `VISITNUM ${record.visitnum}`);

function strongerFlag(a: ImputationFlag | null, b: ImputationFlag | null): ImputationFlag | null {
  const rank = { Y: 3, M: 2, D: 1 } as const;
  if (a === null) return b;
  if (b === null) return a;
  return rank[a] >= rank[b] ? a : b;
}

function groupBy<T>(records: T[], key: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const k = key(record);
    const group = groups.get(k);
    if (group) group.push(record);
    else groups.set(k, [record]);
  }
  return groups;
}

const NEW_LESION_ABSENT = new Set(['ABSENT', 'NO', 'NOT DONE']);
const NEW_LESION_PRESENT = new Set(['PRESENT', 'UNEQUIVOCAL', 'EQUIVOCAL', 'YES']);

export function groupBySubject(records: StudyRecords): GroupedStudy {
  const problems: Problem[] = [];
  const tuBySubject = groupBy(records.tu, (r) => r.usubjid);
  const trBySubject = groupBy(records.tr, (r) => r.usubjid);
  const rsBySubject = groupBy(records.rs, (r) => r.usubjid);
  const adslById = new Map(records.adsl.map((r) => [r.usubjid, r]));

  const others = new Set<string>();
  for (const [domain, bySubject] of [
    ['TU', tuBySubject],
    ['TR', trBySubject],
    ['RS', rsBySubject],
  ] as const) {
    for (const [usubjid, rows] of bySubject) {
      if (adslById.has(usubjid)) continue;
      others.add(usubjid);
      const first = rows[0] as { source: SourceRef };
      problems.push({
        ...first.source,
        usubjid,
        code: 'subject-not-in-adsl',
        severity: 'error',
        message: `subject has ${domain} records but no row in the subject-level file (no arm, randomization or death dates)`,
      });
    }
  }

  const ids = [...records.adsl.map((r) => r.usubjid), ...[...others].sort()];
  const subjects = ids.map((usubjid) =>
    groupSubject(
      usubjid,
      adslById.get(usubjid) ?? null,
      tuBySubject.get(usubjid) ?? [],
      trBySubject.get(usubjid) ?? [],
      rsBySubject.get(usubjid) ?? [],
      problems,
    ),
  );
  return { subjects, problems };
}

function groupSubject(
  usubjid: string,
  subject: AdslRecord | null,
  tu: TuRecord[],
  tr: TrRecord[],
  rs: RsRecord[],
  problems: Problem[],
): SubjectData {
  const lesions: SubjectLesion[] = tu.map((r) => ({
    id: r.lesionId,
    kind: r.kind,
    nodal: r.nodal,
    location: r.location,
    identified: { date: r.date?.date ?? null, visit: r.visit },
    source: r.source,
  }));
  const lesionById = new Map(lesions.map((l) => [l.id, l]));
  const baselineKeys = new Set(tu.filter((r) => r.kind !== 'new').map(visitKey));

  const known: TrRecord[] = [];
  const reported = new Set<string>();
  for (const r of tr) {
    if (lesionById.has(r.lesionId)) {
      known.push(r);
      continue;
    }
    const key = `${r.lesionId}|${visitKey(r)}`;
    if (reported.has(key)) continue;
    reported.add(key);
    problems.push({
      ...r.source,
      usubjid,
      visit: visitName(r),
      lesion: r.lesionId,
      code: 'unknown-lesion',
      severity: 'error',
      message: `lesion ${r.lesionId} has results in TR but was never identified in TU; its results are left out`,
    });
  }

  const assessments: TumorAssessment[] = [];
  const byVisit = groupBy(known, visitKey);
  const assessmentByKey = new Map<string, TumorAssessment>();
  for (const [key, rows] of byVisit) {
    const first = rows[0] as TrRecord;
    const dated = rows.flatMap((r) => (r.date ? [r.date] : []));
    const dates = [...new Set(dated.map((d) => d.date))].sort();
    const assessment: TumorAssessment = {
      date: dates[0] ?? null,
      dates,
      dateImputed: dated.reduce<ImputationFlag | null>((flag, d) => strongerFlag(flag, d.flag), null),
      visit: first.visit,
      visitnum: first.visitnum,
      baseline: baselineKeys.has(key),
      measurements: measure(usubjid, lesions, rows, problems),
      newLesions: findNewLesions(usubjid, lesions, rows, problems),
    };
    assessmentByKey.set(key, assessment);
    assessments.push(assessment);
  }

  // A new lesion TU identified but TR never describes: still a new lesion at the visit TU names.
  for (const r of tu) {
    if (r.kind !== 'new' || known.some((t) => t.lesionId === r.lesionId)) continue;
    problems.push({
      ...r.source,
      usubjid,
      visit: visitName(r),
      lesion: r.lesionId,
      code: 'new-lesion-without-result',
      severity: 'warning',
      message: `new lesion ${r.lesionId} is identified in TU but has no TR result: taken as an unequivocal new lesion at ${visitName(r) ?? r.date?.date ?? 'an undated visit'}`,
    });
    const key = visitKey(r);
    let assessment = assessmentByKey.get(key);
    if (!assessment) {
      assessment = {
        date: r.date?.date ?? null,
        dates: r.date ? [r.date.date] : [],
        dateImputed: r.date?.flag ?? null,
        visit: r.visit,
        visitnum: r.visitnum,
        baseline: false,
        measurements: [],
        newLesions: [],
      };
      assessmentByKey.set(key, assessment);
      assessments.push(assessment);
    }
    assessment.newLesions.push({ id: r.lesionId, equivocal: false, source: r.source });
  }

  assessments.sort(
    (a, b) =>
      (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) ||
      (a.date ?? '').localeCompare(b.date ?? '') ||
      (a.visitnum ?? 0) - (b.visitnum ?? 0),
  );

  const responses: RecordedResponse[] = rs
    .map((r) => ({
      date: r.date?.date ?? null,
      dateImputed: r.date?.flag ?? null,
      visit: r.visit,
      visitnum: r.visitnum,
      response: r.response,
      source: r.source,
    }))
    .sort((a, b) => (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff'));

  return { usubjid, subject, lesions, assessments, responses };
}

function measure(
  usubjid: string,
  lesions: SubjectLesion[],
  rows: TrRecord[],
  problems: Problem[],
): LesionMeasurement[] {
  const measurements: LesionMeasurement[] = [];
  for (const lesion of lesions) {
    if (lesion.kind === 'new') continue;
    const results = rows.filter((r) => r.lesionId === lesion.id);
    const first = results[0];
    if (!first) continue;
    const wanted = lesion.nodal ? 'LPERP' : 'LDIAM';
    const chosen = results.find((r) => r.test === wanted);
    const stateRow = results.find((r) => r.test === 'TUMSTATE');
    const hasDiameter = results.some((r) => r.test !== 'TUMSTATE');
    if (!chosen && hasDiameter) {
      const axis = lesion.nodal
        ? 'lymph node has no short axis (LPERP)'
        : 'non-nodal lesion has no longest diameter (LDIAM)';
      problems.push({
        ...first.source,
        usubjid,
        visit: visitName(first),
        lesion: lesion.id,
        code: lesion.nodal ? 'nodal-without-short-axis' : 'missing-value',
        severity: 'error',
        message: `${axis} at this assessment; taken as not measured`,
      });
    }
    const measurement: LesionMeasurement = {
      lesionId: lesion.id,
      diameterMm: chosen?.valueMm ?? null,
      source: (chosen ?? stateRow ?? first).source,
    };
    if (stateRow?.state) measurement.state = stateRow.state;
    measurements.push(measurement);
  }
  return measurements;
}

function findNewLesions(
  usubjid: string,
  lesions: SubjectLesion[],
  rows: TrRecord[],
  problems: Problem[],
): NewLesionFinding[] {
  const findings: NewLesionFinding[] = [];
  for (const lesion of lesions) {
    if (lesion.kind !== 'new') continue;
    const results = rows.filter((r) => r.lesionId === lesion.id);
    if (results.length === 0) continue;
    const stateRow = results.find((r) => r.test === 'TUMSTATE' && r.state !== null);
    const measured = results.find((r) => r.valueMm !== null);
    if (stateRow?.state && NEW_LESION_ABSENT.has(stateRow.state)) continue;
    if (stateRow?.state && NEW_LESION_PRESENT.has(stateRow.state)) {
      findings.push({ id: lesion.id, equivocal: stateRow.state === 'EQUIVOCAL', source: stateRow.source });
    } else if (measured) {
      // Measured but no state: a new lesion large enough to measure is unequivocal.
      findings.push({ id: lesion.id, equivocal: false, source: measured.source });
    } else if (stateRow?.state) {
      problems.push({
        ...stateRow.source,
        usubjid,
        visit: visitName(stateRow),
        lesion: lesion.id,
        code: 'unknown-value',
        severity: 'error',
        message: `new lesion TUMSTATE "${stateRow.state}" is not PRESENT, EQUIVOCAL, UNEQUIVOCAL or ABSENT; not counted`,
      });
    }
  }
  return findings;
}
