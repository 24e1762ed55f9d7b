/**
 * Plain data in and out of the RECIST 1.1 engine (Eisenhauer et al., Eur J Cancer 2009;45:228–247).
 * Section numbers in comments (§) refer to that paper. Dates are ISO `YYYY-MM-DD` strings; lengths in mm.
 *
 * Vocabulary, defined once:
 * - SLD: sum of diameters of the target lesions — longest diameter for non-nodal lesions, short axis
 *   for lymph nodes (§4.2). Kept as the classic abbreviation although it is not only "longest".
 * - nadir: the smallest SLD among EARLIER COMPLETE assessments (every target measured), baseline
 *   included (§4.3.1, PD "taking as reference the smallest sum on study").
 * - NE: not evaluable; NED: no evidence of disease (no target and no non-target lesion at baseline).
 */

/** `new` lesions are ones first seen after baseline (TU TUSTRESC = NEW in SDTM). */
export type LesionKind = 'target' | 'non-target' | 'new';

export interface Lesion {
  id: string;
  kind: LesionKind;
  /** Lymph node: measured by its short axis, not its longest diameter (§3.1.1). */
  nodal: boolean;
  /** Organ for the "≤ 2 target lesions per organ" rule (§4.2); all lymph nodes count as one organ (RECIST FAQ). */
  organ?: string;
  /** In a previously irradiated field or otherwise treated loco-regionally (§3.1.3). */
  previouslyIrradiated?: boolean;
  /** Progression demonstrated in that lesion since the local treatment; then it may be a target (§3.1.3). */
  progressedSinceTreatment?: boolean;
}

/**
 * What the reader saw of one lesion at one time point.
 * - `PRESENT`: seen (non-target: present, neither gone nor unequivocally progressing).
 * - `ABSENT`: disappeared; a target lesion then counts as 0 mm.
 * - `TOO SMALL TO MEASURE`: believed present but too faint to measure; a target counts as 5 mm (§4.3.2).
 * - `UNEQUIVOCAL PROGRESSION`: non-target unequivocal progression (§4.3.3–4.3.4).
 * - `EQUIVOCAL`: for a new lesion, equivocal (§4.3.5); for a non-target, change not unequivocal.
 * - `NOT EVALUABLE` / `NOT ASSESSED`: no usable reading: the lesion counts as not assessed.
 */
export type LesionState =
  | 'PRESENT'
  | 'ABSENT'
  | 'TOO SMALL TO MEASURE'
  | 'UNEQUIVOCAL PROGRESSION'
  | 'EQUIVOCAL'
  | 'NOT EVALUABLE'
  | 'NOT ASSESSED';

export interface Measurement {
  lesionId: string;
  /** Longest diameter (non-nodal) or short axis (nodal), mm. `null`/absent: not measured. */
  diameterMm?: number | null;
  state?: LesionState;
}

/** A new lesion seen at a time point (§4.3.5); equivocal ones are not PD (yet). */
export interface NewLesionFinding {
  id: string;
  equivocal: boolean;
}

/** One tumour assessment (time point). */
export interface TimePoint {
  date: string;
  visit?: string;
  measurements: Measurement[];
  newLesions: NewLesionFinding[];
}

/** The whole history of one subject: lesions chosen at baseline, the baseline and every follow-up. */
export interface SubjectHistory {
  lesions: Lesion[];
  baseline: TimePoint;
  /** Any order; the engine sorts by date. */
  followUps: TimePoint[];
}

export interface RecistOptions {
  /**
   * RECIST working group FAQ (recist.eortc.org, "Does a new lesion always result in PD?"): after an
   * overall CR at the previous evaluable assessment, the reappearance of any lesion is PD even when
   * the sum does not grow by 5 mm. Default true; false applies §4.3.1 to the sum alone.
   */
  reappearanceAfterCrIsPd?: boolean;
}

/** A data problem, reported and never thrown. `date` is the time point's date. */
export interface Problem {
  date: string;
  lesionId?: string;
  message: string;
}

export type TargetResponse = 'CR' | 'PR' | 'SD' | 'PD' | 'NE' | 'NA';
export type NonTargetResponse = 'CR' | 'NON-CR/NON-PD' | 'PD' | 'NE' | 'NA';
export type NewLesionStatus = 'none' | 'equivocal' | 'unequivocal';
export type OverallResponse = 'CR' | 'PR' | 'SD' | 'NON-CR/NON-PD' | 'PD' | 'NE' | 'NED';

/** Target lesions at a time point (§4.3.1). `NA` when there were no target lesions at baseline. */
export interface TargetResult {
  response: TargetResponse;
  /** SLD in mm; null when incomplete (the derivation then shows the partial sum) or not applicable. */
  sumMm: number | null;
  /** Every target lesion has a usable diameter. */
  complete: boolean;
  missingLesionIds: string[];
  baselineSumMm: number | null;
  changeFromBaselineMm: number | null;
  /** Percent, rounded to 0.1 for display; decisions use exact integer arithmetic (see measure.ts). */
  pctChangeFromBaseline: number | null;
  nadirMm: number | null;
  nadirDate: string | null;
  changeFromNadirMm: number | null;
  pctChangeFromNadir: number | null;
  derivation: string;
}

export interface NonTargetResult {
  response: NonTargetResponse;
  derivation: string;
}

export interface NewLesionResult {
  status: NewLesionStatus;
  unequivocalIds: string[];
  equivocalIds: string[];
  derivation: string;
}

export interface TimePointResult {
  date: string;
  visit?: string;
  target: TargetResult;
  nonTarget: NonTargetResult;
  newLesions: NewLesionResult;
  overall: OverallResponse;
  /** Which table and row decided the overall response. */
  overallDerivation: string;
  /** The whole chain in one line, for listings. */
  derivation: string;
  problems: Problem[];
  /**
   * §4.3.5: PD here rests on a new lesion first seen equivocal at an earlier scan; progression is dated
   * from that scan (its date). Absent otherwise.
   */
  progressionDatedFrom?: string;
}

export interface SubjectAssessment {
  baseline: BaselineReport;
  timePoints: TimePointResult[];
  /** Every problem: baseline, per time point, and implausible sequences. */
  problems: Problem[];
}

/** Measurability of one lesion at baseline (§3.1). */
export type Measurability =
  | 'measurable'
  | 'non-measurable'
  | 'pathological node, non-measurable'
  | 'normal node'
  | 'unknown';

export interface BaselineLesionReport {
  lesionId: string;
  kind: LesionKind;
  nodal: boolean;
  organ?: string;
  diameterMm: number | null;
  measurability: Measurability;
  /** Could be a target lesion: measurable and not in a treated field without progression. */
  targetEligible: boolean;
  problems: string[];
}

export interface BaselineReport {
  date: string;
  /** No problems at all. */
  valid: boolean;
  /** `measurable`: ≥ 1 target (Table 1); `non-measurable only`: non-targets only (Table 2); `none`: NED. */
  disease: 'measurable' | 'non-measurable only' | 'none';
  /** At least one lesion is measurable and target-eligible (eligibility criterion I10). */
  hasMeasurableLesion: boolean;
  targetCount: number;
  /** Baseline SLD, or null when a target lacks a usable diameter. */
  sumMm: number | null;
  lesions: BaselineLesionReport[];
  problems: Problem[];
}
