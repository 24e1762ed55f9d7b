/**
 * One error handler for the whole API: the store's TrialError kinds, the engines' InputError, zod
 * validation failures and Fastify's own errors (body too large, bad JSON, a URL that does not decode,
 * a request line Node cannot parse) become one JSON shape, `{ error: { kind, message, …detail },
 * requestId }` (src/contracts errorBody). Anything else is a 500 whose message is generic.
 *
 * And what the log may say (issue 14, item 2: no PHI or secrets in logs). A database error's message
 * and detail echo the values of its statement — on PGlite the error also carries every parameter: a
 * FHIR bundle with names and birth dates, an argon2id hash —, a request's URL carries its query, its
 * body anything. So the log carries, for a request, its method, route pattern, the UUIDs among its
 * path parameters and the client address; for an error, its class, its code (PostgreSQL's SQLSTATE,
 * Fastify's or Node's), a constraint's name and its stack frames — never a message, a body, a query
 * value or a header. These serializers are the logger's own (`safeLogging`), so they hold for every
 * line Fastify writes as well as for ours.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
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

/** Fastify's own errors whose message would repeat what the client sent: answered in our words. */
const OWN_WORDS: Record<string, string> = {
  FST_ERR_BAD_URL: 'the URL is not valid: a percent-encoded part does not decode',
  FST_ERR_ASYNC_CONSTRAINT: 'the request could not be routed',
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
    const code = (error as FastifyError).code;
    const message = (code && OWN_WORDS[code]) || error.message;
    reply.status(status).send({ error: { kind, message }, requestId });
    return;
  }
  request.log.error({ err: error, route: request.routeOptions?.url ?? null }, 'unhandled error');
  reply
    .status(500)
    .send({ error: { kind: 'internal', message: 'internal error; the request changed nothing' }, requestId });
}

/**
 * Fastify's `frameworkErrors`: errors met before any route ran (a URL whose percent-encoding does not
 * decode). Without it Fastify answers in its own shape, repeating the URL.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  errorHandler(error, request, reply);
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (a malformed request line or
 * header). There is no request to answer through, so the one error body is written to the socket.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    error: {
      kind: 'invalid',
      message: tooLarge ? 'the request headers are too large' : 'the request is not valid HTTP',
    },
    requestId: randomUUID(),
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SQLSTATE = /^[0-9A-Z]{5}$/;
const NAMED_CODE = /^(?:FST|ERR|HPE|E)[A-Z0-9_]{1,60}$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_$]{0,62}$/;

/** Stack frames only: the first line of a stack is the error's message. */
function frames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const at = stack.indexOf('\n    at ');
  return at < 0 ? undefined : stack.slice(at + 1);
}

/** What a log line may say about an error (see the file's comment). */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null))
    return { type: typeof error };
  const e = error as Error & { code?: unknown; constraint?: unknown; statusCode?: unknown; cause?: unknown };
  const out: Record<string, unknown> = {
    type: e.constructor?.name && e.constructor.name !== 'Object' ? e.constructor.name : 'Error',
  };
  if (typeof e.name === 'string' && e.name !== out.type && /^[A-Za-z]{1,40}$/.test(e.name)) out.name = e.name;
  if (typeof e.code === 'string' && (SQLSTATE.test(e.code) || NAMED_CODE.test(e.code))) out.code = e.code;
  if (typeof e.constraint === 'string' && SQL_IDENTIFIER.test(e.constraint)) out.constraint = e.constraint;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  const stack = frames(e.stack);
  if (stack) out.stack = stack;
  if (e.cause !== undefined && e.cause !== error) out.cause = safeError(e.cause);
  return out;
}

/** A request in the log: no URL (it carries the query), no headers, no body. */
export function safeRequest(request: FastifyRequest): Record<string, unknown> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const ids = Object.fromEntries(
    Object.entries(params).filter(([, v]) => typeof v === 'string' && UUID.test(v)),
  );
  return {
    method: request.method,
    route: request.routeOptions?.url ?? null,
    ...(Object.keys(ids).length ? { ids } : {}),
    remoteAddress: request.ip,
  };
}

export const LOG_SERIALIZERS = {
  req: safeRequest,
  res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
  err: safeError,
};

/** The logger option with the safe serializers in force, whatever the caller passed. */
export function safeLogging(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  // Fastify's type wants an error's message in the log; leaving it out is the point.
  const serializers = { ...options.serializers, ...LOG_SERIALIZERS } as NonNullable<
    typeof options.serializers
  >;
  return { ...options, serializers };
}

/**
 * A client's own x-request-id, kept in the log lines of its request as `correlationId` (to find a
 * request a client reports) when it is a plain token; never the request ID of the audit trail.
 */
export function correlationOf(raw: IncomingMessage): { correlationId?: string } {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? { correlationId: given } : {};
}
