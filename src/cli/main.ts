/**
 * The `trialkit` command. From a clone: `npm run trialkit -- <args>`; installed: `trialkit <args>`.
 * Exit codes: 0 success, 1 some input unreadable (the rest still processed), 2 usage error,
 * 3 internal error (a fault of trialkit or of its protocol files, with the stack on stderr).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../contracts/index.ts';
import { protocolToJson, protocolToText } from '../protocol/index.ts';
import { registerAnalyze } from './analyze/index.ts';
import { registerDerive } from './derive/index.ts';
import { EXAMPLE_NAMES, examplePatient } from './example-command.ts';
import { inputErrorText } from './input-error.ts';
import { registerSchedule } from './schedule/index.ts';
import { type Io, MKIS, protocolOf, runScreen } from './screen-command.ts';
import { FORMATS } from './screen-output.ts';
import { registerStore } from './store/index.ts';
import { UsageError } from './usage-error.ts';

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr, today };

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('trialkit')
    .description('Runs the NCT05168163 trial from its computable protocol.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('screen')
    .description('Screen patients from FHIR R4 Bundles or Bulk NDJSON against every eligibility criterion.')
    .argument('<paths...>', 'files, directories (searched recursively for *.json, *.ndjson), or - for stdin')
    .option('--as-of <YYYY-MM-DD>', 'index date T0, the planned randomization date (default: today)')
    .option('--site <site-id>', 'screening site ID (see `trialkit protocol show`)')
    .addOption(
      new Option('--mki <drug>', 'planned multi-kinase inhibitor (overrides the questionnaire)').choices(
        MKIS,
      ),
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out <file>', 'write the results to a file instead of stdout')
    .option('--all', 'table format: list met criteria too')
    .option(
      '--site-accrual <arm=n,...>',
      'patients randomized so far per arm at the site (site rules such as I13)',
    )
    .action(async (paths: string[], options) => {
      setExitCode(await runScreen(paths, options, io));
    });

  const protocol = program.command('protocol').description('The computable protocol.');
  protocol
    .command('show')
    .description('Print the protocol: registry facts, arms, schedule, endpoints, sites and every criterion.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action((options: { format: 'text' | 'json'; out?: string }) => {
      const loaded = protocolOf(io);
      const text =
        options.format === 'json'
          ? `${JSON.stringify(protocolToJson(loaded), null, 2)}\n`
          : protocolToText(loaded);
      if (options.out) writeOutFile(options.out, text);
      else io.stdout.write(text);
    });
  program
    .command('example')
    .description(
      'Write an example patient of examples/patients/ with its dates moved so that it screens on --as-of as it does on 2026-03-30 (to try the web app today).',
    )
    .argument('<name>', `one of: ${EXAMPLE_NAMES.join(', ')}`)
    .option('--as-of <YYYY-MM-DD>', 'the screening day to date it for (default: today)')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((name: string, options: { asOf?: string; out?: string }) => {
      const text = examplePatient(name, options.asOf ?? io.today());
      if (options.out) writeOutFile(options.out, text);
      else io.stdout.write(text);
    });
  registerAnalyze(program, io, setExitCode);
  registerDerive(program, io, setExitCode);
  registerSchedule(program, io, setExitCode);
  registerStore(program, io, setExitCode);
  return program;
}

/** `--out` may name a folder that does not exist yet (the README writes into ./scratch). */
function writeOutFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Runs the command line and returns the exit code (never calls process.exit). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse failure is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`trialkit: ${error.message}\n`);
      return 2;
    }
    // Bad input that no command named more precisely (a file line, a flag): the engine's own words.
    if (error instanceof InputError) {
      io.stderr.write(`trialkit: ${inputErrorText(error)}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * The process entry (`npm run trialkit`, bin/trialkit.js): sets the exit code; a fault of trialkit or of
 * its protocol files (neither bad input nor bad usage) is reported with its stack and exits 3.
 */
export async function runProcess(argv: string[]): Promise<void> {
  // The reader closed the pipe (`trialkit screen … | head`): it wants no more output, so stop quietly,
  // as Unix tools do, rather than report a write error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    process.stderr.write(
      `trialkit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 3;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runProcess(process.argv.slice(2));
