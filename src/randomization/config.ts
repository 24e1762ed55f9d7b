/**
 * The randomization configuration (protocols/<id>/randomization.yaml): arms and their ratio, the
 * stratification factors, and the method with its parameters. Everything is checked here, once, so
 * the algorithms can trust their input; every error names the field, the value and what was expected.
 *
 * The resource limits (src/contracts/limits.ts; the protocol's limits.yaml) bound what a configuration
 * may ask for — block sizes, arms, factors, levels, strata, list lengths — so that a mistyped or hostile
 * one is refused at once instead of exhausting memory (issue 14: `blockSizes: [100000000]`).
 */
import { z } from 'zod';
import {
  DEFAULT_LIMITS,
  fromZodIssues,
  InputError,
  identifier,
  multiLine,
  type RandomizationLimits,
  singleLine,
} from '../contracts/index.ts';

/** Arm, factor and level IDs appear in stratum keys (`planned-mki=cabozantinib`), so no `=` or `|`. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const idSchema = z
  .string()
  .regex(ID_PATTERN, { error: 'an ID of letters, digits, ".", "_" or "-", starting with a letter or digit' });

/** The limits a configuration is checked against when the caller names none: the defaults, the ceiling. */
export const DEFAULT_RANDOMIZATION_LIMITS: RandomizationLimits = DEFAULT_LIMITS.randomization;

/** The shapes of the two methods, each field bounded by the limits. */
function methodSchemas(limits: RandomizationLimits) {
  const armSchema = z
    .object({ id: idSchema, label: singleLine(200).optional(), ratio: z.number().int().positive() })
    .strict();
  const factorSchema = z
    .object({
      id: idSchema,
      label: singleLine(200),
      levels: z.array(idSchema).min(1).max(limits.maxLevelsPerFactor),
    })
    .strict();
  const common = {
    /** The protocol this configuration belongs to (informational). */
    protocol: identifier(100).optional(),
    /** Where the values come from when the registry or SAP does not state them. */
    assumption: multiLine(4000).optional(),
    enrollmentTarget: z.number().int().positive(),
    arms: z.array(armSchema).min(2).max(limits.maxArms),
    factors: z.array(factorSchema).max(limits.maxFactors).default([]),
  };
  const permutedBlocks = z
    .object({
      ...common,
      method: z.literal('permuted-blocks'),
      // Sizes are distinct, so there are at most as many as the largest size allows.
      blockSizes: z
        .array(z.number().int().positive().max(limits.maxBlockSize))
        .min(1)
        .max(limits.maxBlockSize),
      listLengthPerStratum: z.number().int().positive().optional(),
    })
    .strict();
  const minimization = z
    .object({
      ...common,
      method: z.literal('minimization'),
      /** Factor ID → weight w_i of Pocock & Simon's G_k = Σ w_i d_ik; a factor not listed weighs 1. */
      weights: z
        .record(z.string(), z.number().positive())
        .refine((w) => Object.keys(w).length <= limits.maxFactors, {
          error: `at most ${limits.maxFactors} weights, one per factor`,
          abort: true,
        })
        .optional(),
      imbalance: z.enum(['range', 'variance']).default('range'),
      preferredArmProbability: z.number().max(1),
      initialRandom: z.number().int().nonnegative().default(0),
    })
    .strict();
  return { permutedBlocks, minimization };
}
type MethodSchemas = ReturnType<typeof methodSchemas>;

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

type Parsed = z.output<MethodSchemas['permutedBlocks']> | z.output<MethodSchemas['minimization']>;

/**
 * The checks that span fields, run once every field has the right shape; returns whether all passed.
 * `params.value` is what the message shows as "got" when the field's own value would not say it.
 */
function checkAcrossFields(c: Parsed, ctx: z.RefinementCtx, limits: RandomizationLimits): boolean {
  const { maxStrata, maxListLengthPerStratum, maxListEntries } = limits;
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
    if (strata > maxStrata)
      add(['factors'], `at most ${maxStrata} strata (product of the level counts)`, `${strata} strata`);
    const share = Math.ceil(c.enrollmentTarget / strata);
    const length = c.listLengthPerStratum ?? c.enrollmentTarget;
    const lengthField = c.listLengthPerStratum === undefined ? 'enrollmentTarget' : 'listLengthPerStratum';
    if (length < share) {
      add(
        ['listLengthPerStratum'],
        `at least ${share}, the enrollment target ${c.enrollmentTarget} shared by ${strata} strata ` +
          `(leave it out for the safe default, the whole target)`,
      );
    } else if (length > maxListLengthPerStratum) {
      add([lengthField], `a list length per stratum of at most ${maxListLengthPerStratum}`);
    } else if (strata <= maxStrata && strata * length > maxListEntries) {
      add(
        [lengthField],
        `at most ${maxListEntries} list entries in all; ${strata} strata × ${length} is ${strata * length}`,
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
function withDefaults(c: Parsed, ctx: z.RefinementCtx, limits: RandomizationLimits): RandomizationConfig {
  if (!checkAcrossFields(c, ctx, limits)) return z.NEVER;
  if (c.method === 'permuted-blocks') {
    return { ...c, listLengthPerStratum: c.listLengthPerStratum ?? c.enrollmentTarget };
  }
  const weights = Object.fromEntries(c.factors.map((f) => [f.id, c.weights?.[f.id] ?? 1]));
  return { ...c, weights };
}

/**
 * The configuration schema within `limits`. Parsing fills the defaults: `factors: []`; for permuted
 * blocks `listLengthPerStratum` = the enrollment target (so no stratum's list can run out even if every
 * subject falls in it); for minimization `imbalance: range`, `initialRandom: 0`, every weight 1.
 */
export function randomizationConfigSchemaWithin(limits: RandomizationLimits) {
  const { permutedBlocks, minimization } = methodSchemas(limits);
  return z
    .discriminatedUnion('method', [permutedBlocks, minimization])
    .transform((c, ctx) => withDefaults(c, ctx, limits));
}
type ConfigSchema = ReturnType<typeof randomizationConfigSchemaWithin>;

/** The configuration schema within the default limits. */
export const randomizationConfigSchema = randomizationConfigSchemaWithin(DEFAULT_RANDOMIZATION_LIMITS);

/** Schemas built once per limits object (a protocol's limits are one object for the server's life). */
const schemas = new WeakMap<RandomizationLimits, ConfigSchema>([
  [DEFAULT_RANDOMIZATION_LIMITS, randomizationConfigSchema],
]);
function schemaWithin(limits: RandomizationLimits): ConfigSchema {
  let schema = schemas.get(limits);
  if (!schema) {
    schema = randomizationConfigSchemaWithin(limits);
    schemas.set(limits, schema);
  }
  return schema;
}

/**
 * Validates loaded data (e.g. parsed YAML) as a configuration within `limits` (default: the engine's);
 * `source` (a file name) prefixes errors.
 */
export function parseRandomizationConfig(
  data: unknown,
  source: string,
  limits: RandomizationLimits = DEFAULT_RANDOMIZATION_LIMITS,
): RandomizationConfig {
  const result = schemaWithin(limits).safeParse(data);
  if (result.success) return result.data;
  throw new InputError(fromZodIssues(result.error.issues, data), source);
}

/**
 * The engines' entry check: a configuration built in code gets the same validation as a file. Fields
 * are named from the engine's argument (`config.blockSizes[0]`), like `seed` and `subjects`.
 */
export function checkConfig(
  config: RandomizationConfig,
  limits: RandomizationLimits = DEFAULT_RANDOMIZATION_LIMITS,
): RandomizationConfig {
  const result = schemaWithin(limits).safeParse(config);
  if (result.success) return result.data;
  const issues = fromZodIssues(result.error.issues, config);
  throw new InputError(issues.map((i) => ({ ...i, path: `config.${i.path}` })));
}
