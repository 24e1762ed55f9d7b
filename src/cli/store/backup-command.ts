/**
 * `trialkit backup --out FILE` and `trialkit restore --from FILE` (src/store/backup.ts): the store of the
 * environment — PGlite in TRIALKIT_DATA_DIR (stop the server first), or the PostgreSQL server of
 * DATABASE_URL (pg_dump / pg_restore) — with a manifest beside the backup. A restore goes only into an
 * empty store and ends by verifying the restored audit trail (with the audit key when one is
 * configured) against the head the manifest recorded: exit 1 when it does not verify. Progress goes to
 * stderr; bad input (a missing file, not a backup, a store that is not empty) is a usage error, exit 2.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  backupStore,
  manifestPathOf,
  restoreStore,
  storeOptionsFromEnv,
  TrialError,
  verifyAudit,
} from '../../store/index.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';
import { writeVerification } from './audit-command.ts';
import { openKeyedStore } from './open-store.ts';

const trialkitVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/** The store's refusals of bad input (`invalid`) are the CLI's usage errors. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TrialError && error.kind === 'invalid') throw new UsageError(error.message);
    throw error;
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runBackup(
  options: { out: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const store = storeOptionsFromEnv(env);
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  // The owner reads every table, also one the application's role was never granted.
  const source = store.url ? { url: env.TRIALKIT_OWNER_DATABASE_URL ?? store.url } : store;
  io.stderr.write(`backing up ${store.description} to ${out}\n`);
  const manifest = await asUsage(() =>
    backupStore(source, out, { trialkitVersion: trialkitVersion(), at: new Date() }, (line) =>
      io.stderr.write(`${line}\n`),
    ),
  );
  io.stdout.write(
    `backup written: ${out} (${manifest.backend}, ${megabytes(manifest.payload.bytes)}, sha256 ${manifest.payload.sha256.slice(0, 12)}…; audit trail at event ${manifest.auditHead.seq}); manifest ${manifestPathOf(out)}\n`,
  );
  io.stderr.write(
    'the keys (TRIALKIT_*_KEY or ./secrets) are not in the backup: keep them too, apart from it — without the identity, secrets and audit keys a restored store cannot be served as before\n',
  );
  return 0;
}

export async function runRestore(
  options: { from: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const store = storeOptionsFromEnv(env);
  const file = resolve(options.from);
  const ownerUrl = store.url ? env.TRIALKIT_OWNER_DATABASE_URL : undefined;
  const manifest = await asUsage(() =>
    restoreStore(store, file, ownerUrl ? { ownerUrl } : {}, (line) => io.stderr.write(`${line}\n`)),
  );
  io.stderr.write(`restored into ${store.description}; verifying the audit trail…\n`);
  const { db, auditKey } = await openKeyedStore(env);
  try {
    const result = await verifyAudit(db);
    const head = (await db.query<{ seq: number; sha256: string }>('SELECT seq, sha256 FROM audit_head'))
      .rows[0];
    let code = writeVerification(io, result, auditKey);
    if (head?.seq === manifest.auditHead.seq && head.sha256 === manifest.auditHead.sha256)
      io.stdout.write(`the restored trail ends at event ${head.seq}, as the backup's manifest records\n`);
    else {
      io.stdout.write(
        `the restored trail ends at event ${head?.seq ?? 'none'} (sha256 ${head?.sha256.slice(0, 12) ?? 'none'}…), but the backup's manifest records event ${manifest.auditHead.seq} (sha256 ${manifest.auditHead.sha256.slice(0, 12)}…)\n`,
      );
      code = 1;
    }
    if (code !== 0) io.stderr.write('the restored store does not verify: look into it before serving it\n');
    return code;
  } finally {
    await db.close();
  }
}
