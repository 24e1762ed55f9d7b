import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdList,
  exportedEntry,
  inputAt,
  listSummary,
  newListBody,
  randomizeBody,
  receipt as receiptResponse,
  rehearsalBody,
  rehearsalReport,
  subjectParams,
} from '../../contracts/index.ts';
import { newSeed, rehearse } from '../../randomization/index.ts';
import {
  allocationOf,
  createList,
  exportList,
  isTrialSeed,
  listLists,
  RandomizationQueue,
  requireRole,
  TrialError,
} from '../../store/index.ts';
import { dateIn, principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

export const randomizationRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    // The protocol's randomization.yaml: the default configuration of lists and rehearsals.
    const defaultConfig = ctx.protocol.randomization;
    // This process's randomizations, committed in batches (src/store/randomization/batch.ts).
    const queue = new RandomizationQueue(ctx.db, ctx.protocol, ctx.clock);

    app.post(
      '/api/subjects/:id/randomization',
      {
        schema: {
          tags: ['randomization'],
          summary:
            'Randomize an eligible, signed subject (coordinator, investigator of its site); returns the receipt',
          params: subjectParams,
          body: randomizeBody,
          response: responses({ 200: receiptResponse, 201: receiptResponse }),
        },
      },
      async (request, reply) => {
        const receipt = await queue.randomize({
          who: principalOf(request),
          today: dateIn(ctx.clock.now(), ctx.timeZone),
          subjectId: request.params.id,
          factors: request.body.factors,
        });
        return reply.status(receipt.existing ? 200 : 201).send(receipt);
      },
    );

    app.get(
      '/api/subjects/:id/randomization',
      {
        schema: {
          tags: ['randomization'],
          summary: "The subject's allocation receipt, if randomized",
          params: subjectParams,
          response: responses({ 200: receiptResponse }),
        },
      },
      async (request) => {
        const receipt = await allocationOf(ctx.db, principalOf(request), ctx.protocol, request.params.id);
        if (!receipt)
          throw new TrialError('not_found', 'allocation not found: the subject is not randomized');
        return receipt;
      },
    );

    app.post(
      '/api/randomization/lists',
      {
        schema: {
          tags: ['randomization'],
          summary:
            "Generate the trial's allocation list from a seed (statistician); the seed is returned once, only its hash is kept",
          body: newListBody,
          response: responses({ 201: createdList }),
        },
      },
      async (request, reply) => {
        const who = principalOf(request);
        const list = await ctx.db.transaction((tx) =>
          createList(tx, who, ctx.clock.now(), ctx.protocol, {
            config: request.body.config ?? defaultConfig,
            rehearsal: request.body.rehearsal,
            ...(request.body.seed ? { seed: request.body.seed } : {}),
          }),
        );
        return reply.status(201).send(list);
      },
    );

    app.get(
      '/api/randomization/lists',
      {
        schema: {
          tags: ['randomization'],
          summary: 'Allocation lists and their use per stratum (statistician)',
          response: responses({ 200: z.array(listSummary) }),
        },
      },
      async (request) => listLists(ctx.db, principalOf(request)),
    );

    app.get(
      '/api/randomization/lists/:listId/entries',
      {
        schema: {
          tags: ['randomization'],
          summary: 'Export a list with who got each entry (statistician); the export is an audit event',
          params: z.strictObject({ listId: z.uuid() }),
          response: responses({ 200: z.array(exportedEntry) }),
        },
      },
      async (request) =>
        (await exportList(ctx.db, principalOf(request), ctx.clock.now(), request.params.listId)).entries,
    );

    app.post(
      '/api/randomization/rehearsal',
      {
        schema: {
          tags: ['randomization'],
          summary:
            'Run the configuration on throwaway subjects and report balance (statistician); stores nothing',
          body: rehearsalBody,
          response: responses({ 200: rehearsalReport }),
        },
      },
      async (request) => {
        requireRole(principalOf(request), ['statistician']);
        // A rehearsal prints its allocations: run with the trial's own seed, it would print the real list.
        if (request.body.seed && (await isTrialSeed(ctx.db, request.body.seed)))
          throw new TrialError(
            'refused',
            "seed: this is the trial's own seed; rehearse with a fresh one (leave seed out)",
          );
        // The engine names `config.…`, `seed` and `subjects…` as the body does (errors.ts maps them).
        return inputAt('body', () =>
          rehearse(
            (request.body.config ?? defaultConfig) as never,
            request.body.seed ?? newSeed(),
            request.body.subjects as never,
            ctx.protocol.limits.randomization,
          ),
        );
      },
    );
  };
