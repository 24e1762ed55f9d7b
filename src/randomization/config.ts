/**
 * The randomization configuration (protocols/<id>/randomization.yaml): arms and their ratio, the
 * stratification factors, and the method with its parameters. Everything is checked here, once, so
 * the algorithms can trust their input; every error names the field, the value and what was expected.
 */
import { z } from 'zod';
import { InputError } from '../contracts/index.ts';
import { fromZodIssues } from './zod-issues.ts';

/** Arm, factor and level IDs appear in stratum keys (`planned-mki=cabozantinib`), so no `=` or `|`. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const idSchema = z
  .string()
  .regex(ID_PATTERN, { error: 'an ID of letters, digits, ".", "_" or "-", starting with a letter or digit' });

/**
 * Upper bounds that keep a mistyped configuration from exhausting memory: permuted blocks with more
 * strata than this are not a stratification a trial can fill, and lists longer than this are typos.
 */
export const MAX_STRATA = 1000;
export const MAX_LIST_LENGTH = 100_000;
export const MAX_LIST_ENTRIES = 1_000_000;

const armSchema = z
  .object({ id: idSchema, label: z.string().optional(), ratio: z.number().int().positive() })
  .strict();
const factorSchema = z.object({ id: idSchema, label: z.string(), levels: z.array(idSchema).min(1) }).strict();

const common = {
  /** The protocol this configuration belongs to (informational). */
  protocol: z.string().optional(),
  /** Where the values come from when the registry or SAP does not state them. */
  assumption: z.string().optional(),
  enrollmentTarget: z.number().int().positive(),
  arms: z.array(armSchema).min(2),
  factors: z.array(factorSchema).default([]),
};

const permutedBlocksSchema = z
  .object({
    ...common,
    method: z.literal('permuted-blocks'),
    blockSizes: z.array(z.number().int().positive()).min(1),
    listLengthPerStratum: z.number().int().positive().optional(),
  })
  .strict();

const minimizationSchema = z
  .object({
    ...common,
    method: z.literal('minimization'),
    /** Factor ID → weight w_i of Pocock & Simon's G_k = Σ w_i d_ik; a factor not listed weighs 1. */
    weights: z.record(z.string(), z.number().positive()).optional(),
    imbalance: z.enum(['range', 'variance']).default('range'),
    preferredArmProbability: z.number().max(1),
    initialRandom: z.number().int().nonnegative().default(0),
  })
  .strict();

export interface Arm {
  id: string;
  label?: string;
  /** This arm's share of the allocation ratio (1 and 1 for 1:1). */
  ratio: number;
}

export interface Factor {
  id: string;
  label: string;
  levels: string[];
}

interface ConfigBase {
  protocol?: string;
  assumption?: string;
  enrollmentTarget: number;
  arms: Arm[];
  factors: Factor[];
}

export interface PermutedBlocksConfig extends ConfigBase {
  method: 'permuted-blocks';
  /** Sizes a block may take, each a multiple of the ratio sum; each block's size is drawn uniformly. */
  blockSizes: number[];
  /** Minimum entries per stratum list (complete blocks, so the list may be a little longer). */
  listLengthPerStratum: number;
}

export interface MinimizationConfig extends ConfigBase {
  method: 'minimization';
  /** Factor ID → weight, every factor present (default 1). */
  weights: Record<string, number>;
  /** Pocock & Simon's imbalance measure d: range (max − min) or variance of the counts over the arms. */
  imbalance: 'range' | 'variance';
  /** Pocock & Simon's p: probability of assigning the arm with the lowest score. */
  preferredArmProbability: number;
  /** The first subjects allocated by simple randomization, before minimization starts. */
  initialRandom: number;
}

export type RandomizationConfig = PermutedBlocksConfig | MinimizationConfig;

/** Number of strata: the product of the factors' level counts (1 with no factors). */
export function strataCount(factors: readonly { levels: readonly string[] }[]): number {
  return factors.reduce((n, f) => n * f.levels.length, 1);
}

type Parsed = z.output<typeof permutedBlocksSchema> | z.output<typeof minimizationSchema>;

/**
 * The checks that span fields, run once every field has the right shape; returns whether all passed.
 * `params.value` is what the message shows as "got" when the field's own value would not say it.
 */
function checkAcrossFields(c: Parsed, ctx: z.RefinementCtx): boolean {
  let ok = true;
  const add = (path: PropertyKey[], expected: string, value?: unknown) => {
    ok = false;
    ctx.addIssue({
      code: 'custom',
      path,
      message: expected,
      ...(value !== undefined && { params: { value } }),
    });
  };
  const firstUse = <T>(items: readonly T[], path: (i: number) => PropertyKey[], what: string) => {
    items.forEach((item, i) => {
      if (items.indexOf(item) !== i) add(path(i), `${what} not listed earlier`);
    });
  };
  firstUse(
    c.arms.map((a) => a.id),
    (i) => ['arms', i, 'id'],
    'an arm ID',
  );
  firstUse(
    c.factors.map((f) => f.id),
    (i) => ['factors', i, 'id'],
    'a factor ID',
  );
  c.factors.forEach((f, fi) => {
    firstUse(f.levels, (i) => ['factors', fi, 'levels', i], 'a level');
  });
  const strata = strataCount(c.factors);
  const ratios = c.arms.map((a) => a.ratio);
  if (c.method === 'permuted-blocks') {
    const ratioSum = ratios.reduce((s, r) => s + r, 0);
    c.blockSizes.forEach((size, i) => {
      if (size % ratioSum !== 0)
        add(['blockSizes', i], `a multiple of ${ratioSum}, the sum of the arm ratios ${ratios.join(':')}`);
    });
    firstUse(c.blockSizes, (i) => ['blockSizes', i], 'a block size');
    if (strata > MAX_STRATA)
      add(['factors'], `at most ${MAX_STRATA} strata (product of the level counts)`, `${strata} strata`);
    const share = Math.ceil(c.enrollmentTarget / strata);
    const length = c.listLengthPerStratum ?? c.enrollmentTarget;
    const lengthField = c.listLengthPerStratum === undefined ? 'enrollmentTarget' : 'listLengthPerStratum';
    if (length < share) {
      add(
        ['listLengthPerStratum'],
        `at least ${share}, the enrollment target ${c.enrollmentTarget} shared by ${strata} strata ` +
          `(leave it out for the safe default, the whole target)`,
      );
    } else if (length > MAX_LIST_LENGTH) {
      add([lengthField], `a list length per stratum of at most ${MAX_LIST_LENGTH}`);
    } else if (strata <= MAX_STRATA && strata * length > MAX_LIST_ENTRIES) {
      add(
        [lengthField],
        `at most ${MAX_LIST_ENTRIES} list entries in all; ${strata} strata × ${length} is ${strata * length}`,
      );
    }
  } else {
    if (c.factors.length === 0) add(['factors'], 'at least one factor to minimize over', []);
    c.arms.forEach((a, i) => {
      if (a.ratio !== ratios[0])
        add(
          ['arms', i, 'ratio'],
          `${ratios[0]} like the first arm: minimization supports equal allocation only`,
        );
    });
    for (const id of Object.keys(c.weights ?? {})) {
      if (!c.factors.some((f) => f.id === id))
        add(['weights', id], `a factor ID (one of ${c.factors.map((f) => f.id).join(', ')})`, id);
    }
    const k = c.arms.length;
    if (!(c.preferredArmProbability > 1 / k))
      add(['preferredArmProbability'], `a probability above 1/${k} (equal allocation) and at most 1`);
    if (c.initialRandom > c.enrollmentTarget)
      add(['initialRandom'], `at most the enrollment target, ${c.enrollmentTarget}`);
  }
  return ok;
}

/** Fills the defaults that depend on other fields. */
function withDefaults(c: Parsed, ctx: z.RefinementCtx): RandomizationConfig {
  if (!checkAcrossFields(c, ctx)) return z.NEVER;
  if (c.method === 'permuted-blocks') {
    return { ...c, listLengthPerStratum: c.listLengthPerStratum ?? c.enrollmentTarget };
  }
  const weights = Object.fromEntries(c.factors.map((f) => [f.id, c.weights?.[f.id] ?? 1]));
  return { ...c, weights };
}

/**
 * The configuration schema. Parsing fills the defaults: `factors: []`; for permuted blocks
 * `listLengthPerStratum` = the enrollment target (so no stratum's list can run out even if every
 * subject falls in it); for minimization `imbalance: range`, `initialRandom: 0`, every weight 1.
 */
export const randomizationConfigSchema = z
  .discriminatedUnion('method', [permutedBlocksSchema, minimizationSchema])
  .transform(withDefaults);

/** Validates loaded data (e.g. parsed YAML) as a configuration; `source` (a file name) prefixes errors. */
export function parseRandomizationConfig(data: unknown, source: string): RandomizationConfig {
  const result = randomizationConfigSchema.safeParse(data);
  if (result.success) return result.data;
  throw new InputError(fromZodIssues(result.error.issues, data), source);
}

/**
 * The engines' entry check: a configuration built in code gets the same validation as a file. Fields
 * are named from the engine's argument (`config.blockSizes[0]`), like `seed` and `subjects`.
 */
export function checkConfig(config: RandomizationConfig): RandomizationConfig {
  const result = randomizationConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const issues = fromZodIssues(result.error.issues, config);
  throw new InputError(issues.map((i) => ({ ...i, path: `config.${i.path}` })));
}
