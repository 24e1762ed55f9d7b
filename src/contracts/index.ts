/**
 * src/contracts: the shapes of the trialkit API — zod schemas of every request and response, the
 * error body, and the codes of the refusals a page reacts to. The only code the server and the web app
 * share (the server registers these schemas, so /docs documents every answer; the web app imports the
 * inferred types and codes). Depends on zod alone. Decision record 0010.
 */
export * from './accounts.ts';
export * from './analysis.ts';
export * from './codes.ts';
export * from './common.ts';
export * from './dashboard.ts';
export * from './errors.ts';
export * from './limits.ts';
export * from './on-study.ts';
export * from './protocol.ts';
export * from './randomization.ts';
export * from './schedule.ts';
export * from './screening.ts';
export * from './security.ts';
export * from './sites.ts';
export * from './subjects.ts';
export * from './text.ts';
export * from './vocabulary.ts';
export * from './zod-issues.ts';
