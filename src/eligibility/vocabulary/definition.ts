/** The shape of one entry of the vocabulary table: how a block kind evaluates and how it reads. */
import type { Env } from '../env.ts';
import type { Outcome } from '../status.ts';
import type { Terminology } from '../terminology.ts';
import type { Block } from './block.ts';

export interface Renderer {
  terminology: Terminology;
  render(block: Block): string;
}

export interface BlockDefinition<B extends Block> {
  /** Decides the block for the patient in `env` (pure: reads only env). */
  evaluate(block: B, env: Env): Outcome;
  /** Plain-text statement of what the block requires, for protocol listings and reports. */
  render(block: B, renderer: Renderer): string;
}
