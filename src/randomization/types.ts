/**
 * Plain-data types of the randomization engine and its one error type.
 *
 * Vocabulary: an *arm* is a treatment group (IDs as in protocol.yaml, `A` and `B` for NCT05168163);
 * a *factor* is a baseline characteristic with a fixed list of *levels*; a *stratum* is one
 * combination of levels, one per factor (the cartesian product of the factors' levels).
 */

/** A subject's level of each factor, keyed by factor ID: `{ 'planned-mki': 'cabozantinib' }`. */
export type FactorValues = Readonly<Record<string, string>>;

/** Count of subjects per arm, keyed by arm ID. */
export type ArmCounts = Record<string, number>;

/** One row of a permuted-block allocation list. */
export interface AllocationEntry {
  /** Stratum key, e.g. `planned-mki=cabozantinib` (see `stratumKey`). */
  stratum: string;
  /** 1-based position within the stratum's list: the n-th subject randomized in the stratum gets it. */
  sequence: number;
  arm: string;
  /** 1-based block number within the stratum. */
  block: number;
  blockSize: number;
}

/** The list of one stratum, in allocation order. */
export interface StratumList {
  stratum: string;
  factors: FactorValues;
  entries: AllocationEntry[];
}

/**
 * A complete permuted-block allocation list. `algorithm` names the generator and its version, so a
 * list stored today can be regenerated from its seed and checked by a later trialkit.
 */
export interface AllocationList {
  algorithm: string;
  strata: StratumList[];
}

/** How `minimize` chose the arm. */
export type MinimizationRule =
  /** The arm with the lowest imbalance score was assigned with probability `probabilityUsed`, or another arm. */
  | 'minimization'
  /** Several arms shared the lowest score; one of them was drawn with equal probability. */
  | 'tie'
  /** One of the first `initialRandom` subjects: simple randomization, scores informational. */
  | 'initial-random';

/** The outcome of one Pocock–Simon allocation, with everything needed to explain it. */
export interface MinimizationResult {
  arm: string;
  /** The arm with the unique lowest score; `null` in a tie or the initial simple-randomization phase. */
  preferredArm: string | null;
  /** G_k: the weighted total imbalance if the subject were assigned to arm k. */
  scores: Record<string, number>;
  /**
   * With a preferred arm: the probability it had of being assigned (the configured p). In a tie or the
   * initial phase: the equal probability each candidate arm had (1 / number of candidates).
   */
  probabilityUsed: number;
  tie: boolean;
  rule: MinimizationRule;
}

/** Per-arm counts of one group of subjects and how far they are from the allocation ratio. */
export interface BalanceRow {
  counts: ArmCounts;
  total: number;
  /**
   * Largest minus smallest of count ÷ ratio over the arms: with a 1:1 ratio simply the largest minus the
   * smallest count (|n_A − n_B| for two arms); 0 means balanced exactly as the ratio asks.
   */
  imbalance: number;
}

export interface StratumBalance extends BalanceRow {
  stratum: string;
}

export interface FactorLevelBalance extends BalanceRow {
  factor: string;
  level: string;
}

/** One throwaway subject of a rehearsal and the arm it received. */
export interface RehearsalAllocation {
  /** 1-based order of randomization over the whole rehearsal. */
  sequence: number;
  stratum: string;
  factors: FactorValues;
  arm: string;
}

/** What a rehearsal reports: the balance the configuration achieved on the throwaway subjects. */
export interface RehearsalReport {
  method: 'permuted-blocks' | 'minimization';
  subjects: number;
  overall: BalanceRow;
  /**
   * Every stratum of the configuration, including those no subject fell in, in configuration order;
   * beyond `limits.maxStrata` strata (large minimization designs) only the strata some subject fell in.
   */
  byStratum: StratumBalance[];
  /** Every level of every factor, in configuration order. */
  byFactorLevel: FactorLevelBalance[];
  /** The largest `imbalance` overall, within any stratum and within any factor level. */
  maxImbalance: { overall: number; stratum: number; factorLevel: number };
  allocations: RehearsalAllocation[];
}
