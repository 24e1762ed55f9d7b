/**
 * Writes an example Kaplan–Meier figure from a made-up two-arm trial, to look at the plot as a reader
 * would. Usage: `npx tsx scripts/km-plot-example.ts [out.svg]` (default `scratch/plots/km-example.svg` in
 * the repository), then e.g.
 * `rsvg-convert -z 2 scratch/plots/km-example.svg -o scratch/plots/km-example.png`.
 *
 * Self-contained on purpose: the estimates are computed here with textbook formulas (Kaplan–Meier with
 * Greenwood log-scale limits as R's survfit, log-rank test, Peto's one-step hazard ratio), so the
 * example does not depend on the statistics engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { prng as random } from '../bench/population/basics.ts';
import { type KmPlotCurve, renderKaplanMeierSvg, timeBreaks } from '../src/stats/plot/index.ts';
import { defaultPlotsDir } from './plot-examples/output.ts';

interface Subject {
  time: number;
  event: boolean;
}

/** Exponential survival with the given median; accrual over 12 months, analysis at month 30, 5%/year dropout. */
function simulateArm(n: number, median: number, next: () => number): Subject[] {
  const rate = Math.log(2) / median;
  return Array.from({ length: n }, () => {
    const eventTime = -Math.log(1 - next()) / rate;
    const dropout = -Math.log(1 - next()) / (0.05 / 12);
    const followUp = 30 - 12 * next();
    const end = Math.min(dropout, followUp);
    const time = Math.round(Math.min(eventTime, end) * 10) / 10;
    return { time: Math.max(time, 0.1), event: eventTime <= end };
  });
}

interface Step {
  time: number;
  atRisk: number;
  events: number;
}

function steps(arm: readonly Subject[]): Step[] {
  const times = [...new Set(arm.map((s) => s.time))].sort((a, b) => a - b);
  return times.map((time) => ({
    time,
    atRisk: arm.filter((s) => s.time >= time).length,
    events: arm.filter((s) => s.time === time && s.event).length,
  }));
}

function kaplanMeier(label: string, arm: readonly Subject[]): KmPlotCurve {
  const z = 1.959964;
  let surv = 1;
  let greenwood = 0;
  const curve = { label, time: [] as number[], surv: [] as number[], lower: [] as (number | null)[] };
  const upper: (number | null)[] = [];
  let median: number | null = null;
  for (const { time, atRisk, events } of steps(arm)) {
    surv *= 1 - events / atRisk;
    if (events > 0 && atRisk > events) greenwood += events / (atRisk * (atRisk - events));
    const se = Math.sqrt(greenwood);
    curve.time.push(time);
    curve.surv.push(surv);
    curve.lower.push(surv > 0 ? surv * Math.exp(-z * se) : null);
    upper.push(surv > 0 ? Math.min(1, surv * Math.exp(z * se)) : null);
    if (median === null && surv <= 0.5) median = time;
  }
  const censorTimes = arm.filter((s) => !s.event).map((s) => s.time);
  return { ...curve, upper, censorTimes, median };
}

/** Log-rank O − E and variance for `arm` against the pooled data. */
function logRank(arm: readonly Subject[], other: readonly Subject[]): { oMinusE: number; variance: number } {
  let oMinusE = 0;
  let variance = 0;
  for (const { time, atRisk: n, events: d } of steps([...arm, ...other])) {
    if (d === 0) continue;
    const n1 = arm.filter((s) => s.time >= time).length;
    const d1 = arm.filter((s) => s.time === time && s.event).length;
    oMinusE += d1 - (d * n1) / n;
    if (n > 1) variance += (d * (n1 / n) * (1 - n1 / n) * (n - d)) / (n - 1);
  }
  return { oMinusE, variance };
}

// A seed whose sample medians land near the simulated 6 and 9.5 months.
const next = random(10);
const control = simulateArm(62, 6, next);
const drug = simulateArm(58, 9.5, next);
const curves = [kaplanMeier('Placebo + docetaxel', control), kaplanMeier('Drug X + docetaxel', drug)];
const maxTime = Math.max(...[...control, ...drug].map((s) => s.time));
const times = timeBreaks(maxTime);
const counts = [control, drug].map((arm) => times.map((t) => arm.filter((s) => s.time >= t).length));
const { oMinusE, variance } = logRank(drug, control);
const zStat = oMinusE / Math.sqrt(variance);
const hr = Math.exp(oMinusE / variance);
const half = 1.959964 / Math.sqrt(variance);

const svg = renderKaplanMeierSvg({
  title: 'Overall survival, intention-to-treat population',
  xLabel: 'Time since randomization (months)',
  curves,
  atRisk: { times, counts },
  annotation: {
    hazardRatio: {
      estimate: hr,
      lower: hr * Math.exp(-half),
      upper: hr * Math.exp(half),
      reference: 'Placebo',
      comparison: 'Drug X',
    },
    logRankP: 2 * (1 - normalCdf(Math.abs(zStat), 0, 1)),
  },
  showConfidenceBands: true,
  showMedianLines: true,
});
const out = process.argv[2] ?? join(defaultPlotsDir(), 'km-example.svg');
writeFileSync(out, svg);
console.log(`wrote ${out} (${svg.length} bytes)`);
