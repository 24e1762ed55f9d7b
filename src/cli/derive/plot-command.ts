/**
 * `trialkit plot waterfall|spider|swimmer --adtr/--adrs/--adtte … --out file.svg`: the tumor response
 * figures from the ADaM files `trialkit derive` writes (columns: src/cdisc/adam/columns.ts; the figures'
 * inputs: src/cdisc/adam/figure-inputs.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spiderInput, swimmerInput, waterfallInput } from '../../cdisc/index.ts';
import { InputError } from '../../contracts/index.ts';
import { DataFileError, readTable, type Table } from '../../csv/index.ts';
import { renderSpiderSvg, renderSwimmerSvg, renderWaterfallSvg } from '../../stats/index.ts';
import { inputErrorText } from '../input-error.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';

export type PlotKind = 'waterfall' | 'spider' | 'swimmer';

export interface PlotCliOptions {
  adtr?: string;
  adrs?: string;
  adtte?: string;
  title?: string;
  out: string;
}

function table(option: string, file: string | undefined): Table {
  if (!file) throw new UsageError(`this plot needs ${option}`);
  try {
    return readTable(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError([`${file}: cannot read: ${(error as Error).message}`]);
  }
}

function waterfall(options: PlotCliOptions): string {
  const input = waterfallInput(
    table('--adtr', options.adtr),
    options.adrs ? table('--adrs', options.adrs) : undefined,
  );
  return renderWaterfallSvg({ ...(options.title ? { title: options.title } : {}), ...input });
}

function spider(options: PlotCliOptions): string {
  const input = spiderInput(
    table('--adtr', options.adtr),
    options.adrs ? table('--adrs', options.adrs) : undefined,
  );
  return renderSpiderSvg({ ...(options.title ? { title: options.title } : {}), ...input });
}

function swimmer(options: PlotCliOptions): string {
  const input = swimmerInput(table('--adtte', options.adtte), table('--adrs', options.adrs));
  return renderSwimmerSvg({ ...(options.title ? { title: options.title } : {}), ...input });
}

export function runPlot(kind: PlotKind, options: PlotCliOptions, io: Io): number {
  try {
    const svg =
      kind === 'waterfall' ? waterfall(options) : kind === 'spider' ? spider(options) : swimmer(options);
    writeFileSync(options.out, svg);
    return 0;
  } catch (error) {
    if (error instanceof DataFileError) {
      io.stderr.write(`trialkit: ${error.message}\n`);
      return 1;
    }
    if (error instanceof InputError) {
      io.stderr.write(`trialkit: ${inputErrorText(error)}\n`);
      return 1;
    }
    throw error;
  }
}
