/** Routes without sign-in: health, readiness, the protocol and its sites (the public trial page). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { protocolToJson } from '../../protocol/index.ts';
import { listMigrations, listSites } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';

export const publicRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up' } }, async () => ({
      status: 'ok',
    }));

    // Read once: probes call /readyz every few seconds.
    const expected = listMigrations().map((m) => m.name);
    app.get(
      '/readyz',
      { schema: { tags: ['health'], summary: 'The database answers and is migrated' } },
      async (_request, reply) => {
        try {
          const applied = (
            await ctx.db.query<{ name: string }>('SELECT name FROM schema_migration')
          ).rows.map((r) => r.name);
          const missing = expected.filter((name) => !applied.includes(name));
          if (missing.length)
            return reply
              .status(503)
              .send({ status: 'not_ready', database: ctx.db.kind, missingMigrations: missing });
          return { status: 'ready', database: ctx.db.kind };
        } catch {
          return reply
            .status(503)
            .send({ status: 'not_ready', database: ctx.db.kind, message: 'database unreachable' });
        }
      },
    );

    const protocolJson = protocolToJson(ctx.protocol);
    app.get(
      '/api/protocol',
      { schema: { tags: ['protocol'], summary: 'The computable protocol as JSON' } },
      async () => protocolJson,
    );

    app.get(
      '/api/sites',
      { schema: { tags: ['protocol'], summary: 'The 16 sites with their IDs and recruiting status' } },
      async () => listSites(ctx.db),
    );

    app.get(
      '/api/accrual',
      {
        schema: {
          tags: ['protocol'],
          summary: 'Randomized so far vs the enrollment target (no arm, no site split)',
        },
      },
      async () => {
        const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM allocation');
        return { randomized: rows[0]?.n ?? 0, target: ctx.protocol.registry.enrollment.target };
      },
    );
  };
