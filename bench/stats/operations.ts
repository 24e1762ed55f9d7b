/** The TypeScript side of bench:stats: each operation timed as R's call is (best of rounds), with its results. */
import { coxPh } from '../../src/stats/cox/index.ts';
import { kaplanMeierByGroup } from '../../src/stats/kaplan-meier/index.ts';
import { logRank } from '../../src/stats/log-rank/index.ts';
import { ARMS, type SimulatedTrial } from './simulate.ts';

export interface TsResult {
  seconds: { km: number; logrank: number; cox: number };
  kmMedian: number[];
  kmEvents: number[];
  logrankChisq: number;
  coxCoef: number[];
  coxLoglik: number[];
  coxIter: number;
  peakRssMb: number;
}

/** What reference.R prints. */
export interface RResult {
  seconds: { km: number; logrank: number; cox: number };
  km_median: number[];
  km_n_event: number[];
  logrank_chisq: number;
  cox_coef: number[];
  cox_loglik: number[];
  cox_iter: number;
  peak_rss_mb: number;
}

function best<T>(rounds: number, work: () => T): { seconds: number; result: T } {
  let seconds = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    result = work();
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
  }
  return { seconds, result: result as T };
}

export function runTypeScript(trial: SimulatedTrial, rounds: number): TsResult {
  const levels = [...ARMS];
  // survfit(Surv(time, event) ~ arm): the curves by arm, log CI (R's default).
  const km = best(rounds, () =>
    kaplanMeierByGroup({ time: trial.time, event: trial.event, group: trial.arm }, { levels }),
  );
  // survdiff(Surv(time, event) ~ arm)
  const lr = best(rounds, () =>
    logRank({ time: trial.time, event: trial.event, group: trial.arm, groupLevels: levels }),
  );
  // coxph(Surv(time, event) ~ arm + x, ties = "efron"), concordance included as R computes it too.
  const cox = best(rounds, () =>
    coxPh(
      {
        time: trial.time,
        event: trial.event,
        group: trial.arm,
        groupLevels: levels,
        groupName: 'arm',
        covariates: { x: trial.x },
      },
      { ties: 'efron' },
    ),
  );
  return {
    seconds: { km: km.seconds, logrank: lr.seconds, cox: cox.seconds },
    kmMedian: km.result.by_group.map((c) => c.ci.log?.median.estimate ?? Number.NaN),
    kmEvents: km.result.by_group.map((c) => c.events),
    logrankChisq: lr.result.chisq,
    coxCoef: cox.result.coef.map((c) => c ?? Number.NaN),
    coxLoglik: [cox.result.loglik_null, cox.result.loglik_fit],
    coxIter: cox.result.iter,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
