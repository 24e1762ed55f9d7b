/**
 * The CLI's store commands: `trialkit audit verify|export` and `trialkit randomization list --export`.
 * They read the same environment as the server (DATABASE_URL, or PGlite in TRIALKIT_DATA_DIR). With
 * PGlite, stop the server first: an embedded database has one process at a time.
 */
import { type Command, Option } from 'commander';
import type { Io } from '../screen-command.ts';

export function registerStore(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const audit = program.command('audit').description('The audit trail of the trial store.');
  audit
    .command('verify')
    .description('Check the hash chain of every audit event; name the first broken one (exit 1 when broken).')
    .action(async () => {
      const { runAuditVerify } = await import('./audit-command.ts');
      setExitCode(await runAuditVerify(io));
    });
  audit
    .command('export')
    .description('Export the whole audit trail, oldest first, streamed.')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'ndjson']).default('ndjson'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { format: 'csv' | 'ndjson'; out?: string }) => {
      const { runAuditExport } = await import('./audit-command.ts');
      setExitCode(await runAuditExport(options, io));
    });

  const randomization = program
    .command('randomization')
    .description('Randomization lists (statistician only).');
  randomization
    .command('list')
    .description(
      'Export the active allocation list with who got each entry. Signs in as a statistician: --as, and the password from TRIALKIT_PASSWORD or a prompt.',
    )
    .requiredOption('--export', 'export the list as CSV')
    .requiredOption('--as <username>', 'your trialkit username (a statistician)')
    .option('--totp <code>', 'your authenticator code, when TOTP is enabled')
    .option('--list <id>', 'a list ID (default: the active list)')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { as: string; totp?: string; list?: string; out?: string }) => {
      const { runListExport } = await import('./randomization-command.ts');
      setExitCode(await runListExport(options, io));
    });
}
