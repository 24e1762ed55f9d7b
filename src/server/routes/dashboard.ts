/**
 * GET /api/dashboard: accrual against the enrollment target (by period, site and arm), the screening
 * funnel, CONSORT enrolment counts and screen failures by criterion, for the caller's sites
 * (`visibleSites`: study-wide for admin and statistician, their own sites for coordinators,
 * investigators and monitors). The store counts; this route adds the protocol's names and target.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dashboardData, dashboardQuery } from '../../contracts/index.ts';
import { dashboard } from '../../store/index.ts';
import { dateIn, principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

export const dashboardRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const criteria = new Map(ctx.protocol.criteria.map((c) => [c.id, c]));
    const arms = ctx.protocol.registry.arms.map((a) => ({ id: a.id, label: a.label, type: a.type }));

    app.get(
      '/api/dashboard',
      {
        schema: {
          tags: ['dashboard'],
          summary: "Accrual vs target, screening funnel, CONSORT counts and screen failures (caller's sites)",
          querystring: dashboardQuery,
          response: responses({ 200: dashboardData }),
        },
      },
      async (request) => {
        const who = principalOf(request);
        const asOf = dateIn(ctx.clock.now(), ctx.timeZone);
        const data = await dashboard(ctx.db, who, {
          period: request.query.period,
          timeZone: ctx.timeZone,
          today: asOf,
        });
        const armIds = [...new Set([...arms.map((a) => a.id), ...Object.keys(data.byArm)])];
        return {
          asOf,
          timeZone: ctx.timeZone,
          target: ctx.protocol.registry.enrollment.target,
          ...data,
          arms: armIds.map((id) => ({
            id,
            label: arms.find((a) => a.id === id)?.label ?? id,
            randomized: data.byArm[id] ?? 0,
          })),
          screenFailures: {
            ...data.screenFailures,
            byCriterion: data.screenFailures.byCriterion.map((f) => ({
              ...f,
              title: criteria.get(f.criterionId)?.title ?? null,
              type: criteria.get(f.criterionId)?.type ?? null,
            })),
          },
        };
      },
    );
  };
