/** One sentence for a failed call: the server's message, or what went wrong on the way to it. */
import { ApiError } from '../../api.ts';

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError)
    return 'The server could not be reached; check the connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

export const isApiError = (error: unknown, status: number): error is ApiError =>
  error instanceof ApiError && error.status === status;
