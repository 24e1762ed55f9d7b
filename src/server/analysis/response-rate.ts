/** ORR per arm with exact Clopper–Pearson CIs, and Fisher's exact test between two arms. */
import { type AdrsRow, adamCsv } from '../../cdisc/index.ts';
import { binomialTest, fisherTest } from '../../stats/index.ts';
import type { Arms } from './arms.ts';
import type { DataFile } from './datasets.ts';
import { finite, type Interval } from './interval.ts';
import type { AnalysisProblem } from './problems.ts';
import type { AnalysisOptions } from './request.ts';

const RESPONDERS = new Set(['CR', 'PR']);

export function orrReport(
  adrs: readonly AdrsRow[],
  { levels }: Arms,
  options: AnalysisOptions,
  problems: AnalysisProblem[],
) {
  const paramcd: 'BOR' | 'CBOR' = options.orrResponse === 'confirmed' ? 'CBOR' : 'BOR';
  const rows = adrs.filter((r) => r.PARAMCD === paramcd && r.ARM !== null);
  if (rows.length === 0) {
    problems.push({
      stage: 'analysis',
      severity: 'error',
      message: `ORR: no ${paramcd} records with an arm`,
    });
    return null;
  }
  const arms = levels.flatMap((arm) => {
    const inArm = rows.filter((r) => r.ARM === arm);
    if (inArm.length === 0) return [];
    const responders = inArm.filter((r) => RESPONDERS.has(r.AVALC ?? '')).length;
    const test = binomialTest(responders, inArm.length, { confLevel: options.confLevel });
    const bestResponse: Record<string, number> = {};
    for (const r of inArm) bestResponse[r.AVALC ?? 'MISSING'] = (bestResponse[r.AVALC ?? 'MISSING'] ?? 0) + 1;
    return [
      {
        arm,
        n: inArm.length,
        responders,
        rate: {
          estimate: test.estimate,
          lower: test.conf_int[0],
          upper: test.conf_int[1],
        } satisfies Interval,
        bestResponse,
      },
    ];
  });
  const [reference, comparison] = arms;
  const fisher =
    arms.length === 2 && reference && comparison
      ? fisherTest(
          [
            [comparison.responders, comparison.n - comparison.responders],
            [reference.responders, reference.n - reference.responders],
          ],
          { confLevel: options.confLevel },
        )
      : null;
  return {
    paramcd,
    definition:
      paramcd === 'BOR'
        ? 'CR or PR as best overall response, confirmation not required (RECIST 1.1 §4.6.1, randomized trial)'
        : 'CR or PR as best confirmed overall response (RECIST 1.1 §4.6.1)',
    confLevel: options.confLevel,
    interval: 'Clopper–Pearson exact',
    arms,
    comparison:
      fisher && reference && comparison
        ? {
            test: "Fisher's exact test",
            comparison: comparison.arm,
            reference: reference.arm,
            oddsRatio: {
              estimate: finite(fisher.estimate),
              lower: finite(fisher.conf_int[0]),
              upper: finite(fisher.conf_int[1]),
            } satisfies Interval,
            p: fisher.p_value,
          }
        : null,
    data: [{ name: `adrs-${paramcd.toLowerCase()}`, csv: adamCsv('adrs', rows) }] satisfies DataFile[],
  };
}
