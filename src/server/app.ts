/**
 * The Fastify application, without listening: `buildServer(context)` for tests (`app.inject`) and for
 * the entry point (src/server/main.ts). zod validates every body, query and parameter (unknown fields
 * rejected); @fastify/swagger documents the routes at /docs; one error handler maps the store's
 * TrialError kinds to HTTP. Logs (pino) carry method, route and status, never URLs, bodies or error
 * messages, so no PHI (src/server/errors.ts); security headers and the gate on large bodies are
 * src/server/security.ts.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { resumeSession, TrialError } from '../store/index.ts';
import type { TrustedProxies } from './auth/client-address.ts';
import { limitRequests } from './body-limits.ts';
import { CSRF_HEADER, SESSION_COOKIE, type ServerContext } from './context.ts';
import {
  clientErrorHandler,
  correlationOf,
  errorHandler,
  frameworkErrorHandler,
  safeLogging,
} from './errors.ts';
import { adminRoutes } from './routes/admin.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { authRoutes } from './routes/auth.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { onStudyRoutes } from './routes/on-study.ts';
import { publicRoutes } from './routes/public.ts';
import { randomizationRoutes } from './routes/randomization.ts';
import { screeningRoutes } from './routes/screening.ts';
import { subjectRoutes } from './routes/subjects.ts';
import { securityHooks, setSecurityHeaders } from './security.ts';
import { serveWeb } from './web.ts';

export interface BuildOptions extends ServerContext {
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted body; FHIR bundles of one patient are well under it. */
  bodyLimit?: number;
  /**
   * The reverse proxies whose X-Forwarded-For names the client (sign-in throttling): their addresses or
   * CIDR ranges; false: none, the socket's peer is the client (src/server/auth/client-address.ts).
   */
  trustProxy?: TrustedProxies;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a user whose password must change may still call. */
const PASSWORD_CHANGE_ALLOWED = new Set(['/api/auth/password', '/api/auth/session', '/api/auth/logout']);
/** What anyone may read without signing in stays readable. */
const PUBLIC_READS = new Set(['/api/protocol', '/api/sites', '/api/accrual']);

/** Constant-time comparison of the CSRF header with the session's token. */
function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export async function buildServer(options: BuildOptions): Promise<FastifyInstance> {
  const { logger = false, bodyLimit = 20 * 1024 * 1024, trustProxy = false, ...context } = options;
  const security = { hsts: context.secureCookies };
  const app = Fastify({
    logger: safeLogging(logger),
    bodyLimit,
    trustProxy,
    // The request ID (audit events, error bodies) is always the server's own; a client's x-request-id
    // is only a correlation field of the log lines.
    genReqId: () => randomUUID(),
    childLoggerFactory: (log, bindings, opts, raw) => log.child({ ...bindings, ...correlationOf(raw) }, opts),
    // Errors met before routing skip the hooks: the headers every answer carries are set here.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      setSecurityHeaders(security, request, reply);
      frameworkErrorHandler(error, request, reply);
    },
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  limitRequests(app, context.protocol.limits.requests);
  securityHooks(app, security);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'trialkit API',
        description: `Trial operations for ${context.protocol.registry.id}: sites, accounts, screening, signatures, randomization, audit.`,
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !request.url.startsWith('/api/')) return;
    const session = await resumeSession(context.db, token, context.clock.now());
    if (!session) return;
    request.session = session;
    request.sessionToken = token;
    const path = request.url.split('?')[0] as string;
    if (
      UNSAFE.has(request.method) &&
      path !== '/api/auth/login' &&
      !sameToken(request.headers[CSRF_HEADER], session.csrfToken)
    )
      throw new TrialError(
        'forbidden',
        `missing or wrong ${CSRF_HEADER} header: send the csrfToken from the sign-in response`,
      );
    if (session.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(path) && !PUBLIC_READS.has(path))
      throw new TrialError('forbidden', 'change your password first (POST /api/auth/password)', {
        mustChangePassword: true,
      });
  });

  await app.register(publicRoutes(context));
  await app.register(authRoutes(context));
  await app.register(adminRoutes(context));
  await app.register(subjectRoutes(context));
  await app.register(screeningRoutes(context));
  await app.register(randomizationRoutes(context));
  await app.register(onStudyRoutes(context));
  await app.register(dashboardRoutes(context));
  await app.register(analysisRoutes(context));

  await serveWeb(app);
  return app;
}
