/**
 * Counts of risk-score ranks seen so far, answering "how many below / at / above rank r" in
 * O(log K) (a Fenwick, or binary indexed, tree: Fenwick PM. Softw Pract Exper 1994;24:327-36).
 * It plays the part of the balanced binary tree of survival's concordance code.
 */
export class RankCounter {
  private readonly tree: Float64Array;
  /** Plain count per rank, for the "tied" query in O(1). */
  private readonly atRank: Float64Array;
  private count = 0;

  /** Ranks run from 0 to size − 1. */
  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
    this.atRank = new Float64Array(size);
  }

  add(rank: number, count: number): void {
    this.atRank[rank] = (this.atRank[rank] as number) + count;
    this.count += count;
    for (let k = rank + 1; k < this.tree.length; k += k & -k) this.tree[k] = (this.tree[k] as number) + count;
  }

  /** How many there are. */
  get total(): number {
    return this.count;
  }

  /** How many have a rank below `rank`. */
  below(rank: number): number {
    let sum = 0;
    for (let k = rank; k > 0; k -= k & -k) sum += this.tree[k] as number;
    return sum;
  }

  at(rank: number): number {
    return this.atRank[rank] as number;
  }
}
