/**
 * Codes of the server's protective refusals (issue 14), beside the refusal codes of codes.ts: a page
 * reacts to them (waits and tries again) rather than matching their words.
 */
import { z } from 'zod';

export const PROTECTION_CODES = {
  /**
   * Too many large bodies (uploads) are being taken in at once: 429, `retryAfterSeconds` (and the
   * Retry-After header) say when to try again. Nothing was read or changed.
   */
  serverBusy: 'server_busy',
} as const;

/** The detail of a `server_busy` refusal. */
export const serverBusy = z.object({
  code: z.literal(PROTECTION_CODES.serverBusy),
  retryAfterSeconds: z.number().int().positive(),
});
export type ServerBusy = z.infer<typeof serverBusy>;
