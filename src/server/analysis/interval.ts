export type { Interval } from '../../contracts/index.ts';

/** Non-finite numbers (an odds ratio of Infinity, NaN limits) as null, so JSON keeps them. */
export const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;
