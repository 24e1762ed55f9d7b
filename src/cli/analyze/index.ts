/** `trialkit analyze …`: survival and response statistics from data files (src/stats). */
import { type Command, Option } from 'commander';
import type { Io } from '../screen-command.ts';
import type { BinomialOptions } from './binomial-command.ts';
import type { SurvivalOptions } from './survival-command.ts';

/** Loaded when the command runs, so that other commands (screen) do not pay for the statistics code at start-up. */
export const CONF_TYPE_CHOICES = ['log', 'log-log', 'plain'];

export function registerAnalyze(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const analyze = program.command('analyze').description('Survival and response statistics, reproducing R.');
  analyze
    .command('survival')
    .description(
      'Kaplan–Meier curves, log-rank and Peto–Peto tests, Cox models and the PH test from a CSV file (JSON shaped as R survival fixtures).',
    )
    .requiredOption('--input <file.csv>', 'CSV file with a header line; NA, "." and empty cells are missing')
    .requiredOption('--time <column>', 'follow-up time (finite, ≥ 0)')
    .requiredOption('--event <column>', '1 = event, 0 = censored')
    .option('--group <column>', 'groups to compare (a factor; the first level is the Cox reference)')
    .option('--strata <column>', 'strata for the stratified log-rank test and Cox model (needs --group)')
    .option(
      '--covariates <a,b,...>',
      'Cox covariates besides the group, in formula order: numeric columns, or text columns as factors',
    )
    .option(
      '--factors <a,b,...>',
      'covariates to treat as factors even if their values are numbers (e.g. ECOG 0–3)',
    )
    .option('--group-levels <a,b,...>', 'order of the group levels (default: numeric or alphabetical)')
    .option('--strata-levels <a,b,...>', 'order of the strata levels (default: numeric or alphabetical)')
    .addOption(
      new Option('--ties <method>', 'Cox ties (default: both, Efron first)').choices(['efron', 'breslow']),
    )
    .addOption(
      new Option('--conf-type <type>', 'pointwise CI of the curves (default: log and log-log)').choices(
        CONF_TYPE_CHOICES,
      ),
    )
    .option('--conf-level <level>', 'confidence level', '0.95')
    .option('--rmst-horizon <T>', 'restricted mean survival time up to T (also: common support and max time)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--out <file>', 'write the results to a file instead of stdout')
    .option('--plot <file.svg>', 'write the Kaplan–Meier figure as SVG')
    .action(async (options: SurvivalOptions) => {
      const { runSurvival } = await import('./survival-command.ts');
      setExitCode(runSurvival(options, io));
    });
  analyze
    .command('binomial')
    .description(
      "Exact binomial test and Clopper–Pearson CI (--x, --n), or Fisher's exact test of a 2×2 table (--table).",
    )
    .option('--x <count>', 'successes (e.g. responders)')
    .option('--n <count>', 'trials (e.g. evaluable patients)')
    .option('--table <a,b,c,d>', '2×2 table by rows: a b / c d')
    .option('--p <probability>', 'null proportion of the binomial test', '0.5')
    .option('--conf-level <level>', 'confidence level', '0.95')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: BinomialOptions) => {
      const { runBinomial } = await import('./binomial-command.ts');
      setExitCode(runBinomial(options, io));
    });
}
