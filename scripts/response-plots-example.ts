/**
 * Writes example waterfall, spider and swimmer plots from a made-up two-arm solid-tumour trial, to look
 * at the figures as a reader would. Usage: `npx tsx scripts/response-plots-example.ts [out-dir]` (default
 * `scratch/plots/` in the repository), then e.g.
 * `rsvg-convert -w 900 scratch/plots/waterfall-example.svg -o scratch/plots/waterfall-example.png`.
 *
 * Self-contained on purpose: tumour sizes are simulated here (a deterministic PRNG, a per-subject
 * exponential shrinkage or growth rate, scans every 6 weeks, responses classified from the sums with
 * the RECIST 1.1 thresholds), so the example does not depend on the RECIST engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng as random } from '../bench/population/basics.ts';
import {
  type BestResponse,
  renderSpiderSvg,
  renderSwimmerSvg,
  renderWaterfallSvg,
  type SpiderLine,
  type SwimmerEvent,
  type SwimmerLane,
  type WaterfallBar,
} from '../src/stats/plot/index.ts';
import { defaultPlotsDir } from './plot-examples/output.ts';

interface Subject {
  subject: string;
  arm: string;
  /** % change from baseline at each scan. */
  scans: { day: number; percentChange: number }[];
  best: number;
  bestResponse: BestResponse;
  progressedDay?: number;
  responseStart?: number;
  responseEnd?: number;
  endDay: number;
  died: boolean;
  ongoing: boolean;
}

const SCAN_EVERY = 42;
const CUTOFF = 540;

/**
 * One subject: tumour size shrinks to a nadir and may regrow, with measurement noise, scanned every
 * 6 weeks. Some subjects progress at once (primary resistance); some responses are durable.
 */
function simulate(subject: string, arm: string, benefit: number, next: () => number): Subject {
  const primary = next() < 0.3 - benefit * 0.4;
  const depth = primary
    ? -(0.25 + next() * 0.5)
    : Math.min(1, Math.max(-0.1, benefit + (next() - 0.4) * 1.3));
  const regrow = next() < 0.35 ? 0 : 0.001 + next() * 0.005; // per day, once the nadir is passed
  const nadirDay = primary ? SCAN_EVERY : 60 + next() * 200;
  const enrolled = Math.round(next() * 180);
  const followUp = CUTOFF - enrolled;
  const scans: Subject['scans'] = [];
  let nadir = 0;
  let progressedDay: number | undefined;
  let responseStart: number | undefined;
  let responseEnd: number | undefined;
  for (let day = SCAN_EVERY; day <= followUp; day += SCAN_EVERY) {
    const shrink = depth * Math.min(1, day / nadirDay);
    const growth = day > nadirDay ? Math.expm1(regrow * (day - nadirDay)) * (1 - depth) : 0;
    const noise = (next() - 0.5) * 8 * (1 - shrink); // nothing left to mismeasure at a complete response
    const pct = Math.max(-100, Math.round((-shrink * 100 + growth * 100 + noise) * 10) / 10);
    scans.push({ day, percentChange: pct });
    // RECIST 1.1 §4.3.1 on sums expressed as % of baseline: PD ≥ +20 % over the nadir, PR ≤ −30 %.
    if (pct >= nadir + 20 * (1 + nadir / 100) && pct - nadir >= 5) {
      progressedDay = day;
      if (responseStart !== undefined) responseEnd = day;
      break;
    }
    nadir = Math.min(nadir, pct);
    if (pct <= -30 && responseStart === undefined) responseStart = day;
  }
  const best = Math.min(...scans.map((s) => s.percentChange));
  const bestResponse: BestResponse =
    scans.length === 0
      ? 'NE'
      : best <= -100
        ? 'CR'
        : best <= -30
          ? 'PR'
          : progressedDay === SCAN_EVERY
            ? 'PD'
            : 'SD';
  const died = next() < (progressedDay !== undefined ? 0.45 : 0.05);
  const lastScan = scans[scans.length - 1]?.day ?? 0;
  const endDay = died
    ? lastScan + Math.round(20 + next() * 120)
    : progressedDay !== undefined
      ? lastScan + 21
      : followUp;
  const result: Subject = {
    subject,
    arm,
    scans,
    best,
    bestResponse,
    endDay: Math.min(endDay, followUp),
    died: died && endDay <= followUp,
    ongoing: progressedDay === undefined && followUp === endDay,
  };
  if (progressedDay !== undefined) result.progressedDay = progressedDay;
  if (responseStart !== undefined) result.responseStart = responseStart;
  if (responseEnd !== undefined) result.responseEnd = responseEnd;
  return result;
}

const next = random(7);
const subjects = [
  ...Array.from({ length: 22 }, (_, i) =>
    simulate(`101-${String(i + 1).padStart(3, '0')}`, 'Drug X + docetaxel', 0.35, next),
  ),
  ...Array.from({ length: 20 }, (_, i) =>
    simulate(`102-${String(i + 1).padStart(3, '0')}`, 'Placebo + docetaxel', 0.05, next),
  ),
].filter((s) => s.scans.length > 0);
const arms = ['Drug X + docetaxel', 'Placebo + docetaxel'];

const bars: WaterfallBar[] = subjects.map((s) => ({
  subject: s.subject,
  arm: s.arm,
  bestPercentChange: s.best,
  bestResponse: s.bestResponse,
}));
// One subject whose tumours more than doubled, to show the clipping marker.
const firstBar = bars.find((b) => b.bestResponse === 'PD');
if (firstBar) firstBar.bestPercentChange = 146.3;

const lines: SpiderLine[] = subjects.map((s) => ({
  subject: s.subject,
  arm: s.arm,
  points: s.scans,
  progressed: s.progressedDay !== undefined,
}));

const lanes: SwimmerLane[] = subjects.map((s) => {
  const events: SwimmerEvent[] = [];
  // The first assessment of each response category, as swimmer plots usually mark them.
  for (const kind of ['PR', 'CR'] as const) {
    const first = s.scans.find((scan) =>
      kind === 'CR' ? scan.percentChange <= -100 : scan.percentChange <= -30,
    );
    if (first && first.day !== s.progressedDay) events.push({ day: first.day, kind });
  }
  const stable = s.responseStart === undefined && s.scans.find((scan) => Math.abs(scan.percentChange) < 20);
  if (stable) events.push({ day: stable.day, kind: 'SD' });
  if (s.responseStart !== undefined) events.push({ day: s.responseStart, kind: 'response-start' });
  if (s.responseEnd !== undefined) events.push({ day: s.responseEnd, kind: 'response-end' });
  if (s.progressedDay !== undefined) events.push({ day: s.progressedDay, kind: 'PD' });
  if (s.died) events.push({ day: s.endDay, kind: 'death' });
  return { subject: s.subject, arm: s.arm, endDay: s.endDay, ongoing: s.ongoing, events };
});

const outDir = process.argv[2] ?? defaultPlotsDir();
const figures = {
  'waterfall-example.svg': renderWaterfallSvg({
    title: 'Best change in tumour size, response-evaluable population',
    bars,
    arms,
  }),
  'waterfall-facet-example.svg': renderWaterfallSvg({
    title: 'Best change in tumour size by arm',
    bars,
    arms,
    facetByArm: true,
  }),
  'spider-example.svg': renderSpiderSvg({ title: 'Change in tumour size over time', lines, arms }),
  'spider-weeks-example.svg': renderSpiderSvg(
    { title: 'Change in tumour size over time', lines, arms, timeUnit: 'weeks' },
    { idPrefix: 'spider-weeks' },
  ),
  'swimmer-example.svg': renderSwimmerSvg({
    title: 'Time on study and response',
    lanes,
    arms,
    timeUnit: 'weeks',
  }),
};
for (const [name, svg] of Object.entries(figures)) {
  const path = join(outDir, name);
  writeFileSync(path, svg);
  console.log(`wrote ${path} (${svg.length} bytes)`);
}
