/** An estimate with its confidence limits as the report sends them: null where there is no number. */
export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** Non-finite numbers (an odds ratio of Infinity, NaN limits) as null, so JSON keeps them. */
export const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;
