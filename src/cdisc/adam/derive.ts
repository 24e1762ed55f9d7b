/**
 * From SDTM-style records to ADaM-style datasets: each subject's tumor assessments through the RECIST
 * 1.1 engine (src/recist), the responses through the endpoint derivations (src/endpoints), and the
 * results as ADRS (OVR per visit + subject-level parameters), ADTTE (PFS, OS, RSD), ADTR (SDIAM per
 * visit) and a time-point listing that explains every step. Pure: the CLI reads and writes the files.
 */
import {
  type AdrsRecord,
  type AdtteRecord,
  avalResp,
  deriveSubjectEndpoints,
  durationDays,
  type EndpointRequest,
  type OverallResponse,
  type ResponseAssessment,
} from '../../endpoints/index.ts';
import {
  assessSubject,
  type Lesion,
  type LesionState,
  type SubjectAssessment,
  type TimePoint,
  type TimePointResult,
} from '../../recist/index.ts';
import type { SubjectData, TumorAssessment } from '../group-subjects.ts';

export type ResponseSource = 'measurements' | 'recorded';

/** The endpoints' parameters (the protocol's, from the caller) and where overall responses come from. */
export type DeriveOptions = EndpointRequest & {
  /** `measurements`: overall responses computed from TU/TR by RECIST 1.1; `recorded`: RS as given. */
  responseSource?: ResponseSource;
};

export interface TimepointRow {
  USUBJID: string;
  AVISIT: string | null;
  ADT: string;
  EVALUATOR: string;
  SUMDIAM: number | null;
  NADIR: number | null;
  PCHG: number | null;
  PCHGNAD: number | null;
  TRGRESP: string;
  NTRGRESP: string;
  NEWLPROG: string;
  OVRLRESP: string;
  RECORDED: string | null;
  /** Y when RS records a different overall response than the measurements give. */
  DISAGREE: 'Y' | null;
  DERIVATION: string;
}

export interface AdrsRow extends Omit<AdrsRecord, 'derivation' | 'PARAMCD'> {
  ARM: string | null;
  /** The endpoint parameters, and OVR: the overall response at each time point. */
  PARAMCD: AdrsRecord['PARAMCD'] | 'OVR';
  ANL01FL: 'Y' | null;
  ANL02FL: 'Y' | null;
  DERIVATION: string;
}

export interface AdtteRow extends Omit<AdtteRecord, 'derivation'> {
  ARM: string | null;
  DERIVATION: string;
}

export interface AdtrRow {
  USUBJID: string;
  ARM: string | null;
  /** Study day relative to randomization (ADaM: ADT − RANDDT + 1 on or after it, ADT − RANDDT before; no day 0). */
  ADY: number;
  PARAMCD: 'SDIAM';
  PARAM: string;
  AVISIT: string | null;
  ADT: string;
  AVAL: number | null;
  BASE: number | null;
  CHG: number | null;
  PCHG: number | null;
  NADIR: number | null;
  CHGNAD: number | null;
  PCHGNAD: number | null;
  ABLFL: 'Y' | null;
  ANL01FL: 'Y' | null;
}

export interface StudyDerivation {
  timepoints: TimepointRow[];
  adrs: AdrsRow[];
  adtte: AdtteRow[];
  adtr: AdtrRow[];
  /** One line per data problem found while deriving (the readers' problems are separate). */
  problems: string[];
  /** Visits where the recorded overall response differs from the computed one. */
  disagreements: number;
}

const STATES: ReadonlySet<string> = new Set<LesionState>([
  'PRESENT',
  'ABSENT',
  'TOO SMALL TO MEASURE',
  'UNEQUIVOCAL PROGRESSION',
  'EQUIVOCAL',
  'NOT EVALUABLE',
  'NOT ASSESSED',
]);

/** pharmaversesdtm writes UNEQUIVOCAL for a non-target lesion that progressed. */
function lesionState(state: string | undefined): LesionState | undefined {
  if (state === undefined) return undefined;
  if (state === 'UNEQUIVOCAL') return 'UNEQUIVOCAL PROGRESSION';
  return STATES.has(state) ? (state as LesionState) : undefined;
}

function timePoint(a: TumorAssessment & { date: string }): TimePoint {
  return {
    date: a.date,
    ...(a.visit === null ? {} : { visit: a.visit }),
    measurements: a.measurements.map((m) => ({
      lesionId: m.lesionId,
      diameterMm: m.diameterMm,
      ...(lesionState(m.state) ? { state: lesionState(m.state) } : {}),
    })),
    newLesions: a.newLesions.map((n) => ({ id: n.id, equivocal: n.equivocal })),
  };
}

function assess(data: SubjectData, problems: string[]): SubjectAssessment | undefined {
  const dated = data.assessments.filter((a): a is TumorAssessment & { date: string } => {
    if (a.date === null)
      problems.push(`${data.usubjid} ${a.visit ?? ''}: tumor assessment without a date, not used`);
    return a.date !== null;
  });
  const baselines = dated.filter((a) => a.baseline);
  const baseline = baselines.at(-1);
  if (!baseline) {
    if (dated.length)
      problems.push(
        `${data.usubjid}: no baseline tumor assessment; responses not computed from measurements`,
      );
    return undefined;
  }
  const lesions: Lesion[] = data.lesions
    .filter((l) => l.kind !== 'new')
    .map((l) => ({ id: l.id, kind: l.kind, nodal: l.nodal, ...(l.location ? { organ: l.location } : {}) }));
  const result = assessSubject({
    lesions,
    baseline: timePoint(baseline),
    followUps: dated.filter((a) => !a.baseline).map(timePoint),
  });
  for (const p of result.problems)
    problems.push(`${data.usubjid} ${p.date}${p.lesionId ? ` lesion ${p.lesionId}` : ''}: ${p.message}`);
  return result;
}

function studyDay(randomization: string, date: string): number {
  const day = durationDays(randomization, date);
  return day >= 1 ? day : day - 1;
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function adtrRows(
  usubjid: string,
  arm: string | null,
  randomization: string,
  assessed: SubjectAssessment,
): AdtrRow[] {
  const base = assessed.baseline.sumMm;
  const baseRow: AdtrRow = {
    USUBJID: usubjid,
    ARM: arm,
    ADY: studyDay(randomization, assessed.baseline.date),
    PARAMCD: 'SDIAM',
    PARAM: 'Target Lesions Sum of Diameters by Investigator (mm)',
    AVISIT: 'BASELINE',
    ADT: assessed.baseline.date,
    AVAL: base,
    BASE: base,
    CHG: base === null ? null : 0,
    PCHG: base === null ? null : 0,
    NADIR: null,
    CHGNAD: null,
    PCHGNAD: null,
    ABLFL: 'Y',
    ANL01FL: base === null ? null : 'Y',
  };
  return [
    baseRow,
    ...assessed.timePoints.map(
      (t): AdtrRow => ({
        ...baseRow,
        AVISIT: t.visit ?? null,
        ADT: t.date,
        ADY: studyDay(randomization, t.date),
        AVAL: t.target.sumMm,
        CHG: t.target.changeFromBaselineMm,
        PCHG: pct(t.target.pctChangeFromBaseline),
        NADIR: t.target.nadirMm,
        CHGNAD: t.target.changeFromNadirMm,
        PCHGNAD: pct(t.target.pctChangeFromNadir),
        ABLFL: null,
        ANL01FL: t.target.sumMm === null ? null : 'Y',
      }),
    ),
  ];
}

function timepointRows(data: SubjectData, results: TimePointResult[], evaluator: string): TimepointRow[] {
  return results.map((t) => {
    const recorded = data.responses.find(
      (r) => r.date === t.date || (t.visit !== undefined && r.visit === t.visit),
    );
    const recordedResponse = recorded?.response ?? null;
    return {
      USUBJID: data.usubjid,
      AVISIT: t.visit ?? null,
      ADT: t.date,
      EVALUATOR: evaluator,
      SUMDIAM: t.target.sumMm,
      NADIR: t.target.nadirMm,
      PCHG: pct(t.target.pctChangeFromBaseline),
      PCHGNAD: pct(t.target.pctChangeFromNadir),
      TRGRESP: t.target.response,
      NTRGRESP: t.nonTarget.response,
      NEWLPROG: t.newLesions.status,
      OVRLRESP: t.overall,
      RECORDED: recordedResponse,
      DISAGREE: recordedResponse !== null && recordedResponse !== t.overall ? 'Y' : null,
      DERIVATION: t.derivation,
    };
  });
}

/**
 * Overall responses of the time points. Where the engine dates a progression from an earlier scan (a
 * new lesion first seen equivocal, RECIST 1.1 §4.3.5), that scan's response is reported as PD — §4.3.5 dates the progression;
 * relabelling the earlier time point is trialkit's derivation choice.
 */
function measuredResponses(timePoints: readonly TimePointResult[]): ResponseAssessment[] {
  const datedFrom = new Set(
    timePoints.flatMap((t) => (t.progressionDatedFrom ? [t.progressionDatedFrom] : [])),
  );
  return timePoints.map((t) => ({
    date: t.date,
    ...(t.visit ? { visit: t.visit } : {}),
    response: datedFrom.has(t.date) ? 'PD' : t.overall,
  }));
}

const OVERALL: ReadonlySet<string> = new Set(['CR', 'PR', 'SD', 'NON-CR/NON-PD', 'PD', 'NE', 'NED']);

/** OVR records: every response used, one per date (ANL01FL) and up to the first PD (ANL02FL). */
function ovrRows(
  usubjid: string,
  arm: string | null,
  responses: ResponseAssessment[],
  randomization: string,
): AdrsRow[] {
  const byDate = new Map<string, ResponseAssessment>();
  for (const r of responses) if (r.date >= randomization && r.response) byDate.set(r.date, r);
  let progressed = false;
  return responses.map((r): AdrsRow => {
    const anl01 = byDate.get(r.date) === r;
    const anl02 = anl01 && !progressed;
    if (anl01 && r.response === 'PD') progressed = true;
    return {
      USUBJID: usubjid,
      ARM: arm,
      PARAMCD: 'OVR',
      PARAM: 'Overall Response by Investigator',
      AVALC: r.response ?? null,
      AVAL: r.response ? avalResp(r.response) : null,
      ADT: r.date,
      ...(r.visit ? { AVISIT: r.visit } : {}),
      ANL01FL: anl01 ? 'Y' : null,
      ANL02FL: anl02 ? 'Y' : null,
      DERIVATION: anl01
        ? 'time-point overall response'
        : 'not used (before randomization, missing, or another record on this date)',
    };
  });
}

export function deriveStudy(
  subjects: readonly SubjectData[],
  options: DeriveOptions,
  evaluator = 'INVESTIGATOR',
): StudyDerivation {
  const { responseSource = 'measurements', ...endpointOptions } = options;
  const out: StudyDerivation = {
    timepoints: [],
    adrs: [],
    adtte: [],
    adtr: [],
    problems: [],
    disagreements: 0,
  };
  for (const data of subjects) {
    const adsl = data.subject;
    if (!adsl?.randdt) {
      out.problems.push(
        `${data.usubjid}: ${adsl ? 'no randomization date (RANDDT)' : 'not in ADSL'}; no endpoints derived`,
      );
      continue;
    }
    const assessed = assess(data, out.problems);
    let responses: ResponseAssessment[];
    if (assessed) {
      const rows = timepointRows(data, assessed.timePoints, evaluator);
      out.timepoints.push(...rows);
      out.disagreements += rows.filter((r) => r.DISAGREE).length;
      out.adtr.push(...adtrRows(data.usubjid, adsl.arm, adsl.randdt.date, assessed));
    }
    if (responseSource === 'measurements') {
      responses = measuredResponses(assessed?.timePoints ?? []);
    } else {
      responses = data.responses.flatMap((r) => {
        if (r.date === null) return [];
        const response =
          r.response !== null && OVERALL.has(r.response) ? (r.response as OverallResponse) : null;
        return [{ date: r.date, ...(r.visit ? { visit: r.visit } : {}), response }];
      });
    }
    const endpoints = deriveSubjectEndpoints(
      {
        usubjid: data.usubjid,
        ...(adsl.arm ? { arm: adsl.arm } : {}),
        randomizationDate: adsl.randdt.date,
        ...(adsl.trtsdt ? { treatmentStartDate: adsl.trtsdt.date } : {}),
        ...(adsl.dthdt ? { deathDate: adsl.dthdt.date } : {}),
        ...(adsl.lstalvdt ? { lastKnownAliveDate: adsl.lstalvdt.date } : {}),
        ...(adsl.nactdt ? { newAnticancerTherapyDate: adsl.nactdt.date } : {}),
        baselineAssessmentDate: assessed
          ? assessed.baseline.date
          : data.assessments.length
            ? undefined
            : null,
        ...(assessed ? { measurableDiseaseAtBaseline: assessed.baseline.hasMeasurableLesion } : {}),
        responses,
      },
      endpointOptions,
    );
    for (const issue of endpoints.issues)
      out.problems.push(`${issue.usubjid}${issue.date ? ` ${issue.date}` : ''}: ${issue.message}`);
    out.adrs.push(...ovrRows(data.usubjid, adsl.arm, responses, adsl.randdt.date));
    for (const { derivation, ...record } of endpoints.adrs)
      out.adrs.push({ ...record, ARM: adsl.arm, ANL01FL: 'Y', ANL02FL: null, DERIVATION: derivation });
    for (const { derivation, ...record } of endpoints.adtte)
      out.adtte.push({ ...record, ARM: adsl.arm, DERIVATION: derivation });
  }
  return out;
}
