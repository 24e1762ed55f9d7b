/**
 * Backups of the store and their restore (docs/decisions/0011; `trialkit backup` / `trialkit restore`).
 *
 * - PGlite: the data folder as PGlite itself writes it (`dumpDataDir`, a .tar.gz), restored with
 *   `loadDataDir` into a folder that is new or empty. Stop the server first: PGlite is one process's.
 * - A PostgreSQL server: `pg_dump --format=custom` of DATABASE_URL, taken in a transaction's exported
 *   snapshot so that the manifest's audit head is the one in the dump; restored by `pg_restore` in one
 *   transaction into an empty database only, as the owner (TRIALKIT_OWNER_DATABASE_URL when given), and
 *   the application's role granted again.
 *
 * Beside each backup FILE, `FILE.manifest.json` says what it is: the trialkit version, the backend, the
 * audit trail's head (seq and hash), the migrations, when it was made, and the payload's SHA-256 — so a
 * damaged or substituted file is refused before anything is restored, and the restored head can be
 * compared with the one backed up. The payload stays a standard file (`tar tzf`, `pg_restore -l`).
 * The keys are not in a backup (they are kept outside the database, and so apart from its copies).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type OpenOptions, openDatabase } from './database.ts';
import { TrialError } from './errors.ts';
import { grantApplicationRole } from './migrate.ts';

export const BACKUP_FORMAT = 'trialkit-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  trialkitVersion: string;
  backend: 'pglite' | 'postgres';
  createdAt: string;
  /** The backup file: PGlite's data folder as .tar.gz, or pg_dump's custom format. */
  payload: { format: 'pglite-datadir-tar-gz' | 'pg_dump-custom'; bytes: number; sha256: string };
  /** The audit trail's head in the backup: after a restore, the restored trail must end here. */
  auditHead: { seq: number; sha256: string };
  migrations: string[];
  postgresVersion: string;
}

/** Where a backup's manifest is kept: beside it. */
export const manifestPathOf = (file: string): string => `${file}.manifest.json`;

type Progress = (line: string) => void;
type Query = (text: string) => Promise<{ rows: unknown[] }>;

const invalid = (message: string) => new TrialError('invalid', message);

const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What the manifest says of the database: read in the same snapshot as the copy. */
async function contentOf(query: Query, where: string) {
  const made = (await query("SELECT to_regclass('audit_head')::text AS t")).rows[0] as { t: string | null };
  if (!made.t) throw invalid(`no trialkit store in ${where}: nothing to back up`);
  const head = (await query('SELECT seq::text AS seq, sha256 FROM audit_head')).rows[0] as {
    seq: string;
    sha256: string;
  };
  const migrations = (await query('SELECT name FROM schema_migration ORDER BY name')).rows as {
    name: string;
  }[];
  const version = (await query('SHOW server_version')).rows[0] as { server_version: string };
  return {
    auditHead: { seq: Number(head.seq), sha256: head.sha256 },
    migrations: migrations.map((m) => m.name),
    postgresVersion: version.server_version,
  };
}

/**
 * Runs pg_dump or pg_restore on `url`. The password goes in PGPASSWORD, not on the command line, where
 * every user of the machine could read it.
 */
async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  const child = spawn(tool, [...args, '--no-password', `--dbname=${target.href}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw invalid(
        `${tool} was not found on PATH: install the PostgreSQL client tools (of the server's major version or newer)`,
      );
    throw error;
  });
  if (code !== 0) throw new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`);
}

/**
 * Backs up the store of `store` (PGlite folder or server URL) to `out` and writes its manifest beside
 * it. The payload is written to `out.partial` and renamed when complete, the manifest last: a backup
 * that stopped half way is never taken for one. An existing `out` is refused, never overwritten.
 */
export async function backupStore(
  store: OpenOptions,
  out: string,
  meta: { trialkitVersion: string; at: Date },
  progress: Progress = () => undefined,
): Promise<BackupManifest> {
  for (const path of [out, manifestPathOf(out)])
    if (existsSync(path))
      throw invalid(`${path} already exists: a backup never overwrites a file (choose a new name)`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  let content: Awaited<ReturnType<typeof contentOf>>;
  try {
    if (store.url) {
      const url = store.url;
      const db = await openDatabase({ url, maxConnections: 1 });
      try {
        // One snapshot for the manifest's head and for pg_dump (--snapshot), held until the dump is done.
        content = await db.transaction(async (tx) => {
          await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
          const snapshot = (await tx.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id;
          const described = await contentOf((text) => tx.query(text), 'DATABASE_URL');
          progress(`pg_dump of DATABASE_URL (audit trail at event ${described.auditHead.seq})…`);
          await runTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`], url);
          return described;
        });
      } finally {
        await db.close();
      }
    } else {
      const dataDir = store.dataDir as string;
      if (!existsSync(join(dataDir, 'PG_VERSION')))
        throw invalid(`no trialkit store in ${dataDir}: expected a PGlite data folder (TRIALKIT_DATA_DIR)`);
      const pg = await PGlite.create(dataDir);
      try {
        content = await contentOf((text) => pg.query(text), dataDir);
        progress(`copying the PGlite folder ${dataDir} (audit trail at event ${content.auditHead.seq})…`);
        const tarball = await pg.dumpDataDir('gzip');
        await writeFile(partial, Buffer.from(await tarball.arrayBuffer()), { flag: 'wx' });
      } finally {
        await pg.close();
      }
    }
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, out);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    trialkitVersion: meta.trialkitVersion,
    backend: store.url ? 'postgres' : 'pglite',
    createdAt: meta.at.toISOString(),
    payload: {
      format: store.url ? 'pg_dump-custom' : 'pglite-datadir-tar-gz',
      bytes: statSync(out).size,
      sha256: sha256File(out),
    },
    ...content,
  };
  await writeFile(manifestPathOf(out), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  return manifest;
}

/**
 * The manifest of backup `file`, once the file is known to be the one it describes (size and SHA-256).
 * Throws an `invalid` TrialError naming the file and what was expected otherwise.
 */
export function readBackupManifest(file: string): BackupManifest {
  if (!existsSync(file) || !statSync(file).isFile())
    throw invalid(`${file}: no such file (expected a backup written by \`trialkit backup\`)`);
  const path = manifestPathOf(file);
  if (!existsSync(path))
    throw invalid(
      `${path}: no such file — \`trialkit backup\` writes its manifest beside the backup; without it ${file} is not known to be a trialkit backup`,
    );
  let value: Partial<BackupManifest> | null = null;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // reported below
  }
  if (
    value?.format !== BACKUP_FORMAT ||
    (value.backend !== 'pglite' && value.backend !== 'postgres') ||
    typeof value.payload?.sha256 !== 'string' ||
    !Number.isSafeInteger(value.auditHead?.seq) ||
    typeof value.auditHead?.sha256 !== 'string' ||
    typeof value.createdAt !== 'string'
  )
    throw invalid(
      `${path}: not a trialkit backup manifest (expected JSON of format ${BACKUP_FORMAT} with backend, payload, auditHead, createdAt)`,
    );
  const manifest = value as BackupManifest;
  const [bytes, sha256] = [statSync(file).size, sha256File(file)];
  if (sha256 !== manifest.payload.sha256)
    throw invalid(
      `${file}: its SHA-256 ${sha256.slice(0, 12)}… (${bytes} bytes) is not the manifest's ${manifest.payload.sha256.slice(0, 12)}… (${manifest.payload.bytes} bytes): the backup is damaged or is not the one its manifest describes; nothing was restored`,
    );
  return manifest;
}

/** The relations of the database (outside the system schemas), a few named: a restore needs none. */
async function relationsIn(url: string): Promise<string[]> {
  const db = await openDatabase({ url, maxConnections: 1 });
  try {
    const { rows } = await db.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  } finally {
    await db.close();
  }
}

const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1)) || '(default)';

/**
 * Restores backup `file` into the store of `store`, which must be empty: a PGlite folder that does not
 * exist or is empty, or a database without tables. Nothing is overwritten; a backup of one backend is
 * not restored into the other. Returns the manifest (its audit head is what the restored trail must end at).
 */
export async function restoreStore(
  store: OpenOptions,
  file: string,
  options: { ownerUrl?: string } = {},
  progress: Progress = () => undefined,
): Promise<BackupManifest> {
  const manifest = readBackupManifest(file);
  const into = store.url ? 'postgres' : 'pglite';
  if (manifest.backend !== into)
    throw invalid(
      manifest.backend === 'pglite'
        ? `${file} is a PGlite backup, and DATABASE_URL names a PostgreSQL server: unset DATABASE_URL to restore it into TRIALKIT_DATA_DIR (a backup restores into the kind of store it was taken from)`
        : `${file} is a PostgreSQL backup (pg_dump): set DATABASE_URL to an empty database to restore it (a backup restores into the kind of store it was taken from)`,
    );
  const restoring = () =>
    progress(
      `restoring ${file}: ${manifest.backend} backup of ${manifest.createdAt}, trialkit ${manifest.trialkitVersion}, audit trail at event ${manifest.auditHead.seq}`,
    );
  if (store.url) {
    const target = options.ownerUrl ?? store.url;
    const relations = await relationsIn(target);
    if (relations.length)
      throw invalid(
        `database "${databaseOf(target)}" is not empty (${relations.length} tables and other relations, e.g. ${relations.slice(0, 3).join(', ')}): restore into a new, empty database (createdb); nothing was changed`,
      );
    restoring();
    progress(`pg_restore into database "${databaseOf(target)}"…`);
    await runTool(
      'pg_restore',
      ['--format=custom', '--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', file],
      target,
    );
    if (options.ownerUrl) await grantRestored(options.ownerUrl, store.url, progress);
    return manifest;
  }
  const dataDir = store.dataDir as string;
  const existed = existsSync(dataDir);
  if (existed && (!statSync(dataDir).isDirectory() || readdirSync(dataDir).length > 0))
    throw invalid(
      `${dataDir} is not empty: restore into a folder that does not exist yet or is empty (TRIALKIT_DATA_DIR); nothing was changed`,
    );
  mkdirSync(dataDir, { recursive: true });
  restoring();
  progress(`loading the PGlite folder into ${dataDir}…`);
  try {
    const pg = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
    await pg.close();
  } catch (error) {
    // Leave the folder as it was found: absent, or empty.
    if (existed) for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true });
    else rmSync(dataDir, { recursive: true, force: true });
    throw invalid(`${file}: PGlite could not load it as a data folder (${(error as Error).message})`);
  }
  return manifest;
}

/** After a restore as the owner, the application's role gets its grants again (they are not restored). */
async function grantRestored(ownerUrl: string, appUrl: string, progress: Progress): Promise<void> {
  const [owner, app] = await Promise.all([
    openDatabase({ url: ownerUrl, maxConnections: 1 }),
    openDatabase({ url: appUrl, maxConnections: 1 }),
  ]);
  try {
    const roleOf = async (db: typeof owner) =>
      (await db.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role as string;
    const [ownerRole, appRole] = [await roleOf(owner), await roleOf(app)];
    if (ownerRole === appRole) return;
    await grantApplicationRole(owner, appRole);
    progress(`granted the application role "${appRole}" (append-only audit trail)`);
  } finally {
    await Promise.all([owner.close(), app.close()]);
  }
}
