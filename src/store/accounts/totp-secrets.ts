/**
 * TOTP seeds at rest and TOTP enrolment. A seed is stored sealed (src/store/accounts/secret-box.ts)
 * in app_user.totp_secret, bound to its user; between setup and enable the pending seed waits, sealed
 * too, in totp_enrolment with an expiry — in the database, so that every server process behind one
 * address knows it (setup may reach one process and enable another).
 */
import { timingSafeEqual } from 'node:crypto';
import { type Actor, recordAudit } from '../audit.ts';
import type { Db, Sql } from '../database.ts';
import { notFound, TrialError } from '../errors.ts';
import { SecretBox } from './secret-box.ts';
import { matchTotp } from './totp.ts';
import type { UserRow } from './users.ts';

/** How long a started enrolment waits for its first code. */
export const TOTP_ENROLMENT_MINUTES = 10;

const seedContext = (userId: string) => `totp:${userId}`;
const pendingContext = (userId: string) => `totp-pending:${userId}`;

/** Whether this database has recorded a secrets key (then a missing key is not replaced by a new one). */
export async function secretsKeyRecorded(sql: Sql): Promise<boolean> {
  const { rowCount } = await sql.query("SELECT 1 FROM key_fingerprint WHERE purpose = 'secrets'");
  return rowCount > 0;
}

/** Records the key's fingerprint on first use; refuses another key later. */
export async function checkSecretsKey(db: Db, box: SecretBox, at: Date): Promise<void> {
  const mine = box.fingerprint();
  await db.query(
    "INSERT INTO key_fingerprint (purpose, fingerprint, created_at) VALUES ('secrets', $1, $2) ON CONFLICT (purpose) DO NOTHING",
    [mine, at.toISOString()],
  );
  const { rows } = await db.query<{ fingerprint: string }>(
    "SELECT fingerprint FROM key_fingerprint WHERE purpose = 'secrets'",
  );
  const stored = rows[0]?.fingerprint ?? '';
  if (stored.length !== mine.length || !timingSafeEqual(Buffer.from(stored), Buffer.from(mine)))
    throw new Error(
      "the secrets key is not the one this database's TOTP secrets were sealed with: start with the original key (TRIALKIT_SECRETS_KEY or its key file)",
    );
}

/** Seals the seeds stored in plaintext before they were encrypted (start-up); returns how many. */
export async function sealPlaintextTotpSecrets(tx: Sql, box: SecretBox): Promise<number> {
  const { rows } = await tx.query<{ id: string; totp_secret: string }>(
    'SELECT id, totp_secret FROM app_user WHERE totp_secret IS NOT NULL FOR UPDATE',
  );
  const plain = rows.filter((r) => !SecretBox.isSealed(r.totp_secret));
  for (const r of plain)
    await tx.query('UPDATE app_user SET totp_secret = $2 WHERE id = $1', [
      r.id,
      box.seal(r.totp_secret, seedContext(r.id)),
    ]);
  return plain.length;
}

/** The account's TOTP seed (base32), or null without TOTP. */
export function totpSeedOf(box: SecretBox, user: Pick<UserRow, 'id' | 'totp_secret'>): string | null {
  if (user.totp_secret === null) return null;
  // A seed from before encryption, until the next start seals it.
  if (!SecretBox.isSealed(user.totp_secret)) return user.totp_secret;
  return box.open(user.totp_secret, seedContext(user.id));
}

/** Starts (or restarts) an enrolment with a new seed, sealed, for TOTP_ENROLMENT_MINUTES. */
export async function startTotpEnrolment(
  sql: Sql,
  box: SecretBox,
  userId: string,
  seed: string,
  at: Date,
): Promise<void> {
  const expires = new Date(at.getTime() + TOTP_ENROLMENT_MINUTES * 60_000).toISOString();
  await sql.query(
    `INSERT INTO totp_enrolment (user_id, secret, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, expires_at = excluded.expires_at`,
    [userId, box.seal(seed, pendingContext(userId)), expires],
  );
}

/**
 * Finishes the enrolment with a current code of the pending seed: the seed becomes the account's
 * (sealed), and the code's time step counts as used, so the code that enabled TOTP cannot sign in.
 */
export async function enableTotp(
  tx: Sql,
  box: SecretBox,
  actor: Actor,
  at: Date,
  userId: string,
  code: string,
): Promise<void> {
  const user = (await tx.query<UserRow>('SELECT * FROM app_user WHERE id = $1 FOR UPDATE', [userId])).rows[0];
  if (!user) throw notFound('user');
  const pending = (
    await tx.query<{ secret: string }>(
      'SELECT secret FROM totp_enrolment WHERE user_id = $1 AND expires_at > $2',
      [userId, at.toISOString()],
    )
  ).rows[0];
  if (!pending)
    throw new TrialError(
      'refused',
      `start with POST /api/auth/totp/setup (an enrolment waits ${TOTP_ENROLMENT_MINUTES} minutes for its code)`,
    );
  const seed = box.open(pending.secret, pendingContext(userId));
  const step = matchTotp(seed, code, at);
  if (step === null)
    throw new TrialError('invalid', 'code: not the current code for this secret', {
      fields: [{ path: 'body.code', message: 'wrong code' }],
    });
  await tx.query(
    'UPDATE app_user SET totp_secret = $2, totp_last_step = $3, version = version + 1 WHERE id = $1',
    [userId, box.seal(seed, seedContext(userId)), step],
  );
  await tx.query('DELETE FROM totp_enrolment WHERE user_id = $1', [userId]);
  await recordAudit(tx, actor, at, {
    action: 'user.totp_enable',
    entityType: 'user',
    entityId: userId,
    siteId: null,
    changes: { totp: { before: user.totp_secret ? 'on' : 'off', after: 'on' } },
  });
}
