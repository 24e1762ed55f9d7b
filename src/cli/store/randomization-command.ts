/**
 * `trialkit randomization list --export`: the allocation list with who got each entry, for the
 * statistician only — the CLI signs in like the web (password, TOTP when enabled) and exports through
 * the store's audited path (the export is itself an audit event).
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeCsv } from '../../cdisc/index.ts';
import {
  type ExportedEntry,
  exportList,
  principalOf,
  TrialError,
  userByUsername,
  verifyPassword,
  verifyTotp,
} from '../../store/index.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';
import { openStore } from './open-store.ts';

/** Reads a password from the terminal without echoing it. */
async function promptPassword(io: Io): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError('set TRIALKIT_PASSWORD or run in a terminal to be asked for the password');
  io.stderr.write('password: ');
  const rl = createInterface({ input: process.stdin, terminal: true });
  (rl as unknown as { _writeToOutput: () => void })._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  io.stderr.write('\n');
  return answer;
}

export async function runListExport(
  options: { as: string; totp?: string; list?: string; out?: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const password = env.TRIALKIT_PASSWORD ?? (await promptPassword(io));
  const db = await openStore(env);
  try {
    const user = await userByUsername(db, options.as);
    if (!user?.active || !(await verifyPassword(user.password_hash, password)))
      throw new UsageError('username or password not correct');
    if (user.totp_secret && !(options.totp && verifyTotp(user.totp_secret, options.totp, new Date())))
      throw new UsageError('--totp: the current code of your authenticator app is required');
    const who = await principalOf(db, user.id);
    if (!who) throw new UsageError('username or password not correct');
    // The store's one audited export: role check, list and audit event in one transaction.
    let entries: ExportedEntry[];
    try {
      ({ entries } = await exportList(db, who, new Date(), options.list));
    } catch (error) {
      if (error instanceof TrialError && error.kind === 'forbidden')
        throw new UsageError(`only a statistician may export allocation lists (${error.message})`);
      if (error instanceof TrialError && error.kind === 'not_found') throw new UsageError(error.message);
      throw error;
    }
    const columns = ['stratum', 'sequence', 'block', 'blockSize', 'arm', 'studyId', 'randomizedAt'];
    const csv = writeCsv(
      columns,
      entries.map((e) => ({ ...e })),
    );
    if (options.out) writeFileSync(options.out, csv);
    else io.stdout.write(csv);
    return 0;
  } finally {
    await db.close();
  }
}
