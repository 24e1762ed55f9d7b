/**
 * Validation of a proposed baseline (RECIST 1.1 §3 measurability, §4.2 target selection). Reports
 * every problem per lesion and never changes the selection: the follow-up engine uses the targets as
 * given. Used by eligibility criterion I10 and by the CDISC reader.
 */
import {
  formatMm,
  type Hmm,
  hToMm,
  indexMeasurements,
  MEASURABLE_NODE,
  MEASURABLE_NON_NODAL,
  PATHOLOGICAL_NODE,
  readDiameter,
} from './measure.ts';
import type {
  BaselineLesionReport,
  BaselineReport,
  Lesion,
  Measurability,
  Problem,
  TimePoint,
} from './types.ts';

/** §4.2: at most 5 target lesions in total and 2 per organ. */
export const MAX_TARGETS = 5;
export const MAX_TARGETS_PER_ORGAN = 2;

/** §4.2 and the RECIST FAQ: all lymph nodes together count as one organ. */
export function organKey(lesion: Lesion): string | undefined {
  return lesion.nodal ? 'lymph node' : lesion.organ;
}

export function validateBaseline(lesions: readonly Lesion[], baseline: TimePoint): BaselineReport {
  const date = baseline.date;
  const problems: Problem[] = [];
  const byId = new Map<string, Lesion>();
  for (const l of lesions) {
    if (byId.has(l.id)) problems.push({ date, lesionId: l.id, message: `lesion id ${l.id} is listed twice` });
    else byId.set(l.id, l);
  }
  const index = indexMeasurements(date, baseline.measurements, byId);
  problems.push(...index.problems);

  const reports: BaselineLesionReport[] = [];
  for (const lesion of byId.values()) {
    const m = index.byId.get(lesion.id);
    if (lesion.kind === 'new') {
      if (m)
        problems.push({
          date,
          lesionId: lesion.id,
          message: `new lesion ${lesion.id} is measured at baseline`,
        });
      continue;
    }
    const report = assessLesion(lesion, m ? readDiameter(m) : { ok: true, h: null }, m?.state);
    reports.push(report);
  }
  checkTargetCounts(reports, byId);
  for (const r of reports)
    for (const message of r.problems) problems.push({ date, lesionId: r.lesionId, message });

  const targets = reports.filter((r) => r.kind === 'target');
  const nonTargets = reports.filter((r) => r.kind === 'non-target');
  const sumH = targets.every((t) => t.diameterMm !== null)
    ? targets.reduce((s, t) => s + Math.round((t.diameterMm ?? 0) * 100), 0)
    : null;
  return {
    date,
    valid: problems.length === 0,
    disease: targets.length > 0 ? 'measurable' : nonTargets.length > 0 ? 'non-measurable only' : 'none',
    hasMeasurableLesion: reports.some((r) => r.targetEligible),
    targetCount: targets.length,
    sumMm: sumH === null ? null : hToMm(sumH),
    lesions: reports,
    problems,
  };
}

function assessLesion(
  lesion: Lesion,
  diameter: ReturnType<typeof readDiameter>,
  state: string | undefined,
): BaselineLesionReport {
  const problems: string[] = [];
  const isTarget = lesion.kind === 'target';
  if (!diameter.ok) problems.push(diameter.message);
  const h: Hmm | null = diameter.ok ? diameter.h : null;
  if (state === 'ABSENT') problems.push('recorded ABSENT at baseline');

  let measurability: Measurability;
  if (h === null) {
    measurability = lesion.nodal ? 'unknown' : isTarget ? 'unknown' : 'non-measurable';
    if (isTarget) problems.push('target lesion without a baseline diameter (§4.2: targets are measured)');
    else if (lesion.nodal) {
      problems.push('nodal lesion without a short axis: cannot tell whether it is pathological (§3.1.1)');
    }
  } else if (lesion.nodal) {
    if (h >= MEASURABLE_NODE) measurability = 'measurable';
    else if (h >= PATHOLOGICAL_NODE) {
      measurability = 'pathological node, non-measurable';
      if (isTarget) {
        problems.push(
          `node short axis ${formatMm(h)} < 15 mm: pathological but not measurable, non-target only (§3.1.2)`,
        );
      }
    } else {
      measurability = 'normal node';
      problems.push(`node short axis ${formatMm(h)} < 10 mm is a normal node, not a lesion (§4.2)`);
    }
  } else if (h >= MEASURABLE_NON_NODAL) {
    measurability = 'measurable';
  } else {
    measurability = 'non-measurable';
    if (isTarget) problems.push(`longest diameter ${formatMm(h)} < 10 mm: not measurable (§3.1.1)`);
  }

  // §3.1.3: a lesion in a previously irradiated or locally treated field is not measurable unless
  // progression has been demonstrated in it.
  const treatedNotProgressing =
    lesion.previouslyIrradiated === true && lesion.progressedSinceTreatment !== true;
  if (isTarget && treatedNotProgressing) {
    problems.push(
      'in a previously irradiated / locally treated field without demonstrated progression (§3.1.3)',
    );
  }
  return {
    lesionId: lesion.id,
    kind: lesion.kind,
    nodal: lesion.nodal,
    ...(lesion.organ !== undefined ? { organ: lesion.organ } : {}),
    diameterMm: h === null ? null : hToMm(h),
    measurability,
    targetEligible: measurability === 'measurable' && !treatedNotProgressing,
    problems,
  };
}

/** §4.2: ≤ 5 targets, ≤ 2 per organ; the lesions beyond the limit (in the order given) are named. */
function checkTargetCounts(reports: BaselineLesionReport[], byId: Map<string, Lesion>): void {
  const targets = reports.filter((r) => r.kind === 'target');
  targets.forEach((r, i) => {
    if (i >= MAX_TARGETS)
      r.problems.push(`target lesion number ${i + 1}: at most ${MAX_TARGETS} in total (§4.2)`);
  });
  const perOrgan = new Map<string, number>();
  for (const r of targets) {
    const lesion = byId.get(r.lesionId);
    const organ = lesion ? organKey(lesion) : undefined;
    if (organ === undefined) {
      if (targets.length > MAX_TARGETS_PER_ORGAN) {
        r.problems.push('organ not given: the limit of 2 target lesions per organ cannot be checked (§4.2)');
      }
      continue;
    }
    const n = (perOrgan.get(organ) ?? 0) + 1;
    perOrgan.set(organ, n);
    if (n > MAX_TARGETS_PER_ORGAN) {
      r.problems.push(
        `target lesion number ${n} in ${organ}: at most ${MAX_TARGETS_PER_ORGAN} per organ (§4.2)`,
      );
    }
  }
}
