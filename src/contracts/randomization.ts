/** Randomization: the receipt, the statistician's allocation lists, exports and rehearsals. */
import { z } from 'zod';
import { timestamp } from './common.ts';
import { blocker } from './screening.ts';
import { identifier } from './text.ts';

/** Stratification factor ID → level (`planned-mki: lenvatinib`); a protocol has a handful of factors. */
export const randomizeBody = z.strictObject({
  factors: z
    .record(identifier(100), identifier(100))
    .refine((factors) => Object.keys(factors).length <= 50, 'at most 50 stratification factors'),
});

export const receipt = z.strictObject({
  subjectId: z.string(),
  studyId: z.string(),
  arm: z.string(),
  armLabel: z.string(),
  stratum: z.string(),
  sequence: z.number(),
  randomizedAt: timestamp,
  randomizedBy: z.string(),
  /** True when the subject was randomized before: the first allocation, returned again. */
  existing: z.boolean(),
});
export type Receipt = z.infer<typeof receipt>;

/** The detail of the 422 refusing a randomization: every precondition not met. */
export const preconditionsRefusal = z.object({
  code: z.literal('preconditions_not_met'),
  preconditions: z.array(blocker),
});
export type PreconditionsRefusal = z.infer<typeof preconditionsRefusal>;

export const seed = z.string().regex(/^[0-9a-f]{32,128}$/, 'hex, 128 to 512 bits');

export const listSummary = z.strictObject({
  id: z.string(),
  method: z.string(),
  rehearsal: z.boolean(),
  active: z.boolean(),
  seedSha256: z.string(),
  createdAt: timestamp,
  /** Subjects randomized from the list: once there is one, it cannot be replaced. */
  allocated: z.number(),
  strata: z.array(z.strictObject({ stratum: z.string(), entries: z.number(), used: z.number() })),
});
export type ListSummary = z.infer<typeof listSummary>;
/** A list just created: its seed, shown this once. */
export const createdList = listSummary.extend({ seed: z.string() });
export type CreatedList = z.infer<typeof createdList>;
export const newListBody = z.strictObject({
  seed: seed.optional(),
  config: z.unknown().optional(),
  rehearsal: z.boolean().default(false),
});

export const exportedEntry = z.strictObject({
  stratum: z.string(),
  sequence: z.number(),
  arm: z.string(),
  block: z.number(),
  blockSize: z.number(),
  studyId: z.string().nullable(),
  randomizedAt: timestamp.nullable(),
});

export const rehearsalBody = z.strictObject({
  seed: seed.optional(),
  config: z.unknown().optional(),
  subjects: z.unknown(),
});
const balanceRow = {
  counts: z.record(z.string(), z.number()),
  total: z.number(),
  imbalance: z.number(),
};
export const rehearsalReport = z.strictObject({
  method: z.enum(['permuted-blocks', 'minimization']),
  subjects: z.number(),
  overall: z.strictObject(balanceRow),
  byStratum: z.array(z.strictObject({ ...balanceRow, stratum: z.string() })),
  byFactorLevel: z.array(z.strictObject({ ...balanceRow, factor: z.string(), level: z.string() })),
  maxImbalance: z.strictObject({ overall: z.number(), stratum: z.number(), factorLevel: z.number() }),
  allocations: z.array(
    z.strictObject({
      sequence: z.number(),
      stratum: z.string(),
      factors: z.record(z.string(), z.string()),
      arm: z.string(),
    }),
  ),
});
export type RehearsalReport = z.infer<typeof rehearsalReport>;
