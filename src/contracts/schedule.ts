/**
 * The visit calendar's shapes (issue 15): a subject's history as the schedule engine reads it — the
 * events file of `trialkit schedule --events` — and the calendar it answers with. The field names of
 * both are a contract that outside checks use: `window_start`, not `windowStart`.
 */
import { z } from 'zod';
import { calendarDate } from './common.ts';

export const VISIT_KINDS = ['treatment', 'tumor-assessment', 'follow-up'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/**
 * Status as of a date A: `done` (recorded), `missed` (declared missed), `cancelled` (a cycle not started
 * by the end of treatment), `overdue` (A after the window), `due` (A inside it), `planned` (A before it).
 */
export const VISIT_STATUSES = ['done', 'missed', 'cancelled', 'overdue', 'due', 'planned'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const RESPONSES = ['CR', 'PR', 'SD', 'PD', 'NE'] as const;

/** `C<k>D1`, `TA<j>` and `FU<j>` (k, j from 1); unscheduled visits are `<TA|FU>-U<n>`. */
export const SCHEDULED_VISIT_ID = /^(C[1-9]\d{0,3}D1|TA[1-9]\d{0,3}|FU[1-9]\d{0,3})$/;

const date = calendarDate;

/** The events file: what happened to one subject, in the engine's words. */
export const scheduleEvents = z.strictObject({
  randomized: date,
  arm: z.string().min(1).max(20),
  cycles: z
    .array(z.strictObject({ cycle: z.number().int().min(1).max(9999), start: date }))
    .max(2000)
    .default([]),
  assessments: z
    .array(z.strictObject({ date, response: z.enum(RESPONSES) }))
    .max(2000)
    .default([]),
  followUps: z.array(date).max(2000).default([]),
  missed: z
    .array(z.string().regex(SCHEDULED_VISIT_ID, 'a scheduled visit ID: C<k>D1, TA<j> or FU<j>'))
    .max(2000)
    .default([]),
  endOfTreatment: z
    .strictObject({ date, reason: z.string().min(1).max(200) })
    .nullable()
    .default(null),
  death: date.nullable().default(null),
});
export type ScheduleEvents = z.output<typeof scheduleEvents>;

/** One visit of the calendar. Dates are YYYY-MM-DD; `actual` is the date it happened, when it did. */
export const visit = z.strictObject({
  id: z.string(),
  kind: z.enum(VISIT_KINDS),
  planned: z.string(),
  window_start: z.string(),
  window_end: z.string(),
  status: z.enum(VISIT_STATUSES),
  actual: z.string().optional(),
});
export type Visit = z.infer<typeof visit>;

export const calendarAnswer = z.strictObject({ visits: z.array(visit) });
export type CalendarAnswer = z.infer<typeof calendarAnswer>;

/**
 * A specimen the protocol asks for (protocols/<id>/specimens.yaml): from every subject (`all`), from
 * those a criterion's site rule selects (`site-rule`: I13's first patients per arm at its sites), or
 * from those who consented (`consented`: the criterion's attestation answered yes).
 */
export const specimenDefinition = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string(),
  type: z.string(),
  criterion: z.string(),
  requiredFor: z.enum(['all', 'site-rule', 'consented']),
  timepoints: z.array(z.union([z.string().regex(SCHEDULED_VISIT_ID), z.literal('EOT')])).min(1),
  configurable: z.boolean(),
  source: z.string(),
});
export type SpecimenDefinition = z.infer<typeof specimenDefinition>;
export const specimensFile = z.strictObject({
  /** Days after the end of treatment in which its specimens (time point EOT) are due. */
  endOfTreatmentWindowDays: z.number().int().min(0).max(90),
  endOfTreatmentWindowSource: z.string(),
  specimens: z.array(specimenDefinition),
});
export type SpecimensFile = z.infer<typeof specimensFile>;

export const SPECIMEN_STATUSES = ['collected', 'not-collected', 'overdue', 'due', 'planned'] as const;
/** One specimen due from one subject at one time point, with what was recorded of it. */
export const specimenDue = z.strictObject({
  specimenId: z.string(),
  label: z.string(),
  timepoint: z.string(),
  /** The window of its time point (the visit's, or the days after the end of treatment specimens.yaml gives). */
  window_start: z.string(),
  window_end: z.string(),
  status: z.enum(SPECIMEN_STATUSES),
  collected: z.string().optional(),
  reason: z.string().optional(),
});
export type SpecimenDue = z.infer<typeof specimenDue>;
