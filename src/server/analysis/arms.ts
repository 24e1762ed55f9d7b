/** The arms of the data in analysis order, and the short names the figures use. */
import type { Protocol } from '../../protocol/index.ts';

export interface Arms {
  /** Comparator arms of the protocol first (the Cox and Fisher reference), then the others. */
  levels: string[];
  /**
   * "Arm A" for an ARM that is a protocol arm's label, so legends, at-risk rows and the HR annotation
   * fit the figure; tables and CSVs keep the full label.
   */
  short(arm: string): string;
}

export function armsOf(values: readonly string[], protocol: Protocol): Arms {
  const protocolArm = (arm: string) => protocol.registry.arms.find((a) => a.label === arm || a.id === arm);
  const rank = (arm: string) => {
    const type = protocolArm(arm)?.type;
    return type === undefined ? 1 : type === 'EXPERIMENTAL' ? 2 : 0;
  };
  return {
    levels: [...new Set(values)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)),
    short: (arm) => {
      const found = protocolArm(arm);
      return found ? `Arm ${found.id}` : arm;
    },
  };
}
