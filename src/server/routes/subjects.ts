/**
 * Subject routes: create and read subjects (site-scoped: other sites' subjects are 404), correct and
 * withdraw them, the screening log with CONSORT counts, and a subject's audit history. Their screening
 * (documents, lab results, attestations, re-screening, the signature) is routes/screening.ts.
 * Subjects' data are for the clinical roles only (src/store/access.ts): an admin without one is
 * refused (403) before any subject is looked up, alike for every subject, existing or not.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditEvent,
  createdSubject,
  duplicateCheck,
  newSubjectBody,
  screeningLog as screeningLogResponse,
  subject,
  subjectDetail,
  subjectParams,
  subjectQuery,
  subjectUpdateBody,
  withdrawBody,
} from '../../contracts/index.ts';
import {
  allocationRecord,
  auditEvents,
  createSubject,
  duplicatesOfNewSubjectFacts,
  duplicatesOfSubject,
  listSubjects,
  type Principal,
  randomizationReadiness,
  requireClinicalRole,
  type SubjectRow,
  screeningLog,
  subjectFor,
  updateSubject,
  withdrawSubject,
} from '../../store/index.ts';
import { dateIn, principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

/** onRequest hook of the subject and screening routes: a signed-in user without a clinical role gets 403. */
export async function clinicalRolesOnly(request: FastifyRequest): Promise<void> {
  if (request.session) requireClinicalRole(request.session.principal);
}

/** Eligibility as randomization sees it today, with every precondition not met (one answer for every page). */
export async function readinessOf(ctx: ServerContext, who: Principal, row: SubjectRow) {
  const possibleDuplicates = await duplicatesOfSubject(ctx.db, who, row);
  const { state, blockers } = await randomizationReadiness(
    ctx.db,
    who,
    row,
    dateIn(ctx.clock.now(), ctx.timeZone),
    ctx.protocol.registry.id,
    { known: possibleDuplicates },
  );
  return { eligibility: { ...state, blockers }, possibleDuplicates };
}

export const subjectRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const now = () => ctx.clock.now();
    app.addHook('onRequest', clinicalRolesOnly);

    app.post(
      '/api/subjects',
      {
        schema: {
          tags: ['subjects'],
          summary: 'Create a subject at a site (coordinator, investigator of that site)',
          body: newSubjectBody,
          response: responses({ 201: createdSubject }),
        },
      },
      async (request, reply) => {
        const who = principalOf(request);
        const subject = await ctx.db.transaction((tx) =>
          createSubject(tx, who, now(), request.body, ctx.protocol.registry.id, ctx.identity),
        );
        return reply.status(201).send(subject);
      },
    );

    app.post(
      '/api/subjects/duplicate-check',
      {
        schema: {
          tags: ['subjects'],
          summary:
            'Before creating a subject: subjects (any site) with the same initials, birth date and sex; nothing is stored',
          body: newSubjectBody,
          response: responses({ 200: duplicateCheck }),
        },
      },
      async (request) => ({
        possibleDuplicates: await duplicatesOfNewSubjectFacts(
          ctx.db,
          principalOf(request),
          request.body,
          ctx.identity,
        ),
      }),
    );

    app.get(
      '/api/subjects',
      {
        schema: {
          tags: ['subjects'],
          summary: "Subjects at the caller's sites",
          querystring: subjectQuery,
          response: responses({ 200: z.array(subject) }),
        },
      },
      async (request) => listSubjects(ctx.db, principalOf(request), request.query),
    );

    app.get(
      '/api/subjects/:id',
      {
        schema: {
          tags: ['subjects'],
          summary: 'A subject with its eligibility state and allocation',
          params: subjectParams,
          response: responses({ 200: subjectDetail }),
        },
      },
      async (request) => {
        const who = principalOf(request);
        const { row, view } = await subjectFor(ctx.db, who, request.params.id);
        const { eligibility, possibleDuplicates } = await readinessOf(ctx, who, row);
        const allocation = await allocationRecord(ctx.db, view.id);
        return { ...view, eligibility, allocation, possibleDuplicates };
      },
    );

    app.patch(
      '/api/subjects/:id',
      {
        schema: {
          tags: ['subjects'],
          summary: "Correct a subject's identity data (reason required)",
          params: subjectParams,
          body: subjectUpdateBody,
          response: responses({ 200: subject }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          updateSubject(tx, principalOf(request), now(), request.params.id, request.body, ctx.identity),
        ),
    );

    app.post(
      '/api/subjects/:id/withdraw',
      {
        schema: {
          tags: ['subjects'],
          summary: 'Withdraw before randomization',
          params: subjectParams,
          body: withdrawBody,
          response: responses({ 200: subject }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          withdrawSubject(tx, principalOf(request), now(), request.params.id, request.body),
        ),
    );

    app.get(
      '/api/screening-log',
      {
        schema: {
          tags: ['screening'],
          summary: "Screening log and CONSORT counts for the caller's sites",
          response: responses({ 200: screeningLogResponse }),
        },
      },
      async (request) => screeningLog(ctx.db, principalOf(request)),
    );

    app.get(
      '/api/subjects/:id/audit',
      {
        schema: {
          tags: ['audit'],
          summary: "The subject's audit history",
          params: subjectParams,
          response: responses({ 200: z.array(auditEvent) }),
        },
      },
      async (request) => {
        const who = principalOf(request);
        const { view } = await subjectFor(ctx.db, who, request.params.id);
        const events = [];
        for await (const event of auditEvents(ctx.db, { subjectId: view.id })) events.push(event);
        return events;
      },
    );
  };
