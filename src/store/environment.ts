/**
 * The store's environment contract, shared by the server (`npm start`) and the CLI's store commands:
 * DATABASE_URL selects a PostgreSQL server; otherwise PGlite keeps its data in TRIALKIT_DATA_DIR
 * (default ./data, relative to the working directory). The identity key (duplicate detection,
 * src/store/subjects/identity.ts) comes from TRIALKIT_IDENTITY_KEY, or from the file TRIALKIT_IDENTITY_KEY_FILE
 * (default ./secrets/identity.key) — never from the database, and not from the data folder, so a copy of
 * the data does not carry it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Db, OpenOptions } from './database.ts';
import { checkIdentityKey, IdentityKeys, MIN_IDENTITY_KEY_BYTES } from './subjects/identity.ts';

export function storeOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): OpenOptions & { description: string } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, description: 'PostgreSQL (DATABASE_URL)' };
  const dataDir = resolve(env.TRIALKIT_DATA_DIR ?? './data');
  return { dataDir, description: `PGlite in ${dataDir}` };
}

/** A key written as hex (64 or more hex digits) or base64; at least 32 bytes. */
export function parseIdentityKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const bytes =
    /^(?:[0-9a-f]{2})+$/i.test(trimmed) && trimmed.length >= 64
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64');
  if (bytes.length < MIN_IDENTITY_KEY_BYTES)
    throw new Error(
      `${source}: expected a key of at least ${MIN_IDENTITY_KEY_BYTES} bytes as hex or base64 (e.g. \`openssl rand -base64 32\`), got ${bytes.length} bytes`,
    );
  return bytes;
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
  let keys: IdentityKeys;
  let description: string;
  const file = resolve(env.TRIALKIT_IDENTITY_KEY_FILE ?? './secrets/identity.key');
  if (env.TRIALKIT_IDENTITY_KEY) {
    keys = new IdentityKeys(parseIdentityKey(env.TRIALKIT_IDENTITY_KEY, 'TRIALKIT_IDENTITY_KEY'));
    description = 'TRIALKIT_IDENTITY_KEY';
  } else if (existsSync(file)) {
    keys = new IdentityKeys(parseIdentityKey(readFileSync(file, 'utf8'), file));
    description = file;
  } else {
    const recorded = await db.query('SELECT 1 FROM identity_key_fingerprint');
    if (recorded.rowCount)
      throw new Error(
        `no identity key: this database's duplicate checks were made with a key that is not here — set TRIALKIT_IDENTITY_KEY or restore the key file ${file}`,
      );
    const key = randomBytes(32);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    keys = new IdentityKeys(key);
    description = `${file} (generated now: back it up, separately from the database)`;
  }
  await checkIdentityKey(db, keys, at);
  return { keys, description };
}
