/**
 * The randomization configuration repeats three facts of protocol.yaml: the arm IDs, the
 * stratification factors and the enrollment target. This check keeps the two files from drifting
 * apart, so an allocation never names an arm the protocol does not have.
 */

import { InputError, type InputIssue } from '../contracts/index.ts';
import type { RandomizationConfig } from './config.ts';

/** The parts of a protocol (`RegistryFacts` of src/protocol) that randomization must agree with. */
export interface ProtocolRandomizationFacts {
  arms: readonly { id: string }[];
  stratification?: readonly { id: string; levels: readonly string[] }[];
  enrollment?: { target: number };
}

const list = (items: readonly string[]) => items.join(', ') || 'none';

/** Throws `InputError` listing every disagreement between the configuration and the protocol. */
export function checkProtocolMatch(config: RandomizationConfig, protocol: ProtocolRandomizationFacts): void {
  const issues: InputIssue[] = [];
  const arms = config.arms.map((a) => a.id);
  const protocolArms = protocol.arms.map((a) => a.id);
  if (list([...arms].sort()) !== list([...protocolArms].sort())) {
    issues.push({ path: 'arms', expected: `the protocol's arms (${list(protocolArms)})`, value: arms });
  }
  const strata = protocol.stratification ?? [];
  const describe = (fs: readonly { id: string; levels: readonly string[] }[]) =>
    fs.map((f) => `${f.id}: ${f.levels.join(' | ')}`);
  const mine = describe(config.factors);
  const theirs = describe(strata);
  if (list(mine) !== list(theirs)) {
    issues.push({
      path: 'factors',
      expected: `the protocol's stratification, in order (${list(theirs)})`,
      value: mine,
    });
  }
  const target = protocol.enrollment?.target;
  if (target !== undefined && target !== config.enrollmentTarget) {
    issues.push({
      path: 'enrollmentTarget',
      expected: `the protocol's enrollment target (${target})`,
      value: config.enrollmentTarget,
    });
  }
  if (issues.length > 0) throw new InputError(issues, 'randomization vs protocol');
}
