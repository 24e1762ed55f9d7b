/**
 * The browser's side of the trialkit API: JSON over fetch with the session cookie, the CSRF header on
 * every state-changing request, and one error type carrying the server's `{ error: { kind, message,
 * fields, code? } }` (src/contracts errorBody) so forms can show the message next to the field it names
 * and pages can react to a refusal's code.
 */
import type { ErrorBody, ErrorKind, FieldError, SessionRequired } from './contracts.ts';

/** What an error body carries besides kind, message and fields: a refusal's `code` and its details. */
export type ErrorDetail = Pick<ErrorBody['error'], 'code'> & Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's error kind; `http` when the answer carried no error body (a proxy's 502, say). */
    readonly kind: ErrorKind | 'http',
    message: string,
    readonly fields: FieldError[] = [],
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

/** Called when the server says the session is gone (401 on a signed-in call): the app shows sign-in. */
let onSessionLost: () => void = () => undefined;
export const whenSessionLost = (handler: () => void): void => {
  onSessionLost = handler;
};

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error: Partial<ErrorBody['error']> = (data as Partial<ErrorBody> | undefined)?.error ?? {};
    // Only "no session" ends the session here; a 401 for a re-entered password (e-signature) does not.
    if (
      response.status === 401 &&
      (error as Partial<SessionRequired>).sessionRequired &&
      path !== '/api/auth/session'
    )
      onSessionLost();
    const {
      kind = 'http',
      message = `${response.status} ${response.statusText}`,
      fields = [],
      ...detail
    } = error;
    throw new ApiError(response.status, kind, message, fields, detail);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string, body: unknown = {}) => api<T>('DELETE', path, body);
