/**
 * Errors for forms: the server's field paths (`body.newPassword`, `roles.0.siteId`) as the names the
 * forms use, and one sentence for anything thrown by a call to the API.
 */
import { ApiError } from '../api.ts';
import type { FieldError } from '../contracts.ts';

export type FieldErrors = Record<string, string>;

// Zod validation errors carry where the field was (src/server/errors.ts: `body.username`); the forms
// name fields as the body does, so the location is dropped.
const LOCATIONS = /^(body|params|querystring|headers)\./;

/** The server's field errors keyed by the form's field name; the first message for a field wins. */
export function fieldErrorsOf(fields: readonly FieldError[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of fields) {
    const name = f.path.replace(LOCATIONS, '');
    errors[name] ??= f.message;
  }
  return errors;
}

/** One sentence for a failed call: the server's message, or what went wrong on the way to it. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.kind === 'conflict')
      return `${error.message}. The list was reloaded: check the current values and try again.`;
    return error.message;
  }
  if (error instanceof TypeError)
    return 'The server could not be reached; check the connection and try again.';
  if (error instanceof SyntaxError) return 'The server answered with something that is not JSON.';
  return error instanceof Error ? error.message : String(error);
}

/** What a form's submit does with an error: the message for the alert, the fields for the inputs. */
export function formFailureOf(caught: unknown): { message: string; fields: FieldErrors } {
  return {
    message: errorText(caught),
    fields: caught instanceof ApiError ? fieldErrorsOf(caught.fields) : {},
  };
}

/** A 409: the record changed under the form, so the form's list is read again. */
export const isConflict = (caught: unknown) => caught instanceof ApiError && caught.kind === 'conflict';
