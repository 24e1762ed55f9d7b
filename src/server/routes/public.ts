/** Routes without sign-in: health, readiness, the protocol and its sites (the public trial page). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accrual, health, protocolDocument, readiness, site } from '../../contracts/index.ts';
import { protocolToJson } from '../../protocol/index.ts';
import { appliedMigrations, listMigrations, listSites, randomizedCount } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

export const publicRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['health'], summary: 'The process is up', response: responses({ 200: health }) } },
      async () => ({ status: 'ok' as const }),
    );

    // Read once: probes call /readyz every few seconds.
    const expected = listMigrations().map((m) => m.name);
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'The database answers and is migrated',
          response: responses({ 200: readiness, 503: readiness }),
        },
      },
      async (_request, reply) => {
        try {
          const applied = await appliedMigrations(ctx.db);
          const missing = expected.filter((name) => !applied.includes(name));
          if (missing.length)
            return reply
              .status(503)
              .send({ status: 'not_ready' as const, database: ctx.db.kind, missingMigrations: missing });
          return { status: 'ready' as const, database: ctx.db.kind };
        } catch {
          return reply
            .status(503)
            .send({ status: 'not_ready' as const, database: ctx.db.kind, message: 'database unreachable' });
        }
      },
    );

    const protocolJson = protocolToJson(ctx.protocol);
    app.get(
      '/api/protocol',
      {
        schema: {
          tags: ['protocol'],
          summary: 'The computable protocol as JSON',
          response: responses({ 200: protocolDocument }),
        },
      },
      async () => protocolJson,
    );

    app.get(
      '/api/sites',
      {
        schema: {
          tags: ['protocol'],
          summary: 'The 16 sites with their IDs and recruiting status',
          response: responses({ 200: z.array(site) }),
        },
      },
      async () => listSites(ctx.db),
    );

    app.get(
      '/api/accrual',
      {
        schema: {
          tags: ['protocol'],
          summary: 'Randomized so far vs the enrollment target (no arm, no site split)',
          response: responses({ 200: accrual }),
        },
      },
      async () => {
        return { randomized: await randomizedCount(ctx.db), target: ctx.protocol.registry.enrollment.target };
      },
    );
  };
