/** `trialkit derive` (SDTM → ADaM endpoints) and `trialkit plot waterfall|spider|swimmer`. */
import { Argument, type Command, Option } from 'commander';
import { endpointParametersOf } from '../../protocol/index.ts';
import { type Io, protocolOf } from '../screen-command.ts';
import type { DeriveCliOptions } from './derive-command.ts';
import type { PlotCliOptions, PlotKind } from './plot-command.ts';

/** The commands' code is loaded when they run, so that other commands do not pay for it at start-up. */
const PLOT_KINDS: readonly PlotKind[] = ['waterfall', 'spider', 'swimmer'];

/** The endpoint parameters' flags: absent = the protocol's value (protocol.yaml `endpointParameters`). */
type ProtocolFlags = 'pfsRules' | 'sdMinDays' | 'confirmMinDays' | 'assessmentInterval';
type DeriveFlags = Omit<DeriveCliOptions, ProtocolFlags> & Partial<Pick<DeriveCliOptions, ProtocolFlags>>;

/** The flags with every endpoint parameter not given filled in from the protocol. */
function withProtocolParameters(flags: DeriveFlags, io: Io): DeriveCliOptions {
  const parameters = endpointParametersOf(protocolOf(io));
  return {
    ...flags,
    pfsRules: flags.pfsRules ?? parameters.pfsRules,
    sdMinDays: flags.sdMinDays ?? String(parameters.sdMinDays),
    confirmMinDays: flags.confirmMinDays ?? String(parameters.confirmMinDays),
    assessmentInterval: flags.assessmentInterval ?? String(parameters.assessmentIntervalDays),
  };
}

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
        "PFS censoring: admiralonco ADTTE template, or the FDA 2018 guidance (default: the protocol's, protocol.yaml endpointParameters)",
      ).choices(['simple', 'fda-2018']),
    )
    .option(
      '--sd-min-days <days>',
      "stable disease counts only this long after randomization (default: the protocol's)",
    )
    .option(
      '--confirm-min-days <days>',
      "CR/PR confirmation at least this many days later (default: the protocol's)",
    )
    .option(
      '--assessment-interval <days>',
      "scheduled tumor assessment interval (default: the protocol's schedule.tumorAssessment, in days)",
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
    .action(async (flags: DeriveFlags) => {
      const { runDerive } = await import('./derive-command.ts');
      setExitCode(runDerive(withProtocolParameters(flags, io), io));
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
    .action(async (kind: PlotKind, options: PlotCliOptions) => {
      const { runPlot } = await import('./plot-command.ts');
      setExitCode(runPlot(kind, options, io));
    });
}
