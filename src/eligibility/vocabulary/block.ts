/**
 * The Block union: leaves (./schema.ts), named clinical rules (./rule-schema.ts), and the
 * combinators that join them. Combinators use three-valued logic extended with needs_review
 * (see ../status.ts): `all` fails if any part fails, `any` passes if any part passes.
 */
import { z } from 'zod';
import {
  type ChildbearingPotentialBlock,
  type ImmunosuppressantUseBlock,
  type InvestigationalTherapyBlock,
  type MeasurableLesionBlock,
  type PregnancyTestBlock,
  type PriorSystemicTherapyBlock,
  type RecentSurgeryBlock,
  RULE_SCHEMAS,
  type UncontrolledEncephalopathyBlock,
  type UncontrolledHypertensionBlock,
  type UnresolvedToxicityBlock,
  type VariceRiskBlock,
} from './rule-schema.ts';
import {
  type AllergyBlock,
  type AttestationBlock,
  type ConditionBlock,
  type DerivedScoreBlock,
  type ImmunizationBlock,
  type LabResultBlock,
  type LabThresholdBlock,
  LEAF_SCHEMAS,
  type MedicationBlock,
  type ProcedureBlock,
  type UlnMultipleBlock,
  type WindowBlock,
} from './schema.ts';

export interface AllBlock {
  kind: 'all';
  of: Block[];
}
export interface AnyBlock {
  kind: 'any';
  of: Block[];
}
export interface NotBlock {
  kind: 'not';
  block: Block;
}
/** If `if` holds, `then` decides; otherwise `else` decides (met when absent). */
export interface WhenBlock {
  kind: 'when';
  if: Block;
  then: Block;
  else?: Block;
}
/** Applies `then` only at the listed sites while any arm there has fewer than `firstPerArm` randomized. */
export interface SiteRuleBlock {
  kind: 'site-rule';
  sites: string[];
  firstPerArm: number;
  label: string;
  then: Block;
}
/** Applies `then` only when the planned multi-kinase inhibitor is `mki`. */
export interface PlanRuleBlock {
  kind: 'plan-rule';
  mki: 'cabozantinib' | 'lenvatinib';
  then: Block;
}

export type Block =
  | LabThresholdBlock
  | UlnMultipleBlock
  | LabResultBlock
  | WindowBlock
  | DerivedScoreBlock
  | ConditionBlock
  | MedicationBlock
  | ProcedureBlock
  | ImmunizationBlock
  | AllergyBlock
  | AttestationBlock
  | PriorSystemicTherapyBlock
  | InvestigationalTherapyBlock
  | MeasurableLesionBlock
  | ChildbearingPotentialBlock
  | PregnancyTestBlock
  | UnresolvedToxicityBlock
  | VariceRiskBlock
  | ImmunosuppressantUseBlock
  | UncontrolledHypertensionBlock
  | RecentSurgeryBlock
  | UncontrolledEncephalopathyBlock
  | AllBlock
  | AnyBlock
  | NotBlock
  | WhenBlock
  | SiteRuleBlock
  | PlanRuleBlock;

export type BlockKind = Block['kind'];
export type BlockOf<K extends BlockKind> = Extract<Block, { kind: K }>;

// zod cannot infer recursive types; the schema is checked against `Block` by the annotation.
export const blockSchema: z.ZodType<Block, unknown> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    ...LEAF_SCHEMAS,
    ...RULE_SCHEMAS,
    z.object({ kind: z.literal('all'), of: z.array(blockSchema).min(1) }).strict(),
    z.object({ kind: z.literal('any'), of: z.array(blockSchema).min(1) }).strict(),
    z.object({ kind: z.literal('not'), block: blockSchema }).strict(),
    z
      // biome-ignore lint/suspicious/noThenProperty: `then` is the vocabulary's word (if/then), plain data never awaited
      .object({ kind: z.literal('when'), if: blockSchema, then: blockSchema, else: blockSchema.optional() })
      .strict(),
    z
      .object({
        kind: z.literal('site-rule'),
        sites: z.array(z.string()).min(1),
        firstPerArm: z.number().int().positive(),
        label: z.string(),
        // biome-ignore lint/suspicious/noThenProperty: `then` is the vocabulary's word, plain data never awaited
        then: blockSchema,
      })
      .strict(),
    z
      .object({
        kind: z.literal('plan-rule'),
        mki: z.enum(['cabozantinib', 'lenvatinib']),
        // biome-ignore lint/suspicious/noThenProperty: `then` is the vocabulary's word, plain data never awaited
        then: blockSchema,
      })
      .strict(),
  ]),
) as z.ZodType<Block, unknown>;

/** Every block inside `block`, itself included, depth first. */
export function* walkBlocks(block: Block): Generator<Block> {
  yield block;
  switch (block.kind) {
    case 'all':
    case 'any':
      for (const part of block.of) yield* walkBlocks(part);
      return;
    case 'not':
      yield* walkBlocks(block.block);
      return;
    case 'when':
      yield* walkBlocks(block.if);
      yield* walkBlocks(block.then);
      if (block.else) yield* walkBlocks(block.else);
      return;
    case 'site-rule':
    case 'plan-rule':
      yield* walkBlocks(block.then);
      return;
  }
}
