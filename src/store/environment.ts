/**
 * The store's environment contract, shared by the server (`npm start`) and the CLI's store commands:
 * DATABASE_URL selects a PostgreSQL server; otherwise PGlite keeps its data in TRIALKIT_DATA_DIR
 * (default ./data, relative to the working directory). The identity key (duplicate detection,
 * src/store/subjects/identity.ts) comes from TRIALKIT_IDENTITY_KEY, or from the file TRIALKIT_IDENTITY_KEY_FILE
 * (default ./secrets/identity.key) — never from the database, and not from the data folder, so a copy of
 * the data does not carry it. The secrets key (TOTP seeds encrypted at rest) comes the same way from
 * TRIALKIT_SECRETS_KEY or TRIALKIT_SECRETS_KEY_FILE (default ./secrets/secrets.key), and the audit key
 * (each audit event's MAC, the checkpoints' signatures) from TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE
 * (default ./secrets/audit.key). On a server, TRIALKIT_OWNER_DATABASE_URL is the role that owns the
 * tables and applies migrations, DATABASE_URL the application's (docs/decisions/0011).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SecretBox } from './accounts/secret-box.ts';
import { checkSecretsKey, secretsKeyRecorded } from './accounts/totp-secrets.ts';
import { recordAudit, SYSTEM_ACTOR } from './audit.ts';
import { AuditKey, MIN_AUDIT_KEY_BYTES } from './audit-key.ts';
import { type Db, type OpenOptions, openDatabase, withAuditKey } from './database.ts';
import { grantApplicationRole, migrate } from './migrate.ts';
import { checkIdentityKey, IdentityKeys, MIN_IDENTITY_KEY_BYTES } from './subjects/identity.ts';

export function storeOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): OpenOptions & { description: string } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, description: 'PostgreSQL (DATABASE_URL)' };
  const dataDir = resolve(env.TRIALKIT_DATA_DIR ?? './data');
  return { dataDir, description: `PGlite in ${dataDir}` };
}

const MIN_KEY_BYTES = 32;

/** A key written as hex (64 or more hex digits) or base64; at least 32 bytes. */
export function parseKey(text: string, source: string, minBytes = MIN_KEY_BYTES): Buffer {
  const trimmed = text.trim();
  const bytes =
    /^(?:[0-9a-f]{2})+$/i.test(trimmed) && trimmed.length >= 64
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64');
  if (bytes.length < minBytes)
    throw new Error(
      `${source}: expected a key of at least ${minBytes} bytes as hex or base64 (e.g. \`openssl rand -base64 32\`), got ${bytes.length} bytes`,
    );
  return bytes;
}

/** The identity key's rule (kept under its name: the CLI and tests read identity keys with it). */
export const parseIdentityKey = (text: string, source: string): Buffer =>
  parseKey(text, source, MIN_IDENTITY_KEY_BYTES);

/** Where one key of the server comes from: a variable, or else a file (made for a new database). */
interface KeySource {
  /** e.g. TRIALKIT_IDENTITY_KEY; `<variable>_FILE` names the file. */
  variable: string;
  defaultFile: string;
  /** What the key is called in messages ("identity key"). */
  what: string;
  /** Whether the database already holds data made with a key: then a lost key is not replaced. */
  inUse: () => Promise<boolean>;
  /** What the database holds that a new key would not read, in the refusal. */
  holds: string;
}

/**
 * A key kept outside the database: the variable, else the key file, else — only for a database that
 * holds nothing made with a key yet — a generated key written to the file (mode 0600, its folder 0700).
 */
async function keyFromEnv(
  env: NodeJS.ProcessEnv,
  source: KeySource,
): Promise<{ key: Buffer; description: string }> {
  const file = resolve(env[`${source.variable}_FILE`] ?? source.defaultFile);
  const given = env[source.variable];
  if (given) return { key: parseKey(given, source.variable), description: source.variable };
  if (existsSync(file)) return { key: parseKey(readFileSync(file, 'utf8'), file), description: file };
  if (await source.inUse())
    throw new Error(
      `no ${source.what}: ${source.holds} were made with a key that is not here — set ${source.variable} or restore the key file ${file}`,
    );
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, description: `${file} (generated now: back it up, separately from the database)` };
}

/**
 * The identity key for this database. A new database without a configured key gets a generated one,
 * written to the key file (mode 0600); a database that already has identity hashes and no key here is
 * refused, as is a key other than the one it was made with.
 */
export async function identityKeyFromEnv(
  db: Db,
  at: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ keys: IdentityKeys; description: string }> {
  const { key, description } = await keyFromEnv(env, {
    variable: 'TRIALKIT_IDENTITY_KEY',
    defaultFile: './secrets/identity.key',
    what: 'identity key',
    holds: "this database's duplicate checks",
    inUse: async () => Boolean((await db.query('SELECT 1 FROM identity_key_fingerprint')).rowCount),
  });
  const keys = new IdentityKeys(key);
  await checkIdentityKey(db, keys, at);
  return { keys, description };
}

/**
 * The secrets key (TOTP seeds encrypted at rest, src/store/accounts/secret-box.ts), beside the
 * identity key: TRIALKIT_SECRETS_KEY, or the file TRIALKIT_SECRETS_KEY_FILE (default
 * ./secrets/secrets.key), generated for a database that has no encrypted secrets yet. A key other than
 * the one the database's secrets were sealed with is refused.
 */
export async function secretsKeyFromEnv(
  db: Db,
  at: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ box: SecretBox; description: string }> {
  const { key, description } = await keyFromEnv(env, {
    variable: 'TRIALKIT_SECRETS_KEY',
    defaultFile: './secrets/secrets.key',
    what: 'secrets key',
    holds: "this database's TOTP secrets",
    inUse: () => secretsKeyRecorded(db),
  });
  const box = new SecretBox(key);
  await checkSecretsKey(db, box, at);
  return { box, description };
}

const AUDIT_KEY: Omit<KeySource, 'inUse'> = {
  variable: 'TRIALKIT_AUDIT_KEY',
  defaultFile: './secrets/audit.key',
  what: 'audit key',
  holds: "this database's audit events",
};

/**
 * The audit key (docs/decisions/0011: each audit event's MAC, the checkpoints' signatures), beside the
 * identity and secrets keys: TRIALKIT_AUDIT_KEY, or the file TRIALKIT_AUDIT_KEY_FILE (default
 * ./secrets/audit.key), generated for a trail that nothing has signed yet. A key other than the one the
 * trail was signed with is refused. A trail of an older version (events without MACs) gets one event
 * that says it is signed from here on: its MAC vouches for every event before it.
 *
 * Returns `db` with the key attached (`withAuditKey`): the server writes and verifies through that.
 */
export async function auditKeyFromEnv(
  db: Db,
  at: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ db: Db; key: AuditKey; description: string }> {
  const { key: bytes, description } = await keyFromEnv(env, {
    ...AUDIT_KEY,
    inUse: async () =>
      Boolean((await db.query('SELECT 1 FROM audit_head WHERE mac IS NOT NULL')).rowCount) ||
      Boolean((await db.query('SELECT 1 FROM audit_event WHERE mac IS NOT NULL LIMIT 1')).rowCount),
  });
  const key = new AuditKey(bytes);
  const keyed = withAuditKey(db, key);
  await keyed.transaction(async (tx) => {
    const head = (
      await tx.query<{ seq: number; sha256: string; mac: string | null }>(
        'SELECT seq, sha256, mac FROM audit_head FOR UPDATE',
      )
    ).rows[0];
    if (!head) throw new Error('audit_head is missing: the store was not migrated');
    if (head.mac !== null && !AuditKey.same(key.eventMac(head.seq, head.sha256), head.mac))
      throw new Error(
        `${description} is not the audit key this trail was signed with (or the trail's head was altered: run \`trialkit audit verify\` with the right key)`,
      );
    if (head.mac === null && head.seq > 0)
      await recordAudit(tx, SYSTEM_ACTOR, at, {
        action: 'audit.signed',
        entityType: 'audit_trail',
        entityId: 'audit_trail',
        changes: { signed_from: { before: null, after: head.seq + 1 } },
        reason: 'audit key introduced: the MAC of this event vouches for the events before it',
      });
  });
  return { db: keyed, key, description };
}

/**
 * The audit key when one is configured (the variable or an existing key file), else null: for the
 * commands that read the trail or write to it without being the server (never generates one).
 */
export function configuredAuditKey(
  env: NodeJS.ProcessEnv = process.env,
): { key: AuditKey; description: string } | null {
  const given = env.TRIALKIT_AUDIT_KEY;
  if (given)
    return {
      key: new AuditKey(parseKey(given, AUDIT_KEY.variable, MIN_AUDIT_KEY_BYTES)),
      description: AUDIT_KEY.variable,
    };
  const file = resolve(env.TRIALKIT_AUDIT_KEY_FILE ?? AUDIT_KEY.defaultFile);
  if (!existsSync(file)) return null;
  return {
    key: new AuditKey(parseKey(readFileSync(file, 'utf8'), file, MIN_AUDIT_KEY_BYTES)),
    description: file,
  };
}

/**
 * Applies pending migrations as the environment says (docs/decisions/0011): with
 * TRIALKIT_OWNER_DATABASE_URL on a PostgreSQL server, as that owner, then granting the role of
 * `db` (DATABASE_URL) what the application may do; otherwise through `db` itself (PGlite has one user;
 * a server with one role for both is allowed, and weaker: that role owns the audit table).
 */
export async function migrateStore(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const ownerUrl = env.TRIALKIT_OWNER_DATABASE_URL;
  if (!ownerUrl || db.kind !== 'postgres') return migrate(db);
  const owner = await openDatabase({ url: ownerUrl, maxConnections: 1 });
  try {
    const applied = await migrate(owner);
    const role = (await db.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role as string;
    const ownerRole = (await owner.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role;
    if (role !== ownerRole) await grantApplicationRole(owner, role);
    return applied;
  } finally {
    await owner.close();
  }
}
