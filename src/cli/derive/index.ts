/** `trialkit derive` (SDTM → ADaM endpoints) and `trialkit plot waterfall|spider|swimmer`. */
import { Argument, type Command, Option } from 'commander';
import type { Io } from '../screen-command.ts';
import { type DeriveCliOptions, runDerive } from './derive-command.ts';
import { PLOT_KINDS, type PlotCliOptions, runPlot } from './plot-command.ts';

export function registerDerive(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('derive')
    .description(
      'RECIST 1.1 time-point responses and the endpoints (ADRS, ADTTE, ADTR) from SDTM TU, TR, RS and ADSL CSV files.',
    )
    .requiredOption('--tu <tu.csv>', 'SDTM TU: tumor identification')
    .requiredOption('--tr <tr.csv>', 'SDTM TR: tumor results (LDIAM, LPERP, TUMSTATE)')
    .option('--rs <rs.csv>', 'SDTM RS: recorded overall responses (OVRLRESP)')
    .requiredOption(
      '--adsl <adsl.csv>',
      'subject level: USUBJID, ARM, RANDDT, TRTSDT, DTHDT, LSTALVDT[, NACTDT]',
    )
    .requiredOption('--out-dir <dir>', 'where adrs.csv, adtte.csv, adtr.csv and timepoints.csv are written')
    .addOption(
      new Option('--response-source <source>', 'time-point responses computed from TU/TR, or RS as recorded')
        .choices(['measurements', 'recorded'])
        .default('measurements'),
    )
    .addOption(
      new Option(
        '--pfs-rules <rules>',
        'PFS censoring: admiralonco ADTTE template, or the FDA 2018 guidance (NCT05168163)',
      )
        .choices(['simple', 'fda-2018'])
        .default('fda-2018'),
    )
    .option('--sd-min-days <days>', 'stable disease counts only this long after randomization', '42')
    .option('--confirm-min-days <days>', 'CR/PR confirmation at least this many days later', '28')
    .option(
      '--assessment-interval <days>',
      'scheduled tumor assessment interval (NCT05168163: every 9 weeks)',
      '63',
    )
    .addOption(
      new Option('--impute-day <rule>', 'partial dates: first or last day of the month')
        .choices(['first', 'last'])
        .default('first'),
    )
    .option(
      '--evaluator <who>',
      'whose assessments: INVESTIGATOR, INDEPENDENT ASSESSOR, or a reader ID',
      'INVESTIGATOR',
    )
    .action((options: DeriveCliOptions) => {
      setExitCode(runDerive(options, io));
    });
  program
    .command('plot')
    .description('Tumor response figures as SVG from the files `trialkit derive` writes.')
    .addArgument(
      new Argument(
        '<kind>',
        'waterfall (--adtr [--adrs]), spider (--adtr [--adrs]) or swimmer (--adtte --adrs)',
      ).choices(PLOT_KINDS),
    )
    .option('--adtr <adtr.csv>', 'sums of diameters per visit')
    .option('--adrs <adrs.csv>', 'responses (BOR for the waterfall letters, OVR for the swimmer markers)')
    .option('--adtte <adtte.csv>', 'time to event (OS for the swimmer lanes)')
    .option('--title <text>', 'figure title')
    .requiredOption('--out <file.svg>', 'where to write the SVG')
    .action((kind: (typeof PLOT_KINDS)[number], options: PlotCliOptions) => {
      setExitCode(runPlot(kind, options, io));
    });
}
