/**
 * The error vocabulary every layer shares. Engines throw `InputError` (field path, what was expected,
 * the value given); the store throws its kinds; the server maps both, in its one error handler, to the
 * JSON body below. Pages react to `code`, never to a message's wording.
 */
import { z } from 'zod';

/** What went wrong, as HTTP callers see it (src/server/errors.ts maps each kind to one status). */
export const ERROR_KINDS = [
  'invalid', // 400: a request that is malformed or names impossible values
  'unauthenticated', // 401
  'forbidden', // 403: signed in, but this role may not do this
  'not_found', // 404: absent, or outside the caller's sites (never distinguished)
  'conflict', // 409: someone changed the record first, or it already exists
  'refused', // 422: a clinical or trial rule says no
  'throttled', // 429: too many failed sign-ins from this client
  'too_large', // 413
  'unsupported_media_type', // 415
  'internal', // 500: nothing changed; details only in the log
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One bad input: where (a path such as `results.2.unit` or `factors.planned-mki`), what was expected, what came. */
export interface InputIssue {
  path: string;
  expected: string;
  value?: unknown;
  /**
   * The 1-based data row of a column (`time`, row 12): statistics count rows as a data file does
   * without its header, so a caller can name the file line.
   */
  row?: number;
}

/** A value as it appeared in the input, short enough for a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}

/** One issue as a line of a message: `time, row 12: expected a finite number ≥ 0; got -1`. */
export function describeIssue(issue: InputIssue): string {
  const where = issue.row === undefined ? issue.path : `${issue.path}, row ${issue.row}`;
  return `${where}: expected ${issue.expected}${'value' in issue ? `; got ${describeValue(issue.value)}` : ''}`;
}

/** A path inside a location: `body` + `factors.planned-mki`; a root path (`(root)`, '') is the location itself. */
export function joinPath(location: string | undefined, path: string): string {
  if (!location) return path;
  if (path === '' || path === '(root)') return location;
  return path.startsWith('[') ? `${location}${path}` : `${location}.${path}`;
}

/**
 * Bad input to an engine (statistics, endpoints, randomization, …): one shape for all of them. The
 * message names each path, what was expected and what was given (`source`, e.g. a file or a subject,
 * first); `issues` holds the same as data. `location` says where the input sat in a request (`body`,
 * `body.config`): the server's error handler puts it before each path, the message leaves it out.
 */
export class InputError extends Error {
  override name = 'InputError';
  readonly issues: readonly InputIssue[];
  readonly source: string | undefined;
  readonly location: string | undefined;
  constructor(issues: InputIssue | readonly InputIssue[], source?: string, location?: string) {
    const list: readonly InputIssue[] = Array.isArray(issues) ? issues : [issues as InputIssue];
    const lines = list.map(describeIssue);
    const where = source ? `${source}: ` : '';
    super(
      lines.length === 1
        ? `${where}${lines[0]}`
        : `${where}${lines.length} problems:\n  ${lines.join('\n  ')}`,
    );
    this.issues = list;
    this.source = source;
    this.location = location;
  }

  /** The same error, its paths read from `location` of a request (inside any location it had). */
  at(location: string): InputError {
    const error = new InputError(this.issues, this.source, joinPath(location, this.location ?? ''));
    error.stack = this.stack;
    return error;
  }
}

/** Runs `run`; an InputError it throws (or rejects with) is thrown again read from `location`. */
export function inputAt<T>(location: string, run: () => T): T {
  const relocate = (error: unknown): never => {
    throw error instanceof InputError ? error.at(location) : error;
  };
  try {
    const result = run();
    return (result instanceof Promise ? result.catch(relocate) : result) as T;
  } catch (error) {
    return relocate(error);
  }
}

/** A field an error names, as the API reports it: the request location first (`body.results.2.unit`). */
export const fieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldError>;

/** Every error answer of the API: `{ error: { kind, message, code?, fields?, … }, requestId }`. */
export const errorBody = z.object({
  error: z
    .object({
      kind: z.enum(ERROR_KINDS),
      message: z.string(),
      /** A refusal a page reacts to (identity_mismatch, account_locked, …): see codes.ts. */
      code: z.string().optional(),
      fields: z.array(fieldError).optional(),
    })
    .catchall(z.unknown()),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof errorBody>;
