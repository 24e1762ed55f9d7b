/**
 * A subject's whole RECIST 1.1 history: baseline validation, then each follow-up in date order with
 * the nadir carried forward, and flags for sequences RECIST does not allow. Problems are values in
 * the result; nothing is thrown and nothing is corrected.
 */
import { validateBaseline } from './baseline.ts';
import { type Hmm, mmToH } from './measure.ts';
import { assessTimePoint } from './time-point.ts';
import type {
  Lesion,
  OverallResponse,
  Problem,
  RecistOptions,
  SubjectAssessment,
  SubjectHistory,
  TimePoint,
  TimePointResult,
} from './types.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function assessSubject(history: SubjectHistory, options: RecistOptions = {}): SubjectAssessment {
  const reappearanceAfterCrIsPd = options.reappearanceAfterCrIsPd ?? true;
  const baseline = validateBaseline(history.lesions, history.baseline);
  const problems: Problem[] = [...baseline.problems];

  const lesionsById = new Map<string, Lesion>();
  for (const l of history.lesions) if (!lesionsById.has(l.id)) lesionsById.set(l.id, l);
  const lesions = [...lesionsById.values()];
  const targets = lesions.filter((l) => l.kind === 'target');
  const nonTargets = lesions.filter((l) => l.kind === 'non-target');
  const baselineSum: Hmm | null = baseline.sumMm === null ? null : mmToH(baseline.sumMm);

  const followUps = sortByDate(history.followUps, history.baseline.date, problems);
  // RECIST §4.3.1: the nadir is the smallest sum on study, baseline included, from complete assessments.
  let nadir = baselineSum === null ? null : { sum: baselineSum, date: history.baseline.date };
  let lastEvaluable: OverallResponse | null = null;
  const timePoints: TimePointResult[] = [];
  for (const tp of followUps) {
    const { result, completeSum } = assessTimePoint(tp, {
      lesionsById,
      targets,
      nonTargets,
      baselineSum,
      nadir,
      afterOverallCr: reappearanceAfterCrIsPd && lastEvaluable === 'CR',
    });
    timePoints.push(result);
    problems.push(...result.problems);
    if (completeSum !== null && nadir !== null && completeSum < nadir.sum)
      nadir = { sum: completeSum, date: tp.date };
    if (result.overall !== 'NE') lastEvaluable = result.overall;
  }
  flagSequences(timePoints, problems);
  return { baseline, timePoints, problems };
}

/** Sorts by date (stable) and reports malformed dates, follow-ups not after baseline and repeated dates. */
function sortByDate(followUps: readonly TimePoint[], baselineDate: string, problems: Problem[]): TimePoint[] {
  if (!ISO_DATE.test(baselineDate)) {
    problems.push({ date: baselineDate, message: `baseline date "${baselineDate}" is not YYYY-MM-DD` });
  }
  const sorted = [...followUps].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  sorted.forEach((tp, i) => {
    if (!ISO_DATE.test(tp.date))
      problems.push({ date: tp.date, message: `date "${tp.date}" is not YYYY-MM-DD` });
    else if (tp.date <= baselineDate) {
      problems.push({
        date: tp.date,
        message: `follow-up on ${tp.date} is not after the baseline (${baselineDate})`,
      });
    }
    if (i > 0 && sorted[i - 1]?.date === tp.date) {
      problems.push({ date: tp.date, message: `two assessments on ${tp.date}: both evaluated, check` });
    }
  });
  return sorted;
}

/**
 * Flags, without changing them:
 * - a response below CR after an overall CR without PD in between ("PR after CR: check"); under
 *   RECIST a CR is followed by CR or PD (a PR after CR usually means an earlier CR was wrong);
 * - a new lesion first seen equivocal and unequivocal later: §4.3.5 dates PD from the first scan.
 */
function flagSequences(timePoints: readonly TimePointResult[], problems: Problem[]): void {
  const flag = (tp: TimePointResult, p: Problem) => {
    problems.push(p);
    tp.problems.push(p);
  };
  let crDate: string | null = null;
  const firstEquivocal = new Map<string, string>();
  for (const tp of timePoints) {
    if (tp.overall === 'CR') crDate ??= tp.date;
    else if (tp.overall === 'PD') crDate = null;
    else if (crDate !== null && tp.overall !== 'NE') {
      flag(tp, { date: tp.date, message: `${tp.overall} after CR: check (CR on ${crDate})` });
    }
    for (const id of tp.newLesions.unequivocalIds) {
      const first = firstEquivocal.get(id);
      if (first !== undefined) {
        flag(tp, {
          date: tp.date,
          lesionId: id,
          message: `new lesion ${id} was first seen equivocal on ${first}: PD dates from ${first} (§4.3.5)`,
        });
        if (tp.progressionDatedFrom === undefined || first < tp.progressionDatedFrom)
          tp.progressionDatedFrom = first;
        firstEquivocal.delete(id);
      }
    }
    for (const id of tp.newLesions.equivocalIds) if (!firstEquivocal.has(id)) firstEquivocal.set(id, tp.date);
  }
}
