/**
 * On-study conduct (issue 15): what sites record after randomization — cycle starts, each drug's doses,
 * visits with vital signs, missed visits, tumor responses, end of treatment, follow-up contacts, death,
 * withdrawal, off study — and the calendar, worklist and figures computed from them.
 */
import { z } from 'zod';
import { calendarDate, reason, siteId, timestamp, version } from './common.ts';
import { RESPONSES, SCHEDULED_VISIT_ID, specimenDue, VISIT_KINDS, visit } from './schedule.ts';
import { identifier, singleLine } from './text.ts';

export const END_OF_TREATMENT_REASONS = [
  'progression',
  'toxicity',
  'patient-decision',
  'physician-decision',
  'death',
  'other',
] as const;
/** A drug's record for a cycle: given (as planned or at a reduced level), held, or stopped for good. */
export const DOSE_ACTIONS = ['given', 'reduced', 'held', 'discontinued'] as const;
export const FORM_STATES = ['required', 'entered', 'not-required'] as const;
export const STUDY_EVENT_KINDS = [
  'cycle-start',
  'dose',
  'visit',
  'missed-visit',
  'tumor-assessment',
  'end-of-treatment',
  'follow-up',
  'death',
  'withdrawal',
  'off-study',
  'specimen',
] as const;
export type StudyEventKind = (typeof STUDY_EVENT_KINDS)[number];

const date = calendarDate;
const cycle = z.number().int().min(1).max(9999);
const text = singleLine(500);
const drug = identifier(64);

const cycleStart = z.strictObject({ kind: z.literal('cycle-start'), cycle, date });

/**
 * One drug in one cycle. IV: `doseMg` given on `date`. Oral: the dose level `doseMg` (once daily, or
 * every other day), `daysTaken` of the cycle, pills dispensed and returned. Held, reduced and
 * discontinued need a reason; `doseMg` must be one of the drug's levels (protocol.yaml interventions).
 */
const dose = z
  .strictObject({
    kind: z.literal('dose'),
    cycle,
    drug,
    date,
    action: z.enum(DOSE_ACTIONS),
    doseMg: z.number().positive().max(100_000).optional(),
    everyOtherDay: z.boolean().optional(),
    daysTaken: z.number().int().min(0).max(366).optional(),
    pillsDispensed: z.number().int().min(0).max(10_000).optional(),
    pillsReturned: z.number().int().min(0).max(10_000).optional(),
    reason: text.optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.action === 'given' || d.action === 'reduced') && d.doseMg === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['doseMg'],
        message: `a dose in mg when the drug is ${d.action}`,
      });
    if (d.action !== 'given' && !d.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `a reason when the drug is ${d.action}` });
    if (d.pillsReturned !== undefined && d.pillsDispensed !== undefined && d.pillsReturned > d.pillsDispensed)
      ctx.addIssue({
        code: 'custom',
        path: ['pillsReturned'],
        message: `at most the pills dispensed (${d.pillsDispensed})`,
        params: { value: d.pillsReturned },
      });
  });

/** A visit that took place: scheduled (its ID) or unscheduled, with vital signs and its forms' states. */
const visitRecord = z.strictObject({
  kind: z.literal('visit'),
  visitId: z.union([z.string().regex(SCHEDULED_VISIT_ID, 'a scheduled visit ID'), z.literal('unscheduled')]),
  date,
  weightKg: z.number().min(20).max(350).optional(),
  /** ECOG performance status 0–5. */
  ecog: z.number().int().min(0).max(5).optional(),
  systolicMmHg: z.number().int().min(40).max(300).optional(),
  diastolicMmHg: z.number().int().min(20).max(200).optional(),
  heartRate: z.number().int().min(20).max(250).optional(),
  forms: z.record(identifier(64), z.enum(FORM_STATES)).optional(),
});

const missedVisit = z.strictObject({
  kind: z.literal('missed-visit'),
  visitId: z.string().regex(SCHEDULED_VISIT_ID, 'a scheduled visit ID: C<k>D1, TA<j> or FU<j>'),
  reason: text,
  contactAttempts: z.number().int().min(0).max(100).default(0),
});

/** The investigator's overall response of a scan (the lesions themselves: the tumor-assessment issue). */
const tumorAssessment = z.strictObject({
  kind: z.literal('tumor-assessment'),
  date,
  response: z.enum(RESPONSES),
});

const endOfTreatment = z.strictObject({
  kind: z.literal('end-of-treatment'),
  /** The last dose of any drug. */
  date,
  reason: z.enum(END_OF_TREATMENT_REASONS),
  details: text.optional(),
  /** Each drug's last dose (a drug stopped earlier than the others). */
  lastDoses: z.record(drug, date).default({}),
});

const followUp = z.strictObject({
  kind: z.literal('follow-up'),
  date,
  vitalStatus: z.enum(['alive', 'dead']),
  newAnticancerTherapy: z.strictObject({ name: text, start: date }).optional(),
  lostToFollowUp: z.boolean().default(false),
});

const death = z.strictObject({ kind: z.literal('death'), date, cause: text });
const withdrawal = z.strictObject({
  kind: z.literal('withdrawal'),
  date,
  /** From treatment only (follow-up goes on), or from all follow-up (nothing is planned after it). */
  scope: z.enum(['treatment', 'follow-up']),
  reason: text,
});
const offStudy = z.strictObject({ kind: z.literal('off-study'), date, reason: text });

/**
 * A specimen of specimens.yaml at one of its time points: collected on `date` (its tube or block ID,
 * shipped, received by the lab), or not collected (the date it was known, and why).
 */
const specimen = z
  .strictObject({
    kind: z.literal('specimen'),
    specimenId: identifier(64),
    timepoint: z.union([z.string().regex(SCHEDULED_VISIT_ID, 'a scheduled visit ID'), z.literal('EOT')]),
    date,
    status: z.enum(['collected', 'not-collected']),
    containerId: text.optional(),
    shippedOn: date.optional(),
    receivedOn: date.optional(),
    reason: text.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.status === 'not-collected' && !s.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'a reason when the specimen was not collected',
      });
    if (s.shippedOn && s.shippedOn < s.date)
      ctx.addIssue({
        code: 'custom',
        path: ['shippedOn'],
        message: `a date on or after the collection (${s.date})`,
      });
    if (s.receivedOn && s.receivedOn < (s.shippedOn ?? s.date))
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: `a date on or after it was shipped (${s.shippedOn ?? s.date})`,
      });
  });

export const studyEventData = z.discriminatedUnion('kind', [
  cycleStart,
  dose,
  visitRecord,
  missedVisit,
  tumorAssessment,
  endOfTreatment,
  followUp,
  death,
  withdrawal,
  offStudy,
  specimen,
]);
export type StudyEventData = z.output<typeof studyEventData>;

export const studyEventParams = z.strictObject({ id: identifier(64), eventId: identifier(64) });
/** A correction after submission: the whole new record, the version it was made against, and why. */
export const studyEventCorrection = z.strictObject({ version, data: studyEventData, reason });
export const studyEventRemoval = z.strictObject({ version, reason });

export const studyEvent = z.strictObject({
  id: z.string(),
  subjectId: z.string(),
  kind: z.enum(STUDY_EVENT_KINDS),
  date: z.string(),
  data: z.record(z.string(), z.unknown()),
  version: z.number(),
  recordedAt: timestamp,
  recordedBy: z.string(),
  removedAt: timestamp.nullable(),
  removalReason: z.string().nullable(),
});
export type StudyEvent = z.infer<typeof studyEvent>;

/** A visit of the calendar with what the page needs beside the contract's fields. */
export const calendarVisit = visit.extend({
  /** Done outside its window (entry is never refused for that). */
  outOfWindow: z.boolean(),
  missedReason: z.string().optional(),
  /** The forms the visit requires (protocol.yaml schedule.visitForms), once it is done, due or overdue. */
  forms: z.array(z.strictObject({ id: z.string(), state: z.enum(FORM_STATES) })).optional(),
});
export type CalendarVisit = z.infer<typeof calendarVisit>;

export const doseIntensity = z.strictObject({
  drug: z.string(),
  /** mg received over mg planned for the cycles started, as a fraction (1 = 100 %); null before any cycle. */
  relative: z.number().nullable(),
  receivedMg: z.number(),
  plannedMg: z.number(),
  cyclesWithDose: z.number(),
  holds: z.number(),
  reductions: z.number(),
});

export const subjectCalendar = z.strictObject({
  subjectId: z.string(),
  studyId: z.string(),
  arm: z.string(),
  randomized: z.string(),
  asOf: z.string(),
  visits: z.array(calendarVisit),
  /** The specimens due from this subject (specimens.yaml), with what was recorded. */
  specimens: z.array(specimenDue),
  figures: z.strictObject({
    cyclesStarted: z.number(),
    /** First cycle start to the end of treatment (or the as-of date while on treatment), days inclusive. */
    daysOnTreatment: z.number().nullable(),
    onTreatment: z.boolean(),
    lastKnownAlive: z.string().nullable(),
    death: z.string().nullable(),
    newAnticancerTherapyStart: z.string().nullable(),
    doseIntensity: z.array(doseIntensity),
  }),
});
export type SubjectCalendar = z.infer<typeof subjectCalendar>;

export const worklistQuery = z.strictObject({
  siteId: siteId.optional(),
  /** Visits whose window opens within this many days from the as-of date (default 14). */
  days: z.coerce.number().int().min(0).max(365).default(14),
  asOf: calendarDate.optional(),
});
/** A visit, or a specimen due (kind `specimen`, ID `<specimen>@<time point>`). */
export const worklistItem = calendarVisit.extend({
  kind: z.enum([...VISIT_KINDS, 'specimen']),
  subjectId: z.string(),
  studyId: z.string(),
  siteId: z.string(),
});
export type WorklistItem = z.infer<typeof worklistItem>;
export const worklist = z.strictObject({
  asOf: z.string(),
  days: z.number(),
  overdue: z.array(worklistItem),
  due: z.array(worklistItem),
  upcoming: z.array(worklistItem),
});
export type Worklist = z.infer<typeof worklist>;
