/**
 * The statistician's analysis view: POST /api/analysis runs the analysis of SDTM TU/TR/RS and ADSL CSV
 * texts (src/server/analysis/index.ts) and GET /api/analysis/example offers the example study of
 * examples/cdisc to try it. Statistician only; others are refused before their body is read.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { analysisReport, exampleStudy } from '../../contracts/index.ts';
import { requireRole } from '../../store/index.ts';
import { analysisRequest, runAnalysis } from '../analysis/index.ts';
import { principalOf, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

const EXAMPLE_DIR = new URL('../../../examples/cdisc/', import.meta.url);
/** The four CSV texts together, as JSON. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export const analysisRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Before the body is read: others get 401/403 (not a 400 about fields), and send no 20 MB for nothing.
    const statisticianOnly = async (request: FastifyRequest) => {
      requireRole(principalOf(request), ['statistician']);
    };

    app.post(
      '/api/analysis',
      {
        schema: {
          tags: ['analysis'],
          summary:
            'PFS and OS by arm (KM, medians, Cox HR, log-rank), ORR with exact CIs and the response figures, from SDTM TU/TR/RS and ADSL CSV (statistician)',
          body: analysisRequest,
          response: responses({ 200: analysisReport }),
        },
        bodyLimit: MAX_BODY_BYTES,
        onRequest: statisticianOnly,
      },
      async (request) => runAnalysis(request.body, ctx.protocol),
    );

    app.get(
      '/api/analysis/example',
      {
        schema: {
          tags: ['analysis'],
          summary: 'The example study of examples/cdisc (tu, tr, rs, adsl CSV texts) to try the analysis',
          response: responses({ 200: exampleStudy }),
        },
        onRequest: statisticianOnly,
      },
      async () => {
        const read = (name: string) => readFile(new URL(name, EXAMPLE_DIR), 'utf8');
        const [tu, tr, rs, adsl] = await Promise.all([
          read('tu.csv'),
          read('tr.csv'),
          read('rs.csv'),
          read('adsl.csv'),
        ]);
        return {
          tu,
          tr,
          rs,
          adsl,
          fileNames: { tu: 'tu.csv', tr: 'tr.csv', rs: 'rs.csv', adsl: 'adsl.csv' },
        };
      },
    );
  };
