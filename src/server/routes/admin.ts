/** Admin routes: users and their role assignments, sites' recruiting status, audit verification. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditVerification,
  newUserBody,
  passwordReset,
  passwordResetBody,
  site,
  siteStatusBody,
  user,
  userUpdateBody,
} from '../../contracts/index.ts';
import {
  actorOf,
  createUser,
  listUsers,
  requireRole,
  revokeOtherSessions,
  setPassword,
  setRecruitingStatus,
  updateUser,
  verifyAudit,
} from '../../store/index.ts';
import { principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

const idParams = z.strictObject({ id: z.uuid() });

export const adminRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const admin = (request: Parameters<typeof principalOf>[0]) => {
      const who = principalOf(request);
      requireRole(who, ['admin']);
      return { who, actor: actorOf(who, 'admin', null) };
    };

    app.get(
      '/api/users',
      {
        schema: {
          tags: ['admin'],
          summary: 'All users with their roles (admin)',
          response: responses({ 200: z.array(user) }),
        },
      },
      async (request) => {
        admin(request);
        return listUsers(ctx.db);
      },
    );

    app.post(
      '/api/users',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create a user with a temporary password they must change (admin)',
          body: newUserBody,
          response: responses({ 201: user }),
        },
      },
      async (request, reply) => {
        const { actor } = admin(request);
        const user = await ctx.db.transaction((tx) =>
          createUser(tx, actor, ctx.clock.now(), { ...request.body, mustChangePassword: true }),
        );
        return reply.status(201).send(user);
      },
    );

    app.patch(
      '/api/users/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Change a user: name, active, roles, unlock (admin)',
          params: idParams,
          body: userUpdateBody,
          response: responses({ 200: user }),
        },
      },
      async (request) => {
        const { actor } = admin(request);
        return ctx.db.transaction((tx) =>
          updateUser(tx, actor, ctx.clock.now(), request.params.id, request.body),
        );
      },
    );

    app.post(
      '/api/users/:id/password-reset',
      {
        schema: {
          tags: ['admin'],
          summary: 'Set a temporary password the user must change (admin)',
          params: idParams,
          body: passwordResetBody,
          response: responses({ 200: passwordReset }),
        },
      },
      async (request) => {
        const { who, actor } = admin(request);
        const now = ctx.clock.now();
        await ctx.db.transaction(async (tx) => {
          await setPassword(tx, actor, now, request.params.id, request.body.password, {
            mustChange: true,
            reason: request.body.reason,
          });
          // A reset answers a forgotten or compromised password: sessions signed in with the old one end
          // (OWASP Session Management: renew sessions on password change), except the admin's own.
          const keep = request.params.id === who.userId ? request.sessionToken : null;
          await revokeOtherSessions(tx, request.params.id, keep, now);
        });
        return { reset: true as const };
      },
    );

    app.patch(
      '/api/sites/:siteId',
      {
        schema: {
          tags: ['admin'],
          summary: "Set a site's recruiting status (admin)",
          params: z.strictObject({ siteId: z.string() }),
          body: siteStatusBody,
          response: responses({ 200: site }),
        },
      },
      async (request) => {
        const { actor } = admin(request);
        return ctx.db.transaction((tx) =>
          setRecruitingStatus(tx, actor, ctx.clock.now(), request.params.siteId, request.body),
        );
      },
    );

    app.get(
      '/api/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Verify the hash chain of the audit trail (admin, monitor)',
          response: responses({ 200: auditVerification }),
        },
      },
      async (request) => {
        const who = principalOf(request);
        requireRole(who, ['admin', 'monitor']);
        return verifyAudit(ctx.db);
      },
    );
  };
