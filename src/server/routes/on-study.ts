/**
 * On-study routes (issue 15): a randomized subject's study events (record, correct, remove; one audited
 * write path in src/store/on-study), its calendar with figures, the site worklist, and both calendars as
 * iCalendar downloads (study IDs only). Site-scoped like every subject route: another site's subject is
 * 404; monitors and the statistician read; coordinators and investigators of the site write.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarDate,
  studyEvent,
  studyEventCorrection,
  studyEventData,
  studyEventParams,
  studyEventRemoval,
  subjectCalendar,
  subjectParams,
  worklistQuery,
  worklist as worklistResponse,
} from '../../contracts/index.ts';
import { visitsToIcs } from '../../ical/index.ts';
import {
  subjectCalendar as calendarOfSubject,
  correctStudyEvent,
  enrolmentOf,
  listStudyEvents,
  recordStudyEvent,
  removeStudyEvent,
  subjectFor,
  type Trial,
  worklist,
} from '../../store/index.ts';
import { dateIn, principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';
import { clinicalRolesOnly } from './subjects.ts';

const asOfQuery = z.strictObject({ asOf: calendarDate.optional() });
const ICS = 'text/calendar; charset=utf-8';
/** An iCalendar file (RFC 5545), sent as it is written (the reply's serializer passes it through). */
const icsText = z.string().describe('An iCalendar file (text/calendar)');
const asText = (payload: unknown) => payload as string;

export const onStudyRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const now = () => ctx.clock.now();
    const trial: Trial = { protocol: ctx.protocol, dayOf: (at) => dateIn(at, ctx.timeZone) };
    const today = () => trial.dayOf(now());
    app.addHook('onRequest', clinicalRolesOnly);

    const calendarFor = async (who: ReturnType<typeof principalOf>, id: string, asOf: string) => {
      const { row } = await subjectFor(ctx.db, who, id);
      return calendarOfSubject(ctx.db, trial, row, await enrolmentOf(ctx.db, trial, row), asOf);
    };

    app.get(
      '/api/subjects/:id/events',
      {
        schema: {
          tags: ['on-study'],
          summary: "A randomized subject's study events, removed ones marked",
          params: subjectParams,
          response: responses({ 200: z.array(studyEvent) }),
        },
      },
      async (request) => listStudyEvents(ctx.db, principalOf(request), request.params.id),
    );

    app.post(
      '/api/subjects/:id/events',
      {
        schema: {
          tags: ['on-study'],
          summary:
            'Record a cycle start, dose, visit, missed visit, tumor response, end of treatment, follow-up, death, withdrawal or off study (coordinator, investigator)',
          params: subjectParams,
          body: studyEventData,
          response: responses({ 201: studyEvent }),
        },
      },
      async (request, reply) => {
        const event = await ctx.db.transaction((tx) =>
          recordStudyEvent(tx, principalOf(request), now(), trial, request.params.id, request.body),
        );
        return reply.status(201).send(event);
      },
    );

    app.patch(
      '/api/subjects/:id/events/:eventId',
      {
        schema: {
          tags: ['on-study'],
          summary: 'Correct a study event after submission (the new record, its version, a reason)',
          params: studyEventParams,
          body: studyEventCorrection,
          response: responses({ 200: studyEvent }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          correctStudyEvent(
            tx,
            principalOf(request),
            now(),
            trial,
            request.params.id,
            request.params.eventId,
            request.body,
          ),
        ),
    );

    app.post(
      '/api/subjects/:id/events/:eventId/removal',
      {
        schema: {
          tags: ['on-study'],
          summary: 'Remove a study event entered in error (it stays listed, marked, with the reason)',
          params: studyEventParams,
          body: studyEventRemoval,
          response: responses({ 200: studyEvent }),
        },
      },
      async (request) =>
        ctx.db.transaction((tx) =>
          removeStudyEvent(
            tx,
            principalOf(request),
            now(),
            trial,
            request.params.id,
            request.params.eventId,
            request.body,
          ),
        ),
    );

    app.get(
      '/api/subjects/:id/calendar',
      {
        schema: {
          tags: ['on-study'],
          summary:
            "The subject's visit calendar as of a day (default today): windows, statuses, and the figures — cycles, days on treatment, dose intensity, last known alive",
          params: subjectParams,
          querystring: asOfQuery,
          response: responses({ 200: subjectCalendar }),
        },
      },
      async (request) => calendarFor(principalOf(request), request.params.id, request.query.asOf ?? today()),
    );

    app.get(
      '/api/subjects/:id/calendar.ics',
      {
        schema: {
          tags: ['on-study'],
          summary: "The subject's visit calendar as iCalendar (study ID only)",
          params: subjectParams,
          querystring: asOfQuery,
          produces: [ICS],
          response: responses({ 200: icsText }),
        },
      },
      async (request, reply) => {
        const calendar = await calendarFor(
          principalOf(request),
          request.params.id,
          request.query.asOf ?? today(),
        );
        const text = visitsToIcs(
          calendar.visits.map((v) => ({ ...v, studyId: calendar.studyId })),
          { calendarName: `${calendar.studyId} visits`, uidPrefix: ctx.protocol.id },
        );
        return reply
          .serializer(asText)
          .type(ICS)
          .header('content-disposition', `attachment; filename="${calendar.studyId}-visits.ics"`)
          .send(text);
      },
    );

    app.get(
      '/api/worklist',
      {
        schema: {
          tags: ['on-study'],
          summary:
            "What is overdue, due, and coming up within `days` across the randomized subjects of the caller's sites",
          querystring: worklistQuery,
          response: responses({ 200: worklistResponse }),
        },
      },
      async (request) =>
        worklist(ctx.db, principalOf(request), trial, {
          ...request.query,
          asOf: request.query.asOf ?? today(),
        }),
    );

    app.get(
      '/api/worklist.ics',
      {
        schema: {
          tags: ['on-study'],
          summary: 'The worklist as iCalendar: overdue, due and coming visits (study IDs only)',
          querystring: worklistQuery,
          produces: [ICS],
          response: responses({ 200: icsText }),
        },
      },
      async (request, reply) => {
        const list = await worklist(ctx.db, principalOf(request), trial, {
          ...request.query,
          asOf: request.query.asOf ?? today(),
        });
        const text = visitsToIcs([...list.overdue, ...list.due, ...list.upcoming], {
          calendarName: `${ctx.protocol.id} worklist${request.query.siteId ? ` ${request.query.siteId}` : ''}`,
          uidPrefix: ctx.protocol.id,
        });
        return reply
          .serializer(asText)
          .type(ICS)
          .header('content-disposition', `attachment; filename="worklist-${list.asOf}.ics"`)
          .send(text);
      },
    );
  };
