/**
 * A subject's screening: its FHIR documents, entered lab results and attestations (each change
 * re-runs the screener), re-screening as of a date, the screening result and its episodes, and the
 * investigator's signature. Site-scoped like the subject routes (routes/subjects.ts), whose refusal of
 * users without a clinical role holds here too.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerInForce,
  attestationsBody,
  currentScreening,
  documentBodyWithin,
  documentParams,
  documentUploaded,
  episodeSummary,
  labPanelBody,
  labResultBody,
  removeDocumentBody,
  rescreenBody,
  screeningRun,
  signature,
  signatureBody,
  subjectDocument,
  subjectParams,
} from '../../contracts/index.ts';
import {
  addDocument,
  attest,
  currentEpisode,
  ELIGIBILITY_MEANING,
  enterLabPanel,
  enterLabResult,
  episodes,
  removeDocument,
  rescreen,
  signEligibility,
  subjectAnswers,
  subjectDocuments,
  subjectFor,
} from '../../store/index.ts';
import { passwordAgain } from '../auth/password-again.ts';
import { dateIn, principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';
import { clinicalRolesOnly, readinessOf } from './subjects.ts';

export const screeningRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const now = () => ctx.clock.now();
    const today = () => dateIn(now(), ctx.timeZone);
    const screening = () => ({ protocol: ctx.protocol, today: today(), identity: ctx.identity });
    app.addHook('onRequest', clinicalRolesOnly);

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
        return { episode, eligibility: (await readinessOf(ctx, who, row)).eligibility };
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
  };
