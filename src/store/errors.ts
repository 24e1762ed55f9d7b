/**
 * The typed error vocabulary of trial operations. The store throws these; the server maps each kind to
 * one HTTP status (src/server/errors.ts) and the CLI to an exit code. Messages name the field, the value
 * and what was expected, and never contain PHI.
 */
export type TrialErrorKind =
  | 'invalid' // 400: a request that is malformed or names impossible values
  | 'unauthenticated' // 401
  | 'forbidden' // 403: signed in, but this role may not do this
  | 'not_found' // 404: absent, or outside the caller's sites (never distinguished)
  | 'conflict' // 409: someone changed the record first, or it already exists
  | 'refused' // 422: a clinical or trial rule says no (not eligible, not signed, list exhausted…)
  | 'throttled'; // 429: too many failed sign-ins from this client

export class TrialError extends Error {
  constructor(
    readonly kind: TrialErrorKind,
    message: string,
    /** Extra machine-readable detail: field paths, the current version, failing preconditions… */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TrialError';
  }
}

export const notFound = (what: string) => new TrialError('not_found', `${what} not found`);

/** An optimistic-lock failure: the caller's version is stale. */
export const staleVersion = (what: string, expected: number, current: number) =>
  new TrialError(
    'conflict',
    `${what} was changed by someone else: you edited version ${expected}, the current version is ${current}`,
    {
      currentVersion: current,
    },
  );
