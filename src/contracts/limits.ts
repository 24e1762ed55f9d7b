/**
 * Resource limits as data (protocols/<id>/limits.yaml, loaded with the protocol): how large a request,
 * an upload, a randomization configuration or a rehearsal may be. Beyond a limit the server answers
 * 400 naming the field and the limit, before the request costs memory or holds the event loop; a
 * limit is never a silent truncation. A field left out of the file takes the default below.
 */
import { z } from 'zod';

const count = (fallback: number) => z.number().int().positive().default(fallback);

export const requestLimits = z.strictObject({
  /** The largest JSON body, in bytes (a route may accept less, never more). */
  maxBodyBytes: count(20 * 1024 * 1024),
  /** Objects and arrays nested in each other, the body itself being level 1. */
  maxJsonDepth: count(64),
});
export type RequestLimits = z.infer<typeof requestLimits>;

export const uploadLimits = z.strictObject({
  /** Resources in one upload: a Bundle's entries, or the lines of NDJSON. */
  maxResources: count(20_000),
});
export type UploadLimits = z.infer<typeof uploadLimits>;

/**
 * What a randomization configuration (randomization.yaml, or one sent to POST /api/randomization/lists
 * and /rehearsal) and a rehearsal may ask of the engine. A configuration cannot raise them: they are the
 * server's, not the configuration's.
 */
export const randomizationLimits = z.strictObject({
  /** Entries of one permuted block (a block is built in memory whole). */
  maxBlockSize: count(100),
  maxArms: count(20),
  maxFactors: count(20),
  maxLevelsPerFactor: count(1000),
  /** Strata of a permuted-block list (the product of the factors' level counts). */
  maxStrata: count(1000),
  maxListLengthPerStratum: count(100_000),
  /** Entries of a whole permuted-block list, every stratum together. */
  maxListEntries: count(100_000),
  /** Throwaway subjects of one rehearsal (each is allocated and listed in the report). */
  maxRehearsalSubjects: count(10_000),
});
export type RandomizationLimits = z.infer<typeof randomizationLimits>;

export const resourceLimits = z.strictObject({
  requests: requestLimits.prefault({}),
  uploads: uploadLimits.prefault({}),
  randomization: randomizationLimits.prefault({}),
});
export type ResourceLimits = z.infer<typeof resourceLimits>;

/** The defaults: what applies where a protocol's limits.yaml says nothing. */
export const DEFAULT_LIMITS: ResourceLimits = resourceLimits.parse({});
