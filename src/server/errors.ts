/**
 * One error handler for the whole API: the store's TrialError kinds, the engines' InputError, zod
 * validation failures and Fastify's own errors (body too large, bad JSON) become one JSON shape,
 * `{ error: { kind, message, …detail }, requestId }`. Anything else is a 500 whose message is generic
 * (details go to the log, which never carries request bodies).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { InputError, joinPath } from '../contracts/index.ts';
import { TrialError, type TrialErrorKind } from '../store/index.ts';

export const HTTP_STATUS: Record<TrialErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  refused: 422,
  throttled: 429,
};

export function errorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const requestId = request.id;
  if (error instanceof TrialError) {
    reply
      .status(HTTP_STATUS[error.kind])
      .send({ error: { kind: error.kind, message: error.message, ...error.detail }, requestId });
    return;
  }
  if (error instanceof InputError) {
    // Bad input to an engine: each path read from where the caller said the input sat (`body.config`).
    const fields = error.issues.map((i) => ({
      path: joinPath(error.location, i.path),
      message: `${i.row === undefined ? '' : `row ${i.row}: `}expected ${i.expected}`,
    }));
    reply.status(400).send({ error: { kind: 'invalid', message: error.message, fields }, requestId });
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => ({
      path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    const message = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    reply.status(400).send({ error: { kind: 'invalid', message, fields }, requestId });
    return;
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const kind = status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : 'invalid';
    reply.status(status).send({ error: { kind, message: error.message }, requestId });
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  reply
    .status(500)
    .send({ error: { kind: 'internal', message: 'internal error; the request changed nothing' }, requestId });
}
