/**
 * `trialkit randomization list --export`: the allocation list with who got each entry, for the
 * statistician only — the CLI signs in like the web (password, TOTP when enabled) and the export is
 * itself an audit event.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeCsv } from '../../cdisc/index.ts';
import { verifyTotp } from '../../server/auth/totp.ts';
import {
  exportList,
  principalOf,
  recordAudit,
  requireRole,
  TrialError,
  userByUsername,
  verifyPassword,
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
    try {
      requireRole(who, ['statistician']);
    } catch (error) {
      if (error instanceof TrialError)
        throw new UsageError(`only a statistician may export allocation lists (${error.message})`);
      throw error;
    }
    const listId =
      options.list ??
      (
        await db.query<{ id: string }>(
          'SELECT id FROM randomization_list WHERE active AND NOT rehearsal ORDER BY created_at DESC LIMIT 1',
        )
      ).rows[0]?.id;
    if (!listId) throw new UsageError('no active randomization list');
    const entries = await exportList(db, who, listId);
    await db.transaction((tx) =>
      recordAudit(
        tx,
        { userId: who.userId, username: who.username, role: 'statistician', siteId: null },
        new Date(),
        {
          action: 'randomization.export',
          entityType: 'randomization_list',
          entityId: listId,
          siteId: null,
          changes: { exported: { before: null, after: entries.length } },
        },
      ),
    );
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
