/** Where the identity key comes from, and what a database that already has identity hashes accepts. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Db,
  IdentityKeys,
  identityKeyFromEnv,
  migrate,
  openDatabase,
  parseIdentityKey,
} from './index.ts';

const at = new Date('2026-03-30T14:00:00Z');

describe('parseIdentityKey', () => {
  it('reads hex and base64 of at least 32 bytes', () => {
    expect(parseIdentityKey('ab'.repeat(32), 'K')).toEqual(Buffer.alloc(32, 0xab));
    expect(parseIdentityKey(`${Buffer.alloc(32, 7).toString('base64')}\n`, 'K')).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a short key, naming the source and the length', () => {
    expect(() => parseIdentityKey(Buffer.alloc(31).toString('base64'), 'TRIALKIT_IDENTITY_KEY')).toThrow(
      /TRIALKIT_IDENTITY_KEY: expected a key of at least 32 bytes .* got 31 bytes/,
    );
    expect(() => parseIdentityKey('', 'file')).toThrow(/got 0 bytes/);
  });
});

describe('identityKeyFromEnv', () => {
  let db: Db;
  let dir: string;
  beforeEach(async () => {
    db = await openDatabase();
    await migrate(db);
    dir = mkdtempSync(join(tmpdir(), 'trialkit-key-'));
  });
  afterEach(() => db.close());

  it('generates a key file (owner-only) for a new database and uses it on the next start', async () => {
    const env = { TRIALKIT_IDENTITY_KEY_FILE: join(dir, 'secrets', 'identity.key') };
    const first = await identityKeyFromEnv(db, at, env);
    expect(first.description).toContain('generated now');
    expect(statSync(env.TRIALKIT_IDENTITY_KEY_FILE).mode & 0o777).toBe(0o600);
    const again = await identityKeyFromEnv(db, at, env);
    expect(again.keys.fingerprint()).toBe(first.keys.fingerprint());
    const key = readFileSync(env.TRIALKIT_IDENTITY_KEY_FILE, 'utf8').trim();
    const stored = JSON.stringify((await db.query('SELECT * FROM identity_key_fingerprint')).rows);
    expect(stored).not.toContain(key);
  });

  it('refuses a database with identity hashes when its key is missing, or another key is given', async () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    await identityKeyFromEnv(db, at, { TRIALKIT_IDENTITY_KEY: key });
    await expect(
      identityKeyFromEnv(db, at, { TRIALKIT_IDENTITY_KEY_FILE: join(dir, 'missing.key') }),
    ).rejects.toThrow(/no identity key: .* restore the key file/);
    writeFileSync(join(dir, 'other.key'), Buffer.alloc(32, 8).toString('base64'));
    await expect(
      identityKeyFromEnv(db, at, { TRIALKIT_IDENTITY_KEY_FILE: join(dir, 'other.key') }),
    ).rejects.toThrow(/not the one this database's duplicate checks were made with/);
    const same = await identityKeyFromEnv(db, at, { TRIALKIT_IDENTITY_KEY: key });
    expect(same.keys.fingerprint()).toBe(new IdentityKeys(Buffer.alloc(32, 9)).fingerprint());
  });
});
