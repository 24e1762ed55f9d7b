import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServerContext } from '../context.ts';

export const analysisRoutes =
  (_ctx: ServerContext): FastifyPluginAsyncZod =>
  async () => {};
