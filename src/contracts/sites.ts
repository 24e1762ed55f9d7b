/** Health, the 16 sites, accrual, the audit trail's verification and events. */
import { z } from 'zod';
import { reason, recruitingStatus, timestamp, version } from './common.ts';

export const health = z.strictObject({ status: z.literal('ok') });
export const readiness = z.strictObject({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['pglite', 'postgres']),
  missingMigrations: z.array(z.string()).optional(),
  message: z.string().optional(),
});

export const site = z.strictObject({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  recruitingStatus,
  version: z.number(),
});
export type Site = z.infer<typeof site>;

export const siteStatusBody = z.strictObject({ recruitingStatus, version, reason });
export type SiteStatusBody = z.input<typeof siteStatusBody>;

/** Randomized so far vs the enrollment target (public: no arm, no site split). */
export const accrual = z.strictObject({ randomized: z.number(), target: z.number() });
export type Accrual = z.infer<typeof accrual>;

const auditProblem = z.strictObject({ seq: z.number(), problem: z.string() });

/**
 * What `trialkit audit verify` and GET /api/audit/verify found (docs/decisions/0011). The fields after
 * `headSeq` came later and are optional for that reason; the store always gives them.
 */
export const auditVerification = z.strictObject({
  ok: z.boolean(),
  /** Events intact before the first problem (all of them when ok). */
  events: z.number(),
  /** The first problem in chain order, and why (= broken[0]). */
  firstBroken: auditProblem.optional(),
  headSeq: z.number(),
  /** Every problem, in chain order: each event whose hash, link or MAC is wrong, each gap, the head, each checkpoint not matched (the first 1,000 listed). */
  broken: z.array(auditProblem).optional(),
  /** How many problems there are, listed or not. */
  brokenCount: z.number().optional(),
  /** Events read. */
  eventsRead: z.number().optional(),
  /** Whether each event's MAC was checked with the audit key (without it, only the hash chain is). */
  keyChecked: z.boolean().optional(),
  /** Checkpoints (exported outside the database) compared with the trail. */
  checkpoints: z.number().optional(),
});
export type AuditVerification = z.infer<typeof auditVerification>;

/** One audit event as stored (snake case: the columns of audit_event). */
export const auditEvent = z.strictObject({
  seq: z.number(),
  occurred_at: timestamp,
  actor_id: z.string().nullable(),
  actor: z.string(),
  role: z.string().nullable(),
  site_id: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  subject_id: z.string().nullable(),
  /** Field-level before/after. */
  changes: z.record(z.string(), z.strictObject({ before: z.unknown(), after: z.unknown() })),
  reason: z.string().nullable(),
  request_id: z.string().nullable(),
  prev_sha256: z.string(),
  sha256: z.string(),
});
export type AuditEvent = z.infer<typeof auditEvent>;
