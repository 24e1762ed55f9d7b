/**
 * One follow-up time point: targets, non-targets, new lesions and the overall response, with every
 * data problem found on that date.
 */
import { type Hmm, indexMeasurements } from './measure.ts';
import { assessNewLesions, assessNonTargets } from './non-target.ts';
import { overallResponse } from './overall.ts';
import { assessTargets } from './target.ts';
import type { Lesion, Measurement, TimePoint, TimePointResult } from './types.ts';

export interface TimePointContext {
  lesionsById: ReadonlyMap<string, Lesion>;
  targets: readonly Lesion[];
  nonTargets: readonly Lesion[];
  baselineSum: Hmm | null;
  nadir: { sum: Hmm; date: string } | null;
  /** Previous evaluable overall response was CR and reappearance after CR counts as PD. */
  afterOverallCr: boolean;
}

export function assessTimePoint(
  tp: TimePoint,
  ctx: TimePointContext,
): { result: TimePointResult; completeSum: Hmm | null } {
  const { byId, problems } = indexMeasurements(tp.date, tp.measurements ?? [], ctx.lesionsById);
  const target = assessTargets(
    {
      date: tp.date,
      targets: ctx.targets,
      baselineSum: ctx.baselineSum,
      nadir: ctx.nadir,
      afterOverallCr: ctx.afterOverallCr,
    },
    byId,
  );
  const nonTarget = assessNonTargets(tp.date, ctx.nonTargets, byId, ctx.afterOverallCr);
  const newMeasurements: Measurement[] = [];
  for (const [id, m] of byId) if (ctx.lesionsById.get(id)?.kind === 'new') newMeasurements.push(m);
  const baselineIds = new Set([...ctx.targets, ...ctx.nonTargets].map((l) => l.id));
  const newLesions = assessNewLesions(tp.date, tp.newLesions ?? [], newMeasurements, baselineIds);
  const overall = overallResponse(
    target.result.response,
    nonTarget.result.response,
    newLesions.result.status,
  );
  problems.push(...target.problems, ...nonTarget.problems, ...newLesions.problems);
  const derivation = [
    `target: ${target.result.derivation}`,
    `non-target: ${nonTarget.result.derivation}`,
    `new: ${newLesions.result.derivation}`,
    `overall: ${overall.derivation}`,
  ].join(' | ');
  return {
    result: {
      date: tp.date,
      ...(tp.visit !== undefined ? { visit: tp.visit } : {}),
      target: target.result,
      nonTarget: nonTarget.result,
      newLesions: newLesions.result,
      overall: overall.response,
      overallDerivation: overall.derivation,
      derivation,
      problems,
    },
    completeSum: target.completeSum,
  };
}
