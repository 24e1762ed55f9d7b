/**
 * A gate on large bodies (issue 14, item 9). A large upload holds the event loop for long stretches —
 * parsing megabytes of JSON, reading its resources and screening them, hashing them, and on PGlite
 * the database's own work, which runs on the same thread — so that eight 15 MB uploads at once kept
 * /healthz from answering for seconds. Only so many large bodies are taken in at once; the next one
 * is refused before it is read (429, code `server_busy`, Retry-After), and the client tries again.
 *
 * "Large" is from the declared Content-Length, or any body without one (chunked: its size is unknown
 * until read). The bounds are constants here: the protocol's limits data (limits.yaml) has no field
 * for concurrent uploads yet; `gateLargeBodies` takes them as options so that it can pass them.
 */
import type { FastifyInstance } from 'fastify';
import { PROTECTION_CODES } from '../contracts/index.ts';
import { TrialError } from '../store/index.ts';

/** From this size on a body is large: a FHIR Bundle of one patient with its history is well under it. */
export const LARGE_BODY_BYTES = 1024 * 1024;
/** Large bodies taken in at once by one server process. */
export const MAX_CONCURRENT_LARGE_BODIES = 2;
export const BUSY_RETRY_AFTER_SECONDS = 5;

export interface LargeBodyGate {
  largeBytes: number;
  maxConcurrent: number;
}

export function gateLargeBodies(
  app: FastifyInstance,
  { largeBytes = LARGE_BODY_BYTES, maxConcurrent = MAX_CONCURRENT_LARGE_BODIES }: Partial<LargeBodyGate> = {},
): void {
  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    const declared = request.headers['content-length'];
    const large =
      declared === undefined
        ? request.headers['transfer-encoding'] !== undefined
        : Number(declared) >= largeBytes;
    if (!large) return;
    if (inFlight >= maxConcurrent) {
      reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
      throw new TrialError(
        'throttled',
        `the server is taking in ${maxConcurrent} large uploads already: try again in ${BUSY_RETRY_AFTER_SECONDS} seconds`,
        { code: PROTECTION_CODES.serverBusy, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
      );
    }
    inFlight++;
    // The response's close comes once, however the request ends: answered, failed, or the client gone.
    reply.raw.once('close', () => inFlight--);
  });
}
