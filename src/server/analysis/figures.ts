/**
 * The response figures of `trialkit plot` (waterfall, spider, swimmer) from the derived CSVs, as SVG with
 * the CSV data behind each. A figure whose data cannot be drawn is left out with a warning.
 */
import {
  adamCsv,
  type StudyDerivation,
  spiderInput,
  swimmerInput,
  waterfallInput,
} from '../../cdisc/index.ts';
import { InputError } from '../../contracts/index.ts';
import { DataFileError, readTable } from '../../csv/index.ts';
import { renderSpiderSvg, renderSwimmerSvg, renderWaterfallSvg } from '../../stats/index.ts';
import type { Arms } from './arms.ts';
import type { DataFile } from './datasets.ts';
import type { AnalysisProblem } from './problems.ts';
import type { AnalysisOptions } from './request.ts';

/** A figure from the derived CSVs through the code of `trialkit plot`; a data problem leaves it out. */
function figure<T>(
  name: string,
  problems: AnalysisProblem[],
  build: () => { svg: string; data: DataFile[]; detail: T },
) {
  try {
    return { title: name, ...build() };
  } catch (error) {
    if (!(error instanceof InputError || error instanceof DataFileError)) throw error;
    problems.push({
      stage: 'analysis',
      severity: 'warning',
      message: `${name}: not drawn (${error.message})`,
    });
    return null;
  }
}

export function responseFigures(
  derived: StudyDerivation,
  { levels, short }: Arms,
  options: AnalysisOptions,
  problems: AnalysisProblem[],
) {
  const csv = adamCsv;
  const table = (name: string, text: string) => readTable(text, name);
  const bor = derived.adrs.filter((r) => r.PARAMCD === 'BOR');
  const ovr = derived.adrs.filter((r) => r.PARAMCD === 'OVR');
  const os = derived.adtte.filter((r) => r.PARAMCD === 'OS');
  /** The figure's arms in analysis order, by their short names. */
  const arms = (present: readonly string[]) => levels.filter((arm) => present.includes(arm)).map(short);

  const waterfall = figure('Waterfall plot of best change in target lesions', problems, () => {
    const input = waterfallInput(
      table('adtr.csv', csv('adtr', derived.adtr)),
      table('adrs.csv', csv('adrs', bor)),
    );
    const plot = {
      bars: input.bars.map((b) => ({ ...b, arm: short(b.arm) })),
      title: 'Best change from baseline in sum of diameters',
      arms: arms(input.bars.map((b) => b.arm)),
    };
    return {
      svg: renderWaterfallSvg(plot),
      data: [
        { name: 'adtr', csv: csv('adtr', derived.adtr) },
        { name: 'adrs-bor', csv: csv('adrs', bor) },
      ],
      detail: { bars: [...input.bars] },
    };
  });
  const spider = figure('Spider plot of change in target lesions', problems, () => {
    const input = spiderInput(
      table('adtr.csv', csv('adtr', derived.adtr)),
      table('adrs.csv', csv('adrs', bor)),
    );
    const plot = {
      lines: input.lines.map((l) => ({ ...l, arm: short(l.arm) })),
      title: 'Change from baseline in sum of diameters over time',
      arms: arms(input.lines.map((l) => l.arm)),
      timeUnit: options.timeUnit,
    };
    return {
      svg: renderSpiderSvg(plot),
      data: [{ name: 'adtr', csv: csv('adtr', derived.adtr) }],
      detail: { subjects: input.lines.length },
    };
  });
  const swimmer = figure('Swimmer plot of time on study and responses', problems, () => {
    const input = swimmerInput(table('adtte.csv', csv('adtte', os)), table('adrs.csv', csv('adrs', ovr)));
    const plot = {
      lanes: input.lanes.map((l) => ({ ...l, arm: short(l.arm) })),
      title: 'Time on study with responses',
      arms: arms(input.lanes.map((l) => l.arm)),
      timeUnit: options.timeUnit,
    };
    return {
      svg: renderSwimmerSvg(plot),
      data: [
        { name: 'adtte-os', csv: csv('adtte', os) },
        { name: 'adrs-ovr', csv: csv('adrs', ovr) },
      ],
      detail: { lanes: input.lanes.map((lane) => ({ ...lane, events: [...lane.events] })) },
    };
  });
  return { waterfall, spider, swimmer };
}
