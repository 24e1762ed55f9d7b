/**
 * Response schemas for a route: its success answers from src/contracts, and the one error body every
 * route may answer with (4xx, 5xx). Fastify serializes each answer through its schema, so an answer
 * that drifts from the contract fails loudly (a 500 in tests) instead of reaching a page.
 */
import type { ZodType } from 'zod';
import { errorBody } from '../contracts/index.ts';

export function responses<Success extends Record<number, ZodType>>(success: Success) {
  return { ...success, '4xx': errorBody, '5xx': errorBody } as Success & {
    '4xx': typeof errorBody;
    '5xx': typeof errorBody;
  };
}
