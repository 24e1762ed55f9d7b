/**
 * Server-side sessions in PostgreSQL (so several server processes share them). The cookie holds a
 * 256-bit random token; the table holds its SHA-256. Each session has its own CSRF token, sent back by
 * the browser in a header on state-changing requests. Sessions end after `idleMinutes` without use or
 * `absoluteHours` after sign-in, whichever comes first (NIST SP 800-63B §7.2, AAL2: 30 min / 12 h).
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../access.ts';
import { sha256 } from '../audit.ts';
import type { Sql } from '../database.ts';

export const SESSION_LIMITS = { idleMinutes: 30, absoluteHours: 12 };

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  sql: Sql,
  userId: string,
  at: Date,
  totpVerified = false,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(at.getTime() + SESSION_LIMITS.absoluteHours * 3600_000).toISOString();
  await sql.query(
    `INSERT INTO session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, totp_verified)
     VALUES ($1, $2, $3, $4, $4, $5, $6)`,
    [sha256(token), userId, csrfToken, at.toISOString(), expiresAt, totpVerified],
  );
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
  mustChangePassword: boolean;
}

/**
 * The session behind a cookie token, touched (sliding idle limit); null when unknown, revoked or expired.
 *
 * Every API request asks this, so concurrent lookups on one `sql` are answered together: while
 * CONCURRENT_LOOKUPS statements run, new lookups wait and the next statement reads all of them (a lone
 * lookup waits only for the end of the event loop's turn). Under load that is one round trip for many
 * requests instead of one each; the answers are those of one lookup per request.
 */
export function resumeSession(sql: Sql, token: string, at: Date): Promise<ActiveSession | null> {
  let queue = lookups.get(sql);
  if (!queue) {
    queue = { waiting: [], running: 0, scheduled: false };
    lookups.set(sql, queue);
  }
  const group = queue;
  return new Promise((resolve, reject) => {
    group.waiting.push({ token, at, resolve, reject });
    // After this turn's I/O callbacks, so that requests that arrived together are read together.
    if (group.scheduled) return;
    group.scheduled = true;
    setImmediate(() => {
      group.scheduled = false;
      drain(sql, group);
    });
  });
}

interface Lookup {
  token: string;
  at: Date;
  resolve: (session: ActiveSession | null) => void;
  reject: (error: unknown) => void;
}

interface Lookups {
  waiting: Lookup[];
  running: number;
  scheduled: boolean;
}

const lookups = new WeakMap<Sql, Lookups>();
const CONCURRENT_LOOKUPS = 2;
const MAX_LOOKUPS = 64;

function drain(sql: Sql, queue: Lookups): void {
  while (queue.running < CONCURRENT_LOOKUPS && queue.waiting.length) {
    const group = queue.waiting.splice(0, MAX_LOOKUPS);
    queue.running++;
    resumeSessions(sql, group)
      .then(
        (sessions) => {
          for (const [i, lookup] of group.entries()) lookup.resolve(sessions[i] ?? null);
        },
        (error: unknown) => {
          for (const lookup of group) lookup.reject(error);
        },
      )
      .finally(() => {
        queue.running--;
        drain(sql, queue);
      });
  }
}

interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  last_seen_at: string;
  expires_at: string;
  must_change_password: boolean;
  username: string;
  display_name: string;
  roles: Principal['roles'];
}

/** The sessions behind several cookie tokens (each with its request's time): one statement, one touch. */
async function resumeSessions(
  sql: Sql,
  group: readonly { token: string; at: Date }[],
): Promise<(ActiveSession | null)[]> {
  const hashes = group.map((lookup) => sha256(lookup.token));
  const { rows } = await sql.query<SessionRow>(
    // The session, its user and the user's roles.
    `SELECT s.token_hash, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, u.must_change_password, u.username, u.display_name,
            coalesce((SELECT json_agg(json_build_object('role', r.role, 'siteId', r.site_id) ORDER BY r.role, r.site_id)
                        FROM role_assignment r WHERE r.user_id = u.id), '[]') AS roles
       FROM session s JOIN app_user u ON u.id = s.user_id
      WHERE s.token_hash = ANY($1::text[]) AND s.revoked_at IS NULL AND u.active`,
    [[...new Set(hashes)]],
  );
  const byHash = new Map(rows.map((row) => [row.token_hash, row]));
  const idleLimit = SESSION_LIMITS.idleMinutes * 60_000;
  const touches = new Map<string, Date>();
  const found = group.map(({ at }, i) => {
    const hash = hashes[i] as string;
    const row = byHash.get(hash);
    if (!row) return null;
    if (
      at.getTime() >= Date.parse(row.expires_at) ||
      at.getTime() - Date.parse(row.last_seen_at) >= idleLimit
    )
      return null;
    // Touch at most once a minute: a busy client must not turn every read into a write.
    let lastSeen = Date.parse(row.last_seen_at);
    if (at.getTime() - lastSeen > 60_000) {
      const later = touches.get(hash);
      if (!later || later < at) touches.set(hash, at);
      lastSeen = at.getTime();
    }
    return { row, lastSeen };
  });
  if (touches.size)
    await sql.query(
      `UPDATE session SET last_seen_at = t.at
         FROM unnest($1::text[], $2::timestamptz[]) AS t(token_hash, at) WHERE session.token_hash = t.token_hash`,
      [[...touches.keys()], [...touches.values()].map((at) => at.toISOString())],
    );
  return found.map((f): ActiveSession | null => {
    if (!f) return null;
    const { row, lastSeen } = f;
    // From the stored last use: a request that did not touch the session does not extend it.
    const idleExpires = Math.min(Date.parse(row.expires_at), lastSeen + idleLimit);
    return {
      principal: {
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        roles: row.roles,
      },
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
      idleExpiresAt: new Date(idleExpires).toISOString(),
      mustChangePassword: row.must_change_password,
    };
  });
}

export async function revokeSession(sql: Sql, token: string, at: Date): Promise<void> {
  await sql.query('UPDATE session SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [
    sha256(token),
    at.toISOString(),
  ]);
}

/** Ends every other session of a user (after a password change). */
export async function revokeOtherSessions(
  sql: Sql,
  userId: string,
  keepToken: string | null,
  at: Date,
): Promise<void> {
  await sql.query(
    'UPDATE session SET revoked_at = $3 WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL',
    [userId, keepToken ? sha256(keepToken) : '', at.toISOString()],
  );
}
