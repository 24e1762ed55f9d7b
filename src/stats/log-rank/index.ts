/**
 * The log-rank family (log-rank, Peto & Peto, Harrington–Fleming G-ρ), unstratified or stratified,
 * reproducing R's survdiff. `logRank` checks its input; `logRankSums` is the unchecked core over
 * sorted typed arrays.
 */
export { chiSquareUpperTail } from '../distributions.ts';
export { timefixSorted } from '../timefix.ts';
export { type LogRankSums, logRankSums } from './core.ts';
export { logRank } from './log-rank.ts';
export type { LogRankColumns, LogRankInput, LogRankOptions, LogRankResult } from './types.ts';
