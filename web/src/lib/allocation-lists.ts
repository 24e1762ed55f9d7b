/**
 * The statistician's allocation lists (GET /api/randomization/lists, src/contracts ListSummary): which list randomizes the trial now, whether it may still be replaced, and what creating
 * or replacing it does — the words of the confirmation. The server refuses to replace a list that has
 * allocated subjects; the page disables the button and says why before anyone tries.
 */
import type { ListSummary } from '../contracts.ts';

/** The list the trial randomizes from (rehearsal lists never do), if any. */
export const activeTrialList = (lists: readonly ListSummary[]): ListSummary | undefined =>
  lists.find((l) => l.active && !l.rehearsal);

/** Subjects allocated from a list: the server's count, or the strata's used entries from an older server. */
export const allocatedFrom = (list: ListSummary): number =>
  typeof list.allocated === 'number' ? list.allocated : list.strata.reduce((n, s) => n + s.used, 0);

/** Why the active list can no longer be replaced, or null while it can (nobody allocated from it yet). */
export function replaceBlocked(list: ListSummary | undefined): string | null {
  if (!list) return null;
  const n = allocatedFrom(list);
  if (n === 0) return null;
  return `${n} ${n === 1 ? 'subject has' : 'subjects have'} been randomized from the active list, so it can no longer be replaced: their allocations are checked against it.`;
}

/** "2026-03-30, seed SHA-256 3f2a9c0d1e…": a list as the confirmation names it. */
export const listLabel = (list: ListSummary): string =>
  `created ${list.createdAt.slice(0, 10)}, seed SHA-256 ${list.seedSha256.slice(0, 12)}…`;

/** What the confirmation says before a list is created (no active list) or replaced (`current`). */
export function confirmationOf(current: ListSummary | undefined): {
  title: string;
  what: string[];
  seed: string;
} {
  const seed =
    "The new list's seed is shown once, on this page, right after it is created: copy it and keep it outside trialkit (it regenerates the list for an audit). trialkit keeps only its SHA-256.";
  const generate =
    'trialkit generates the list now from a new random seed and protocols/nct05168163/randomization.yaml; each subject randomized from then on receives the next arm of their stratum.';
  if (!current)
    return {
      title: 'Create the allocation list',
      what: [generate, 'Until it exists, randomization is refused.'],
      seed,
    };
  return {
    title: 'Replace the allocation list',
    what: [
      `The current list (${listLabel(current)}) stops being used: it is kept, marked replaced, and no subject will be randomized from it.`,
      generate,
      'Nobody has been randomized from the current list yet; once someone is, it can no longer be replaced.',
    ],
    seed,
  };
}
