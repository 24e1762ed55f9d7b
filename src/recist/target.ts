/**
 * Target lesion response at one time point (RECIST 1.1 §4.3.1, §4.3.2, §4.4.2).
 */
import {
  formatMm,
  formatPct,
  formatSignedMm,
  type Hmm,
  hToMm,
  isPartialResponse,
  isProgression,
  PATHOLOGICAL_NODE,
  PD_ABSOLUTE,
  pctChange,
  readDiameter,
  TOO_SMALL_DEFAULT,
} from './measure.ts';
import type { Lesion, Measurement, Problem, TargetResponse, TargetResult } from './types.ts';

export interface TargetContext {
  date: string;
  /** The target lesions chosen at baseline. */
  targets: readonly Lesion[];
  /** Baseline SLD; null when a target lacks a usable baseline diameter. */
  baselineSum: Hmm | null;
  /** Smallest SLD among earlier complete assessments, baseline included. */
  nadir: { sum: Hmm; date: string } | null;
  /** The previous evaluable overall response was CR and reappearance counts as PD (see RecistOptions). */
  afterOverallCr: boolean;
}

export interface TargetOutcome {
  result: TargetResult;
  /** The complete SLD, for the nadir of later time points; null when incomplete. */
  completeSum: Hmm | null;
  problems: Problem[];
}

/** The value of one target lesion in hundredths of a mm, or null when not assessed. */
function targetValue(
  lesion: Lesion,
  m: Measurement | undefined,
  date: string,
  problems: Problem[],
): Hmm | null {
  if (!m) return null;
  const d = readDiameter(m);
  if (!d.ok) {
    problems.push({ date, lesionId: lesion.id, message: d.message });
    return null;
  }
  if (d.h !== null) {
    if (m.state === 'ABSENT' && d.h > 0 && !lesion.nodal) {
      problems.push({
        date,
        lesionId: lesion.id,
        message: `recorded ABSENT with a diameter of ${formatMm(d.h)}: the diameter is used`,
      });
    }
    return d.h;
  }
  // §4.3.2: a lesion that disappeared counts 0 mm; one believed present but too small to measure, 5 mm.
  if (m.state === 'ABSENT') return 0;
  if (m.state === 'TOO SMALL TO MEASURE') return TOO_SMALL_DEFAULT;
  if (m.state === 'NOT EVALUABLE' || m.state === 'NOT ASSESSED') return null;
  problems.push({
    date,
    lesionId: lesion.id,
    message: lesion.nodal
      ? `nodal target lesion ${lesion.id} without a short axis: not assessed`
      : `target lesion ${lesion.id} without a diameter: not assessed`,
  });
  return null;
}

/** §4.3.2: a node is normal below 10 mm short axis; a non-nodal target only at 0 mm. */
const isNormal = (lesion: Lesion, h: Hmm): boolean => (lesion.nodal ? h < PATHOLOGICAL_NODE : h === 0);

export function assessTargets(ctx: TargetContext, byId: ReadonlyMap<string, Measurement>): TargetOutcome {
  const problems: Problem[] = [];
  const empty = {
    sumMm: null,
    complete: false,
    missingLesionIds: [],
    baselineSumMm: ctx.baselineSum === null ? null : hToMm(ctx.baselineSum),
    changeFromBaselineMm: null,
    pctChangeFromBaseline: null,
    nadirMm: ctx.nadir ? hToMm(ctx.nadir.sum) : null,
    nadirDate: ctx.nadir?.date ?? null,
    changeFromNadirMm: null,
    pctChangeFromNadir: null,
  };
  const done = (response: TargetResponse, derivation: string, extra: Partial<TargetResult> = {}) => ({
    result: { ...empty, response, derivation, ...extra },
    completeSum: null,
    problems,
  });
  if (ctx.targets.length === 0) return done('NA', 'no target lesions at baseline');

  const values = ctx.targets.map((l) => ({
    lesion: l,
    h: targetValue(l, byId.get(l.id), ctx.date, problems),
  }));
  const missing = values.filter((v) => v.h === null).map((v) => v.lesion.id);
  const known = values.flatMap((v) => (v.h === null ? [] : [{ lesion: v.lesion, h: v.h }]));
  const sum = known.reduce((s, v) => s + v.h, 0);
  const complete = missing.length === 0;
  if (ctx.baselineSum === null || ctx.nadir === null) {
    return done('NE', 'baseline sum unknown (a target lacks a baseline diameter) ⇒ NE', {
      missingLesionIds: missing,
    });
  }
  const base = ctx.baselineSum;
  const nadir = ctx.nadir;
  const vsNadir = `nadir ${formatMm(nadir.sum)} (${nadir.date}), ${formatPct(pctChange(sum, nadir.sum))}, ${formatSignedMm(sum - nadir.sum)}`;
  const vsBase = `baseline ${formatMm(base)}, ${formatPct(pctChange(sum, base))}, ${formatSignedMm(sum - base)}`;
  const allKnownNormal = known.every((v) => isNormal(v.lesion, v.h));

  if (!complete) {
    const head = `${missing.join(', ')} not assessed; sum of the ${known.length} measured ${formatMm(sum)}; ${vsNadir}`;
    if (ctx.afterOverallCr) {
      const back = known.filter((v) => !isNormal(v.lesion, v.h)).map((v) => v.lesion.id);
      if (back.length > 0) {
        return done(
          'PD',
          `${head}; ${back.join(', ')} reappeared after CR ⇒ PD (RECIST FAQ: reappearance after CR)`,
          {
            missingLesionIds: missing,
          },
        );
      }
    }
    if (!allKnownNormal && isProgression(sum, nadir.sum)) {
      return done('PD', `${head} ⇒ PD (§4.4.2: the missing lesions cannot lower the sum)`, {
        missingLesionIds: missing,
      });
    }
    return done('NE', `${head}: PD not shown ⇒ NE (§4.4.2)`, { missingLesionIds: missing });
  }

  const head = `sum ${formatMm(sum)}; ${vsBase}; ${vsNadir}`;
  let response: TargetResponse;
  let why: string;
  const reappeared = known.filter((v) => !isNormal(v.lesion, v.h)).map((v) => v.lesion.id);
  if (allKnownNormal) {
    // CR before the PD test: nodes that stay < 10 mm are normal however their sum moves (§4.3.2 allows a sum > 0 at CR;
    // giving CR priority over a ≥ 20 % rise of that residual sum is trialkit's reading).
    response = 'CR';
    why = '§4.3.1: every non-nodal target gone, every node < 10 mm short axis';
  } else if (ctx.afterOverallCr) {
    response = 'PD';
    why = `${reappeared.join(', ')} reappeared after CR (RECIST FAQ: reappearance after CR is PD)`;
  } else if (isProgression(sum, nadir.sum)) {
    response = 'PD';
    why = '§4.3.1: ≥ 20 % and ≥ 5 mm over the nadir';
  } else {
    response = isPartialResponse(sum, base) ? 'PR' : 'SD';
    why = response === 'PR' ? '§4.3.1: ≥ 30 % below baseline' : '§4.3.1: neither PR nor PD';
    // Say why a rise over the nadir that meets one of the two PD conditions is not PD.
    const up = sum - nadir.sum;
    if (up > 0 && (100 * up >= 20 * nadir.sum || up >= PD_ABSOLUTE)) {
      why += '; not PD: PD needs both ≥ 20 % and ≥ 5 mm over the nadir';
    }
  }
  return {
    result: {
      response,
      derivation: `${head} ⇒ ${response} (${why})`,
      sumMm: hToMm(sum),
      complete: true,
      missingLesionIds: [],
      baselineSumMm: hToMm(base),
      changeFromBaselineMm: hToMm(sum - base),
      pctChangeFromBaseline: pctChange(sum, base),
      nadirMm: hToMm(nadir.sum),
      nadirDate: nadir.date,
      changeFromNadirMm: hToMm(sum - nadir.sum),
      pctChangeFromNadir: pctChange(sum, nadir.sum),
    },
    completeSum: sum,
    problems,
  };
}
