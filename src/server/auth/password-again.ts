/**
 * A password re-entered by a signed-in user (e-signature, password change). Wrong answers count against
 * the account exactly like failed sign-ins, so a taken-over session cannot guess the password that
 * signatures rely on (21 CFR 11.200): the fifth wrong answer locks the account and ends its sessions.
 */
import {
  clearPasswordFailures,
  recordPasswordFailure,
  revokeOtherSessions,
  userByUsername,
  verifyPassword,
} from '../../store/index.ts';
import type { ServerContext } from '../context.ts';

export async function passwordAgain(
  ctx: ServerContext,
  username: string,
  password: string,
): Promise<boolean> {
  const now = ctx.clock.now();
  const user = await userByUsername(ctx.db, username);
  if (!user) return false;
  const locked = user.locked_until !== null && Date.parse(user.locked_until) > now.getTime();
  if (!locked && (await verifyPassword(user.password_hash, password))) {
    if (user.failed_logins > 0) await clearPasswordFailures(ctx.db, user.id);
    return true;
  }
  await ctx.db.transaction(async (tx) => {
    if (!locked && (await recordPasswordFailure(tx, user.id, now)))
      await revokeOtherSessions(tx, user.id, null, now);
  });
  return false;
}
