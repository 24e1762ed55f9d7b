/**
 * The one runner for the RECIST case files in test/cases/recist/ (recist-<section>-<topic>.yaml).
 * Each case is a small subject history; the file may give default lesions and baseline.
 *
 *   defaults:
 *     lesions: [{ id: T1, kind: target, organ: liver }, { id: N1, kind: target, nodal: true }]
 *     baseline: { date: 2024-01-01, m: { T1: 30, N1: 20 } }
 *   cases:
 *     - name: exactly -30 % is PR
 *       followUps: [{ date: 2024-03-01, m: { T1: 15, N1: 20 }, new: [X1], equivocal: [X2] }]
 *       expect:
 *         timePoints: [{ target: PR, overall: PR, pctBase: -30, derivation: '⇒ PR' }]
 *         problems: []
 *
 * Shorthand in `m`: a number is `diameterMm`, a string is a `state`, an object is the measurement
 * itself; `measurements:` (a list) is passed through as is (for duplicates). `nodal` defaults to false.
 * `problems` lists every expected problem (message as a substring); the count must match exactly.
 * A failure prints the case's derivations and problems.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  assessSubject,
  type Lesion,
  type Measurement,
  type Problem,
  type RecistOptions,
  type SubjectAssessment,
  type TimePoint,
} from './index.ts';

const DIR = fileURLToPath(new URL('../../test/cases/recist/', import.meta.url));

interface CaseTimePoint {
  date: string;
  visit?: string;
  m?: Record<string, unknown>;
  measurements?: Measurement[];
  new?: string[];
  equivocal?: string[];
}
type Substrings = string | string[];
interface ExpectedProblem {
  date?: string;
  lesionId?: string;
  message: string;
}
interface ExpectedTimePoint {
  date?: string;
  target?: string;
  nonTarget?: string;
  newLesions?: string;
  overall?: string;
  sum?: number | null;
  complete?: boolean;
  nadir?: number | null;
  nadirDate?: string | null;
  changeBase?: number | null;
  pctBase?: number | null;
  changeNadir?: number | null;
  pctNadir?: number | null;
  derivation?: Substrings;
}
interface Case {
  name: string;
  lesions?: Array<Partial<Lesion> & { id: string }>;
  baseline?: CaseTimePoint;
  followUps?: CaseTimePoint[];
  options?: RecistOptions;
  expect: {
    baseline?: {
      valid?: boolean;
      disease?: string;
      hasMeasurableLesion?: boolean;
      targetCount?: number;
      sum?: number | null;
      lesions?: Record<string, { measurability?: string; targetEligible?: boolean; problems?: string[] }>;
    };
    timePoints?: ExpectedTimePoint[];
    problems?: ExpectedProblem[];
  };
}
interface CaseFile {
  defaults?: Pick<Case, 'lesions' | 'baseline' | 'followUps'>;
  cases: Case[];
}

const asList = (s: Substrings | undefined): string[] => (s === undefined ? [] : Array.isArray(s) ? s : [s]);

function toTimePoint(tp: CaseTimePoint): TimePoint {
  const fromShort = Object.entries(tp.m ?? {}).map(([lesionId, v]): Measurement => {
    if (typeof v === 'number' || v === null) return { lesionId, diameterMm: v };
    if (typeof v === 'string') return { lesionId, state: v as Measurement['state'] };
    return { lesionId, ...(v as Omit<Measurement, 'lesionId'>) };
  });
  return {
    date: String(tp.date),
    ...(tp.visit !== undefined ? { visit: tp.visit } : {}),
    measurements: [...fromShort, ...(tp.measurements ?? [])],
    newLesions: [
      ...(tp.new ?? []).map((id) => ({ id, equivocal: false })),
      ...(tp.equivocal ?? []).map((id) => ({ id, equivocal: true })),
    ],
  };
}

function show(out: SubjectAssessment): string {
  const lines = out.timePoints.map((t) => `  ${t.date}: ${t.derivation}`);
  const problems = out.problems.map((p) => `  ! ${p.date} ${p.lesionId ?? '-'}: ${p.message}`);
  return ['time points:', ...lines, 'problems:', ...problems].join('\n');
}

function matches(p: Problem, e: ExpectedProblem): boolean {
  return (
    (e.date === undefined || p.date === String(e.date)) &&
    (e.lesionId === undefined || p.lesionId === e.lesionId) &&
    p.message.includes(e.message)
  );
}

/** Every "Table N row M" an overall derivation cited, to check that the cases cover both tables. */
const rowsSeen = new Set<string>();

function run(file: CaseFile, c: Case): void {
  const lesions = (c.lesions ?? file.defaults?.lesions ?? []).map(
    (l): Lesion => ({ kind: 'target', nodal: false, ...l }) as Lesion,
  );
  const baseline = c.baseline ?? file.defaults?.baseline;
  if (!baseline) throw new Error(`case "${c.name}" has no baseline`);
  const followUps = (c.followUps ?? file.defaults?.followUps ?? []).map(toTimePoint);
  const out = assessSubject({ lesions, baseline: toTimePoint(baseline), followUps }, c.options);
  const shown = `${c.name}\n${show(out)}`;
  for (const t of out.timePoints) rowsSeen.add(/Table \d row \d/.exec(t.overallDerivation)?.[0] ?? 'none');

  const eb = c.expect.baseline;
  if (eb) {
    const b = out.baseline;
    const pick = { valid: b.valid, disease: b.disease, hasMeasurableLesion: b.hasMeasurableLesion };
    const got = { ...pick, targetCount: b.targetCount, sum: b.sumMm };
    for (const [k, v] of Object.entries(eb)) {
      if (k !== 'lesions') expect(got[k as keyof typeof got], `${shown}\nbaseline.${k}`).toEqual(v);
    }
    for (const [id, el] of Object.entries(eb.lesions ?? {})) {
      const r = b.lesions.find((x) => x.lesionId === id);
      expect(r, `${shown}\nbaseline lesion ${id}`).toBeDefined();
      if (!r) continue;
      if (el.measurability !== undefined) expect(r.measurability, `${shown}\n${id}`).toBe(el.measurability);
      if (el.targetEligible !== undefined)
        expect(r.targetEligible, `${shown}\n${id}`).toBe(el.targetEligible);
      for (const s of el.problems ?? []) expect(r.problems.join(' | '), `${shown}\n${id}`).toContain(s);
      if (el.problems?.length === 0) expect(r.problems, `${shown}\n${id}`).toEqual([]);
    }
  }

  const ets = c.expect.timePoints;
  if (ets) {
    expect(out.timePoints.length, shown).toBe(ets.length);
    ets.forEach((e, i) => {
      const t = out.timePoints[i];
      if (!t) return;
      const where = `${shown}\ntime point ${i + 1} (${t.date})`;
      const got: Record<string, unknown> = {
        date: t.date,
        target: t.target.response,
        nonTarget: t.nonTarget.response,
        newLesions: t.newLesions.status,
        overall: t.overall,
        sum: t.target.sumMm,
        complete: t.target.complete,
        nadir: t.target.nadirMm,
        nadirDate: t.target.nadirDate,
        changeBase: t.target.changeFromBaselineMm,
        pctBase: t.target.pctChangeFromBaseline,
        changeNadir: t.target.changeFromNadirMm,
        pctNadir: t.target.pctChangeFromNadir,
        progressionDatedFrom: t.progressionDatedFrom ?? null,
      };
      for (const [k, v] of Object.entries(e)) {
        if (k === 'derivation') continue;
        expect(got[k], `${where}: ${k}`).toEqual(k.endsWith('ate') && v !== null ? String(v) : v);
      }
      for (const s of asList(e.derivation)) expect(t.derivation, where).toContain(s);
    });
  }

  const eps = c.expect.problems;
  if (eps) {
    for (const e of eps) {
      expect(
        out.problems.some((p) => matches(p, e)),
        `${shown}\nexpected problem ${JSON.stringify(e)}`,
      ).toBe(true);
    }
    expect(out.problems.length, `${shown}\nnumber of problems`).toBe(eps.length);
  }
}

const files = readdirSync(DIR)
  .filter((f) => /^recist-.*\.yaml$/.test(f))
  .sort();

describe('RECIST case files', () => {
  it('exist', () => expect(files.length).toBeGreaterThan(0));
});

for (const name of files) {
  const file = parse(readFileSync(`${DIR}${name}`, 'utf8')) as CaseFile;
  describe(name, () => {
    for (const c of file.cases) it(c.name, () => run(file, c));
  });
}

describe('coverage of RECIST 1.1 §4.4.1', () => {
  it('every row of Table 1 and Table 2 is decided by some case', () => {
    const rows = [...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `Table 1 row ${n}`)];
    rows.push(...[1, 2, 3, 4, 5].map((n) => `Table 2 row ${n}`));
    expect(rows.filter((r) => !rowsSeen.has(r))).toEqual([]);
  });
});
