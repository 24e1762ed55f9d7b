/**
 * Child-Pugh score and class: Pugh RNH, Murray-Lyon IM, Dawson JL, Pietroni MC, Williams R.
 * Transection of the oesophagus for bleeding oesophageal varices. Br J Surg 1973;60:646-9.
 * Points and cut-offs as in the NCT05168163 criteria catalog ("Derived values"), used by I07.
 */

export type ChildPughClass = 'A' | 'B' | 'C';
export type ChildPughComponent = 'bilirubin' | 'albumin' | 'inr' | 'ascites' | 'encephalopathy';
type Points = 1 | 2 | 3;

export interface ChildPughInput {
  bilirubinMgDl?: number;
  albuminGDl?: number;
  inr?: number;
  ascites?: 'none' | 'mild' | 'moderate-severe';
  encephalopathy?: 'none' | 'grade-1-2' | 'grade-3-4';
}

export interface ChildPughResult {
  points: Partial<Record<ChildPughComponent, Points>>;
  /** Components not given, in the order of ChildPughComponent. */
  missing: ChildPughComponent[];
  /** Every missing component counted as 1 point. */
  minScore: number;
  /** Every missing component counted as 3 points. */
  maxScore: number;
  /** Only when nothing is missing. */
  score?: number;
  /** Only when every score in minScore..maxScore falls in one class. */
  class?: ChildPughClass;
  /** The classes of minScore..maxScore, A before C. */
  possibleClasses: ChildPughClass[];
}

const COMPONENTS: readonly ChildPughComponent[] = [
  'bilirubin',
  'albumin',
  'inr',
  'ascites',
  'encephalopathy',
];
const CLASSES: readonly ChildPughClass[] = ['A', 'B', 'C'];

const ASCITES_POINTS = { none: 1, mild: 2, 'moderate-severe': 3 } as const;
const ENCEPHALOPATHY_POINTS = { none: 1, 'grade-1-2': 2, 'grade-3-4': 3 } as const;

/** The grades the calculator scores for the clinical components: what a questionnaire's codes map to. */
export const CHILD_PUGH_GRADES: {
  readonly ascites: readonly NonNullable<ChildPughInput['ascites']>[];
  readonly encephalopathy: readonly NonNullable<ChildPughInput['encephalopathy']>[];
} = {
  ascites: Object.keys(ASCITES_POINTS) as (keyof typeof ASCITES_POINTS)[],
  encephalopathy: Object.keys(ENCEPHALOPATHY_POINTS) as (keyof typeof ENCEPHALOPATHY_POINTS)[],
};

function requireLabValue(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
}

/** Bilirubin (mg/dL): < 2 → 1, 2–3 inclusive → 2, > 3 → 3. */
function bilirubinPoints(mgDl: number): Points {
  requireLabValue(mgDl, 'bilirubin (mg/dL)');
  if (mgDl < 2) return 1;
  return mgDl <= 3 ? 2 : 3;
}

/** Albumin (g/dL) scores in the opposite direction: > 3.5 → 1, 2.8–3.5 inclusive → 2, < 2.8 → 3. */
function albuminPoints(gDl: number): Points {
  requireLabValue(gDl, 'albumin (g/dL)');
  if (gDl > 3.5) return 1;
  return gDl >= 2.8 ? 2 : 3;
}

/** INR: < 1.7 → 1, 1.7–2.3 inclusive → 2, > 2.3 → 3. */
function inrPoints(inr: number): Points {
  requireLabValue(inr, 'INR');
  if (inr < 1.7) return 1;
  return inr <= 2.3 ? 2 : 3;
}

function pointsOf(input: ChildPughInput): Partial<Record<ChildPughComponent, Points>> {
  const points: Partial<Record<ChildPughComponent, Points>> = {};
  if (input.bilirubinMgDl !== undefined) points.bilirubin = bilirubinPoints(input.bilirubinMgDl);
  if (input.albuminGDl !== undefined) points.albumin = albuminPoints(input.albuminGDl);
  if (input.inr !== undefined) points.inr = inrPoints(input.inr);
  if (input.ascites !== undefined) points.ascites = ASCITES_POINTS[input.ascites];
  if (input.encephalopathy !== undefined) points.encephalopathy = ENCEPHALOPATHY_POINTS[input.encephalopathy];
  return points;
}

/** Class A = 5–6, B = 7–9, C = 10–15. */
export function childPughClassOf(score: number): ChildPughClass {
  if (!Number.isInteger(score) || score < 5 || score > 15) {
    throw new RangeError(`a Child-Pugh score is a whole number from 5 to 15, got ${score}`);
  }
  if (score <= 6) return 'A';
  return score <= 9 ? 'B' : 'C';
}

/**
 * Scores what is known and brackets what is not: each missing component could add 1 to 3 points, so
 * a caller can tell "class A impossible" or "class A certain" before every component is recorded.
 */
export function childPugh(input: ChildPughInput): ChildPughResult {
  const points = pointsOf(input);
  const missing = COMPONENTS.filter((component) => points[component] === undefined);
  const known = Object.values(points).reduce((sum, p) => sum + p, 0);
  const minScore = known + missing.length * 1;
  const maxScore = known + missing.length * 3;
  // Classes are contiguous score ranges, so the classes of the two ends bound all in between.
  const lowest = CLASSES.indexOf(childPughClassOf(minScore));
  const highest = CLASSES.indexOf(childPughClassOf(maxScore));
  const possibleClasses = CLASSES.slice(lowest, highest + 1);
  return {
    points,
    missing,
    minScore,
    maxScore,
    ...(missing.length === 0 ? { score: known } : {}),
    ...(possibleClasses.length === 1 ? { class: possibleClasses[0] } : {}),
    possibleClasses,
  };
}
