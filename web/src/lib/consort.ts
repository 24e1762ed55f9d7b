/**
 * The CONSORT 2010 enrolment and allocation boxes, and the screening funnel, from the dashboard's
 * counts. Every subject sits in exactly one of excluded / still in screening / randomized, so the boxes
 * add up to those assessed; `check` says so, or names the difference (it would mean a counting bug).
 */
import type { ConsortCounts, DashboardData, ScreeningFunnel } from '../contracts.ts';

export interface BoxLine {
  label: string;
  count: number;
  /** 1: a detail of the line above (the criteria under "not meeting eligibility criteria"). */
  level?: 1;
}

export interface ConsortBox {
  title: string;
  count: number;
  lines: BoxLine[];
}

export interface ConsortDiagram {
  assessed: ConsortBox;
  excluded: ConsortBox;
  pending: ConsortBox;
  randomized: ConsortBox;
  allocated: ConsortBox[];
  check: { ok: boolean; message: string };
}

/** Criteria shown by name in the excluded box; the rest are summed as "other criteria". */
export const TOP_CRITERIA = 5;

export function consortDiagram(
  counts: ConsortCounts,
  arms: readonly Pick<DashboardData['arms'][number], 'id' | 'label'>[],
  criterionTitle: (id: string) => string = (id) => id,
): ConsortDiagram {
  const byCriterion = Object.entries(counts.excluded.byCriterion).sort(
    ([a, m], [b, n]) => n - m || a.localeCompare(b),
  );
  const shown = byCriterion.slice(0, TOP_CRITERIA);
  const others = byCriterion.slice(TOP_CRITERIA).reduce((sum, [, n]) => sum + n, 0);
  const pending = counts.inScreening + counts.eligibleNotRandomized;
  const armIds = [...new Set([...arms.map((a) => a.id), ...Object.keys(counts.allocated)])];
  const allocated = armIds.map((id) => ({
    title: `Allocated to ${arms.find((a) => a.id === id)?.label ?? id}`,
    count: counts.allocated[id] ?? 0,
    lines: [],
  }));
  const boxesTotal = counts.excluded.total + pending + counts.randomized;
  const allocatedTotal = allocated.reduce((sum, box) => sum + box.count, 0);
  const problems = [
    boxesTotal !== counts.assessed &&
      `excluded + in screening + randomized = ${boxesTotal}, but ${counts.assessed} were assessed`,
    allocatedTotal !== counts.randomized &&
      `the arms hold ${allocatedTotal}, but ${counts.randomized} were randomized`,
  ].filter((p): p is string => typeof p === 'string');
  return {
    assessed: { title: 'Assessed for eligibility', count: counts.assessed, lines: [] },
    excluded: {
      title: 'Excluded',
      count: counts.excluded.total,
      lines: [
        { label: 'Not meeting eligibility criteria', count: counts.excluded.notMeetingCriteria },
        ...shown.map(([id, n]) => ({
          label: `${id} ${criterionTitle(id)}`.trimEnd(),
          count: n,
          level: 1 as const,
        })),
        ...(others ? [{ label: 'other criteria', count: others, level: 1 as const }] : []),
        { label: 'Withdrew before randomization', count: counts.excluded.withdrawn },
      ],
    },
    pending: {
      title: 'Not yet randomized',
      count: pending,
      lines: [
        { label: 'Still in screening', count: counts.inScreening },
        { label: 'Eligible, awaiting randomization', count: counts.eligibleNotRandomized },
      ],
    },
    randomized: { title: 'Randomized', count: counts.randomized, lines: [] },
    allocated,
    check: problems.length
      ? { ok: false, message: problems.join('; ') }
      : { ok: true, message: `${counts.assessed} assessed = ${boxesTotal} in the boxes below` },
  };
}

export interface FunnelStage {
  key: keyof ScreeningFunnel;
  label: string;
  count: number;
  /** Of those registered, 0–100 (null when nobody is registered). */
  percentOfRegistered: number | null;
  /** Of the stage before, 0–100. */
  percentOfPrevious: number | null;
}

const STAGES: [keyof ScreeningFunnel, string][] = [
  ['registered', 'Registered'],
  ['screened', 'Screened'],
  ['eligible', 'Eligible'],
  ['signed', 'Eligibility signed'],
  ['randomized', 'Randomized'],
];

const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

/** The funnel's stages in order, each with its share of those registered and of the stage before. */
export function funnelStages(funnel: ScreeningFunnel): FunnelStage[] {
  return STAGES.map(([key, label], i) => {
    const previous = i === 0 ? null : funnel[(STAGES[i - 1] as [keyof ScreeningFunnel, string])[0]];
    return {
      key,
      label,
      count: funnel[key],
      percentOfRegistered: percent(funnel[key], funnel.registered),
      percentOfPrevious: previous === null ? null : percent(funnel[key], previous),
    };
  });
}
