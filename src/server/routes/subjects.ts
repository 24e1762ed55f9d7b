/**
 * Subject routes: create and read subjects (site-scoped: other sites' subjects are 404), their FHIR
 * documents, entered lab results and attestations (each change re-runs the screener), re-screening as of a date, the
 * investigator's signature, the screening log with CONSORT counts, and a subject's audit history.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerInForce,
  attestationsBody,
  auditEvent,
  createdSubject,
  currentScreening,
  documentBodyWithin,
  documentParams,
  documentUploaded,
  duplicateCheck,
  episodeSummary,
  labPanelBody,
  labResultBody,
  newSubjectBody,
  removeDocumentBody,
  rescreenBody,
  screeningLog as screeningLogResponse,
  screeningRun,
  signature,
  signatureBody,
  subject,
  subjectDetail,
  subjectDocument,
  subjectParams,
  subjectQuery,
  subjectUpdateBody,
  withdrawBody,
} from '../../contracts/index.ts';
import {
  addDocument,
  allocationRecord,
  attest,
  auditEvents,
  createSubject,
  currentEpisode,
  duplicatesOfNewSubjectFacts,
  duplicatesOfSubject,
  ELIGIBILITY_MEANING,
  enterLabPanel,
  enterLabResult,
  episodes,
  listSubjects,
  type Principal,
  randomizationReadiness,
  removeDocument,
  rescreen,
  type SubjectRow,
  screeningLog,
  signEligibility,
  subjectAnswers,
  subjectDocuments,
  subjectFor,
  updateSubject,
  withdrawSubject,
} from '../../store/index.ts';
import { passwordAgain } from '../auth/password-again.ts';
import { dateIn, principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

export const subjectRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const now = () => ctx.clock.now();
    const today = () => dateIn(now(), ctx.timeZone);
    const screening = () => ({ protocol: ctx.protocol, today: today(), identity: ctx.identity });
    /** Eligibility as randomization sees it today, with every precondition not met (one answer for every page). */
    const readiness = async (who: Principal, row: SubjectRow) => {
      const possibleDuplicates = await duplicatesOfSubject(ctx.db, who, row);
      const { state, blockers } = await randomizationReadiness(
        ctx.db,
        who,
        row,
        today(),
        ctx.protocol.registry.id,
        { known: possibleDuplicates },
      );
      return { eligibility: { ...state, blockers }, possibleDuplicates };
    };

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
        const { eligibility, possibleDuplicates } = await readiness(who, row);
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

    app.post(
      '/api/subjects/:id/documents',
      {
        schema: {
          tags: ['screening'],
          summary: 'Upload FHIR data (a Bundle, or NDJSON text); re-screens',
          params: subjectParams,
          body: documentBodyWithin(ctx.protocol.limits),
          response: responses({ 201: documentUploaded }),
        },
      },
      async (request, reply) => {
        const who = principalOf(request);
        const result = await ctx.db.transaction((tx) =>
          addDocument(tx, who, now(), screening(), request.params.id, request.body),
        );
        return reply.status(201).send(result);
      },
    );

    app.post(
      '/api/subjects/:id/lab-results',
      {
        schema: {
          tags: ['screening'],
          summary: 'Enter a lab result (stored as a FHIR Observation about the uploaded Patient); re-screens',
          params: subjectParams,
          body: labResultBody,
          response: responses({ 201: documentUploaded }),
        },
      },
      async (request, reply) => {
        const who = principalOf(request);
        const result = await ctx.db.transaction((tx) =>
          enterLabResult(tx, who, now(), screening(), request.params.id, request.body),
        );
        return reply.status(201).send(result);
      },
    );

    app.post(
      '/api/subjects/:id/lab-panels',
      {
        schema: {
          tags: ['screening'],
          summary:
            'Enter several lab results of one sample date (one FHIR Bundle of Observations, one upload); re-screens once',
          params: subjectParams,
          body: labPanelBody,
          response: responses({ 201: documentUploaded }),
        },
      },
      async (request, reply) => {
        const who = principalOf(request);
        const result = await ctx.db.transaction((tx) =>
          enterLabPanel(tx, who, now(), screening(), request.params.id, request.body),
        );
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/subjects/:id/documents',
      {
        schema: {
          tags: ['screening'],
          summary: 'Every document uploaded for the subject (removed ones marked, with the reason)',
          params: subjectParams,
          response: responses({ 200: z.array(subjectDocument) }),
        },
      },
      async (request) => subjectDocuments(ctx.db, principalOf(request), request.params.id),
    );

    app.get(
      '/api/subjects/:id/answers',
      {
        schema: {
          tags: ['screening'],
          summary: 'The screening answers in force (newest per question), with comment, author and time',
          params: subjectParams,
          response: responses({ 200: z.array(answerInForce) }),
        },
      },
      async (request) => subjectAnswers(ctx.db, principalOf(request), request.params.id),
    );

    app.delete(
      '/api/subjects/:id/documents/:documentId',
      {
        schema: {
          tags: ['screening'],
          summary: 'Remove an uploaded document (kept, marked removed; reason required); re-screens',
          params: documentParams,
          body: removeDocumentBody,
          response: responses({ 200: screeningRun }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          removeDocument(
            tx,
            principalOf(request),
            now(),
            screening(),
            request.params.id,
            request.params.documentId,
            request.body.reason,
          ),
        ),
    );

    app.post(
      '/api/subjects/:id/attestations',
      {
        schema: {
          tags: ['screening'],
          summary:
            'Answer screening questions by linkId (criterion IDs, consent-date, planned-mki…); re-screens',
          params: subjectParams,
          body: attestationsBody,
          response: responses({ 200: screeningRun }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          attest(
            tx,
            principalOf(request),
            now(),
            screening(),
            request.params.id,
            request.body.answers,
            request.body.reason,
          ),
        ),
    );

    app.post(
      '/api/subjects/:id/screenings',
      {
        schema: {
          tags: ['screening'],
          summary: 'Re-screen as of a date (default today)',
          params: subjectParams,
          body: rescreenBody,
          response: responses({ 200: screeningRun }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          rescreen(tx, principalOf(request), now(), screening(), request.params.id, request.body.asOf),
        ),
    );

    app.get(
      '/api/subjects/:id/screening',
      {
        schema: {
          tags: ['screening'],
          summary: 'The current screening result with its evidence',
          params: subjectParams,
          response: responses({ 200: currentScreening }),
        },
      },
      async (request) => {
        const who = principalOf(request);
        const { row } = await subjectFor(ctx.db, who, request.params.id);
        const episode = await currentEpisode(ctx.db, who, row.id);
        return { episode, eligibility: (await readiness(who, row)).eligibility };
      },
    );

    app.get(
      '/api/subjects/:id/screenings',
      {
        schema: {
          tags: ['screening'],
          summary: 'All screening episodes (without the full results)',
          params: subjectParams,
          response: responses({ 200: z.array(episodeSummary) }),
        },
      },
      async (request) => episodes(ctx.db, principalOf(request), request.params.id),
    );

    app.post(
      '/api/subjects/:id/signatures',
      {
        schema: {
          tags: ['screening'],
          summary: `Investigator signs the current eligible result; meaning "${ELIGIBILITY_MEANING}"`,
          params: subjectParams,
          body: signatureBody,
          response: responses({ 201: signature }),
        },
      },
      async (request, reply) => {
        const who = principalOf(request);
        const passwordVerified = await passwordAgain(ctx, who, request.body.password);
        const signature = await ctx.db.transaction((tx) =>
          signEligibility(tx, who, now(), request.params.id, {
            resultSha256: request.body.resultSha256,
            meaning: request.body.meaning,
            passwordVerified,
          }),
        );
        return reply.status(201).send(signature);
      },
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
