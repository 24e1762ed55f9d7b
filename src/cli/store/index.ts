/**
 * The CLI's store commands: `trialkit audit verify|checkpoint|export`, `trialkit db migrate`, `trialkit
 * backup` / `restore` and `trialkit randomization list --export`. They read the same environment as the
 * server (DATABASE_URL, or PGlite in TRIALKIT_DATA_DIR; TRIALKIT_OWNER_DATABASE_URL; the audit key). With
 * PGlite, stop the server first: an embedded database has one process at a time.
 */
import { type Command, Option } from 'commander';
import type { Io } from '../screen-command.ts';

export function registerStore(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const audit = program.command('audit').description('The audit trail of the trial store.');
  audit
    .command('verify')
    .description(
      'Check every audit event: the hash chain, the MACs with the audit key when one is configured (TRIALKIT_AUDIT_KEY or its file), and the checkpoints of --checkpoints; list every problem (exit 1 when any).',
    )
    .option(
      '--checkpoints <dir>',
      'compare with the checkpoint files in this folder (audit-checkpoint-*.json)',
    )
    .action(async (options: { checkpoints?: string }) => {
      const { runAuditVerify } = await import('./audit-command.ts');
      setExitCode(await runAuditVerify(options, io));
    });
  audit
    .command('checkpoint')
    .description(
      "Write a checkpoint of the trail's head, signed with the audit key, into --out — only when the trail verifies (with the checkpoints already there). Keep the folder on another machine.",
    )
    .requiredOption('--out <dir>', 'the folder of checkpoints (created if missing)')
    .action(async (options: { out: string }) => {
      const { runAuditCheckpoint } = await import('./audit-command.ts');
      setExitCode(await runAuditCheckpoint(options, io));
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

  program
    .command('db')
    .description('The database of the trial store.')
    .command('migrate')
    .description(
      "Apply pending migrations: as the owner (TRIALKIT_OWNER_DATABASE_URL) when given, then grant the application's role (DATABASE_URL) what the server needs — never to change or remove audit events.",
    )
    .action(async () => {
      const { runDbMigrate } = await import('./db-command.ts');
      setExitCode(await runDbMigrate(io));
    });
  program
    .command('backup')
    .description(
      'Back up the store (PGlite folder, or pg_dump of DATABASE_URL) to a new file, with FILE.manifest.json beside it. With PGlite, stop the server first. The keys are not included.',
    )
    .requiredOption('--out <file>', 'the backup file to write (never overwritten)')
    .action(async (options: { out: string }) => {
      const { runBackup } = await import('./backup-command.ts');
      setExitCode(await runBackup(options, io));
    });
  program
    .command('restore')
    .description(
      'Restore a backup into an empty store (a new TRIALKIT_DATA_DIR, or an empty database at DATABASE_URL) and verify its audit trail (exit 1 when it does not verify).',
    )
    .requiredOption('--from <file>', 'a file written by `trialkit backup` (its manifest beside it)')
    .action(async (options: { from: string }) => {
      const { runRestore } = await import('./backup-command.ts');
      setExitCode(await runRestore(options, io));
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
