/** The randomization receipt: who was allocated to which arm, in which stratum, when, by whom. */
import { useEffect, useRef } from 'react';
import type { Receipt, StratificationFactor } from '../../contracts.ts';
import { describeStratum } from '../../lib/randomization.ts';
import { Time } from '../screening/Time.tsx';

export function ReceiptView({
  receipt,
  factors,
  focus,
}: {
  receipt: Receipt;
  factors: readonly StratificationFactor[];
  /** Move the focus here (just randomized): screen readers announce the receipt. */
  focus: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  return (
    <section className="panel receipt" aria-labelledby="randomization-receipt">
      <h2 id="randomization-receipt" ref={heading} tabIndex={-1}>
        Randomization receipt
      </h2>
      <dl className="facts">
        <dt>Study ID</dt>
        <dd>{receipt.studyId}</dd>
        <dt>Arm</dt>
        <dd>
          <strong>{receipt.armLabel}</strong>
        </dd>
        <dt>Stratum</dt>
        <dd>{describeStratum(receipt.stratum, factors)}</dd>
        <dt>Sequence in stratum</dt>
        <dd>{receipt.sequence}</dd>
        <dt>Randomized</dt>
        <dd>
          <Time iso={receipt.randomizedAt} />
        </dd>
        <dt>By</dt>
        <dd>{receipt.randomizedBy}</dd>
      </dl>
    </section>
  );
}
