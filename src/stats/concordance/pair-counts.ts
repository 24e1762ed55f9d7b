/**
 * Harrell's pair counts and each subject's share of them, in O(n log n) (Harrell FE et al.
 * Evaluating the yield of medical tests. JAMA 1982;247:2543-6; Harrell FE, Lee KL, Mark DB.
 * Stat Med 1996;15:361-87; the counting follows survival's "concordance" vignette,
 * Therneau & Atkinson).
 *
 * A pair is comparable when the shorter time is a death and the other subject was still under
 * observation then: a later time, or a censoring at the same time (a subject censored at t was
 * seen alive at t). Orientation is the Cox one: the pair is concordant when the subject who died
 * first has the higher risk score. Pairs of deaths at the same time are "tied in time", never
 * comparable. With strata, only pairs within a stratum count.
 */
import { RankCounter } from './fenwick-tree.ts';

export interface ConcordanceCounts {
  /** Comparable pairs where the earlier death had the higher risk score. */
  concordant: number;
  /** Comparable pairs where the earlier death had the lower risk score. */
  discordant: number;
  /** Comparable pairs with equal risk scores (R's `tied.x`; they count 1/2 in C). */
  tiedRisk: number;
  /** Deaths at the same time with different risk scores (R's `tied.y`; not comparable). */
  tiedTime: number;
  /** Deaths at the same time with equal risk scores (R's `tied.xy`; not comparable). */
  tiedBoth: number;
}

/**
 * Per subject, the comparable pairs it belongs to (as the earlier death or as the later subject):
 * the derivative of each count with respect to that subject's case weight, which the
 * infinitesimal-jackknife variance needs.
 */
export interface PairInfluence {
  concordant: Float64Array;
  discordant: Float64Array;
  tiedRisk: Float64Array;
}

/**
 * Trusts its caller: `order` sorts rows by stratum, ascending time, events before censorings
 * (`survivalOrder`), and `rank` holds dense risk ranks below `size`.
 */
export function countPairs(
  time: Float64Array,
  event: Uint8Array,
  stratum: Int32Array | undefined,
  order: Uint32Array,
  rank: Int32Array,
  size: number,
): { counts: ConcordanceCounts; influence: PairInfluence } {
  const n = time.length;
  const counts: ConcordanceCounts = { concordant: 0, discordant: 0, tiedRisk: 0, tiedTime: 0, tiedBoth: 0 };
  const influence: PairInfluence = {
    concordant: new Float64Array(n),
    discordant: new Float64Array(n),
    tiedRisk: new Float64Array(n),
  };
  const tree = new RankCounter(size);
  const tiedAtQuery = new Float64Array(n); // by order position: the `at` a death saw when queried
  const sameGroup = (a: number, b: number) => time[a] === time[b] && (!stratum || stratum[a] === stratum[b]);
  const credit = (i: number, concordant: number, discordant: number, tied: number) => {
    influence.concordant[i] = (influence.concordant[i] as number) + concordant;
    influence.discordant[i] = (influence.discordant[i] as number) + discordant;
    influence.tiedRisk[i] = (influence.tiedRisk[i] as number) + tied;
  };
  // Subject at order position k, as the later member of its pairs with the deaths in the tree:
  // concordant where the earlier death scored higher.
  const laterRole = (k: number) => {
    const i = order[k] as number;
    const r = rank[i] as number;
    const below = tree.below(r);
    const at = tree.at(r);
    credit(i, tree.total - below - at, below, at);
  };

  for (let first = 0; first < n; ) {
    // One stratum at a time: positions first..last−1.
    let last = first + 1;
    if (stratum) {
      const s = stratum[order[first] as number];
      while (last < n && stratum[order[last] as number] === s) last++;
    } else last = n;

    // Pass 1, time descending: each death against everyone observed longer. The tree holds the
    // later times; censorings at t join it before t's deaths are queried, t's deaths after.
    for (let end = last; end > first; ) {
      let start = end - 1;
      while (start > first && sameGroup(order[start - 1] as number, order[end - 1] as number)) start--;
      let deathsEnd = start; // events come first within the group
      while (deathsEnd < end && event[order[deathsEnd] as number] === 1) deathsEnd++;
      for (let k = deathsEnd; k < end; k++) tree.add(rank[order[k] as number] as number, 1);
      for (let k = start; k < deathsEnd; k++) {
        const i = order[k] as number;
        const r = rank[i] as number;
        const below = tree.below(r);
        const at = tree.at(r);
        const above = tree.total - below - at;
        credit(i, below, above, at);
        counts.concordant += below;
        counts.discordant += above;
        counts.tiedRisk += at;
        tiedAtQuery[k] = at;
      }
      // Adding t's deaths one by one: what a death's rank count has gained since its query is
      // the number of earlier-added deaths at t with the same score.
      let tiedBoth = 0;
      for (let k = start; k < deathsEnd; k++) {
        const r = rank[order[k] as number] as number;
        tiedBoth += tree.at(r) - (tiedAtQuery[k] as number);
        tree.add(r, 1);
      }
      const d = deathsEnd - start;
      counts.tiedBoth += tiedBoth;
      counts.tiedTime += (d * (d - 1)) / 2 - tiedBoth;
      end = start;
    }
    for (let k = first; k < last; k++) tree.add(rank[order[k] as number] as number, -1);

    // Pass 2, time ascending: each subject against the deaths before it, for its share of the
    // pairs where it is the later subject. The tree holds deaths only; t's censorings also see
    // t's deaths, t's deaths do not see each other.
    for (let start = first; start < last; ) {
      let end = start + 1;
      while (end < last && sameGroup(order[start] as number, order[end] as number)) end++;
      let deathsEnd = start;
      while (deathsEnd < end && event[order[deathsEnd] as number] === 1) deathsEnd++;
      for (let k = start; k < deathsEnd; k++) laterRole(k);
      for (let k = start; k < deathsEnd; k++) tree.add(rank[order[k] as number] as number, 1);
      for (let k = deathsEnd; k < end; k++) laterRole(k);
      start = end;
    }
    for (let k = first; k < last; k++) {
      const i = order[k] as number;
      if (event[i] === 1) tree.add(rank[i] as number, -1);
    }
    first = last;
  }
  return { counts, influence };
}
