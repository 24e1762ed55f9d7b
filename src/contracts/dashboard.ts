/** GET /api/dashboard: accrual, the screening funnel, CONSORT counts and screen failures. */
import { z } from 'zod';
import { isoDate } from './common.ts';
import { consortCounts } from './screening.ts';
import { ACCRUAL_PERIODS } from './vocabulary.ts';

export const dashboardQuery = z.strictObject({ period: z.enum(ACCRUAL_PERIODS).default('month') });

const armCounts = z.record(z.string(), z.number());

export const accrualPoint = z.strictObject({
  /** ISO week ("2026-W13") or month ("2026-03"). */
  period: z.string(),
  /** First day of the period (a Monday for weeks). */
  start: isoDate,
  randomized: z.number(),
  cumulative: z.number(),
  byArm: armCounts,
  cumulativeByArm: armCounts,
});
export type AccrualPoint = z.infer<typeof accrualPoint>;

export const siteAccrual = z.strictObject({
  siteId: z.string(),
  name: z.string(),
  recruitingStatus: z.string(),
  registered: z.number(),
  screenFailed: z.number(),
  withdrawn: z.number(),
  randomized: z.number(),
  byArm: armCounts,
  firstRandomized: isoDate.nullable(),
  lastRandomized: isoDate.nullable(),
});

/** Each subject counted at every stage it reached; screen-failed and withdrawn are current statuses. */
export const screeningFunnel = z.strictObject({
  registered: z.number(),
  screened: z.number(),
  eligible: z.number(),
  signed: z.number(),
  randomized: z.number(),
  screenFailed: z.number(),
  withdrawn: z.number(),
});
export type ScreeningFunnel = z.infer<typeof screeningFunnel>;

export const dashboardData = z.strictObject({
  asOf: isoDate,
  timeZone: z.string(),
  target: z.number(),
  /** 'all', or the sites the caller sees. */
  scope: z.union([z.literal('all'), z.array(z.string())]),
  period: z.enum(ACCRUAL_PERIODS),
  accrual: z.array(accrualPoint),
  randomized: z.number(),
  byArm: armCounts,
  /** Randomized at every site: what the public trial page shows against the target. */
  studyRandomized: z.number(),
  arms: z.array(z.strictObject({ id: z.string(), label: z.string(), randomized: z.number() })),
  bySite: z.array(siteAccrual),
  funnel: screeningFunnel,
  consort: consortCounts,
  screenFailures: z.strictObject({
    byCriterion: z.array(
      z.strictObject({
        criterionId: z.string(),
        title: z.string().nullable(),
        type: z.enum(['inclusion', 'exclusion']).nullable(),
        subjects: z.number(),
        lastDate: isoDate,
      }),
    ),
    recent: z.array(
      z.strictObject({
        studyId: z.string(),
        siteId: z.string(),
        date: isoDate,
        criteria: z.array(z.string()),
      }),
    ),
  }),
});
export type DashboardData = z.infer<typeof dashboardData>;
