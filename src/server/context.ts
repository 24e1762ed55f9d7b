/**
 * What every route needs: the database, the clock, the protocol, and the signed-in principal of the
 * request (from the session cookie). Routes get it through `ServerContext`; nothing is global.
 */
import type { FastifyRequest } from 'fastify';
import type { Protocol } from '../protocol/index.ts';
import {
  type ActiveSession,
  type Db,
  type IdentityKeys,
  type Principal,
  type SecretBox,
  TrialError,
} from '../store/index.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ServerContext {
  db: Db;
  clock: Clock;
  protocol: Protocol;
  /** The keyed hashes of identity facts (duplicate detection); the key never enters the database. */
  identity: IdentityKeys;
  /** Encrypts the secrets the server must read back (TOTP seeds); its key never enters the database. */
  secrets: SecretBox;
  /** IANA time zone of the trial's calendar dates ("today" for as-of and randomization dates). */
  timeZone: string;
  /** Send cookies with `Secure` (behind HTTPS). */
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'trialkit_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    session: ActiveSession | null;
    sessionToken: string | null;
  }
}

/** The signed-in principal, with the request ID for the audit trail; 401 without a session. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.session)
    throw new TrialError('unauthenticated', 'sign in first (POST /api/auth/login)', {
      sessionRequired: true,
    });
  return { ...request.session.principal, requestId: request.id };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `at` in the trial's time zone, YYYY-MM-DD (formatters cached: they are costly to build). */
export function dateIn(at: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}
