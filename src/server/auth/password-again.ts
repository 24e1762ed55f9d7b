/**
 * A password re-entered by a signed-in user (e-signature, password change). Wrong answers count against
 * the account exactly like failed sign-ins, decided under the account's lock
 * (src/store/accounts/sign-in.ts), so a taken-over session cannot guess the password that signatures
 * rely on (21 CFR 11.200), not even with many guesses at once: the fifth wrong answer locks the account
 * and ends its sessions. Each wrong answer is an audit event (`signature.password_failed`,
 * `auth.password_check_failed`), each lock too (`auth.locked`).
 */
import {
  actorOf,
  decidePasswordAgain,
  type PasswordAgainPurpose,
  type Principal,
  userByUsername,
  verifyPassword,
} from '../../store/index.ts';
import type { ServerContext } from '../context.ts';

export async function passwordAgain(
  ctx: ServerContext,
  who: Principal,
  password: string,
  purpose: PasswordAgainPurpose = 'signature',
): Promise<boolean> {
  const now = ctx.clock.now();
  const user = await userByUsername(ctx.db, who.username);
  if (!user) return false;
  // A locked account is refused whatever the password: no argon2 time spent on guesses.
  const locked = user.locked_until !== null && Date.parse(user.locked_until) > now.getTime();
  const passwordOk = !locked && (await verifyPassword(user.password_hash, password));
  return decidePasswordAgain(ctx.db, actorOf(who, null, null), { user, passwordOk, purpose }, now);
}
