/**
 * Sign-in, sign-out, the session, password change and TOTP enrolment. Failed sign-ins are throttled
 * per client address (20 per 15 minutes, across server processes: counted in PostgreSQL) and lock the
 * account after 5 in a row for 15 minutes — decided in the store under a lock, so that concurrent
 * attempts count as sequential ones would (src/store/accounts/sign-in.ts). Unknown users are checked
 * against a decoy hash, and every failure gets the same message, so neither timing nor text reveals
 * which usernames exist; a lock is announced (with its end), and a username without an account is
 * locked and announced alike. Failures and locks are audit events.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  loginBody,
  loginResponse,
  passwordChangeBody,
  passwordChanged,
  REFUSAL_CODES,
  session as sessionResponse,
  signedOut,
  totpEnableBody,
  totpEnabled,
  totpSetupResponse,
} from '../../contracts/index.ts';
import {
  actorOf,
  createSession,
  decideSignIn,
  decoyHash,
  enableTotp,
  hasRole,
  LOGIN_LIMITS,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  PASSWORD_LIMITS,
  releaseAttempt,
  reserveAttempt,
  revokeOtherSessions,
  revokeSession,
  type SignInDecision,
  setPassword,
  startTotpEnrolment,
  TrialError,
  totpSeedOf,
  userByUsername,
  verifyPassword,
} from '../../store/index.ts';
import { passwordAgain } from '../auth/password-again.ts';
import { dateIn, principalOf, SESSION_COOKIE, type ServerContext } from '../context.ts';
import { responses } from '../responses.ts';

/** Per client address; the per-account lock is PASSWORD_LIMITS (both in src/store/accounts/sign-in.ts). */
export { LOGIN_LIMITS };

export const authRoutes =
  (ctx: ServerContext): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: ctx.secureCookies,
    };
    const invalid = () => new TrialError('unauthenticated', 'username or password not correct');
    /**
     * The refusal for a locked account (ISO `lockedUntil`), or for the failure that just locked it.
     *
     * Account enumeration — why saying "locked" does not tell which usernames exist: (1) a username
     * without an account is locked by the same 5 failures and refused in the same words, with the same
     * `lockedUntil` (src/store/accounts/sign-in.ts decideUnknownName), so "locked" does not mean "exists";
     * (2) the lock is checked before the password and announced whatever password came with it, so
     * during a lock the answer is no oracle for guessing. What an attacker can still tell, as little as
     * before: a name without an account forgets its failures after a day (an account only at a good
     * sign-in), and an account's owner signing in between guesses resets its count.
     */
    const lockedRefusal = (lockedUntil: string, now: Date, justLocked: boolean) => {
      const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
      const until = `${lockedUntil.slice(0, 10)} ${lockedUntil.slice(11, 16)} UTC`;
      return new TrialError(
        'unauthenticated',
        justLocked
          ? `username or password not correct; after ${PASSWORD_LIMITS.lockAfter} failed sign-ins in a row the account is locked for ${minutes} minutes, until ${until}`
          : `the account is locked after ${PASSWORD_LIMITS.lockAfter} failed sign-ins in a row: try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} (after ${until}), or ask an admin to unlock it`,
        // `lockedNow`: this refusal is the failure that set the lock (its words say the password was wrong).
        { code: REFUSAL_CODES.accountLocked, lockedUntil, minutes, lockedNow: justLocked },
      );
    };

    app.post(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the session cookie',
          body: loginBody,
          response: responses({ 200: loginResponse }),
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const client = request.ip;
        // Counted as a failure of this address until it succeeds: see src/store/accounts/sign-in.ts.
        const attempt = await reserveAttempt(ctx.db, client, now);
        if (!attempt)
          throw new TrialError(
            'throttled',
            `too many failed sign-ins from this address; try again in ${LOGIN_LIMITS.windowMinutes} minutes`,
          );
        const { password, totp } = request.body;
        const username = request.body.username.toLowerCase();
        const user = await userByUsername(ctx.db, username);
        const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
        const seed = passwordOk && user ? totpSeedOf(ctx.secrets, user) : null;
        const decision: SignInDecision = await decideSignIn(
          ctx.db,
          {
            username,
            user,
            passwordOk,
            ...(seed ? { totp: totp ? matchTotp(seed, totp, now) : ('missing' as const) } : {}),
            client,
            requestId: request.id,
          },
          now,
        );
        if (decision.kind === 'locked') throw lockedRefusal(decision.lockedUntil, now, decision.lockedNow);
        if (decision.kind === 'failed') throw invalid();
        await releaseAttempt(ctx.db, attempt);
        if (decision.kind === 'totp_required')
          throw new TrialError('unauthenticated', 'totp: enter the 6-digit code of your authenticator app', {
            totpRequired: true,
          });
        const signedIn = decision.user;
        const session = await createSession(ctx.db, signedIn.id, now, Boolean(signedIn.totp_secret));
        // A browser-session cookie: the server alone decides when a session ends (idle and absolute
        // limits); an Expires from the server's clock would misfire on a client whose clock differs.
        reply.setCookie(SESSION_COOKIE, session.token, cookieOptions);
        return {
          username: signedIn.username,
          displayName: signedIn.display_name,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
          mustChangePassword: signedIn.must_change_password,
        };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: 'Sign out', response: responses({ 200: signedOut }) } },
      async (request, reply) => {
        if (request.sessionToken) await revokeSession(ctx.db, request.sessionToken, ctx.clock.now());
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { signedOut: true as const };
      },
    );

    app.get(
      '/api/auth/session',
      {
        schema: {
          tags: ['auth'],
          summary:
            "Who is signed in, their roles and the session limits, with the trial's time zone and the server's time; null when no one is",
          response: responses({ 200: sessionResponse }),
        },
      },
      async (request) => {
        // Every page load asks, visitors' too: "no one is signed in" is an answer (200, null), not an
        // error — a 401 would be logged as a console error in every anonymous browser. Every other
        // route still answers 401 without a session.
        const session = request.session;
        if (!session) return null;
        const who = principalOf(request);
        const now = ctx.clock.now();
        return {
          userId: who.userId,
          username: who.username,
          displayName: who.displayName,
          roles: who.roles,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
          idleExpiresAt: session.idleExpiresAt,
          mustChangePassword: session.mustChangePassword,
          // The trial's calendar (as-of and randomization dates): the web app's "today" for date fields.
          timeZone: ctx.timeZone,
          today: dateIn(now, ctx.timeZone),
          serverTime: now.toISOString(),
        };
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your password (ends your other sessions)',
          body: passwordChangeBody,
          response: responses({ 200: passwordChanged }),
        },
      },
      async (request) => {
        const who = principalOf(request);
        const now = ctx.clock.now();
        if (!(await passwordAgain(ctx, who, request.body.currentPassword, 'password_change')))
          throw new TrialError('invalid', 'currentPassword: not correct', {
            fields: [{ path: 'body.currentPassword', message: 'not correct' }],
          });
        if (request.body.newPassword === request.body.currentPassword)
          throw new TrialError('invalid', 'newPassword: must differ from the current password', {
            fields: [{ path: 'body.newPassword', message: 'same as current' }],
          });
        await ctx.db.transaction(async (tx) => {
          await setPassword(
            tx,
            { userId: who.userId, username: who.username, role: null, siteId: null, requestId: request.id },
            now,
            who.userId,
            request.body.newPassword,
            {
              mustChange: false,
            },
          );
          await revokeOtherSessions(tx, who.userId, request.sessionToken, now);
        });
        return { changed: true as const };
      },
    );

    // TOTP: for admins and statisticians (the unblinded roles). Setup returns a seed; enable proves it.
    // The pending seed waits in the database (sealed, 10 minutes), so enable may reach another process.
    const enrolling = (request: Parameters<typeof principalOf>[0]) => {
      const who = principalOf(request);
      // Checked again at enable: the role may have been taken away since setup.
      if (!hasRole(who, 'admin') && !hasRole(who, 'statistician'))
        throw new TrialError('forbidden', 'TOTP is offered to admins and statisticians');
      return who;
    };
    app.post(
      '/api/auth/totp/setup',
      {
        schema: {
          tags: ['auth'],
          summary: 'Start TOTP enrolment (admin, statistician)',
          response: responses({ 200: totpSetupResponse }),
        },
      },
      async (request) => {
        const who = enrolling(request);
        const secret = newTotpSecret();
        await startTotpEnrolment(ctx.db, ctx.secrets, who.userId, secret, ctx.clock.now());
        return { secret, otpauthUri: otpauthUri(secret, who.username) };
      },
    );
    app.post(
      '/api/auth/totp/enable',
      {
        schema: {
          tags: ['auth'],
          summary: 'Finish TOTP enrolment with a current code (ends your other sessions)',
          body: totpEnableBody,
          response: responses({ 200: totpEnabled }),
        },
      },
      async (request) => {
        const who = enrolling(request);
        const now = ctx.clock.now();
        await ctx.db.transaction(async (tx) => {
          await enableTotp(tx, ctx.secrets, actorOf(who, null, null), now, who.userId, request.body.code);
          // Sessions opened with the password alone end, as after a password change: from now on a
          // session of this account has shown the second factor (this one just did).
          await revokeOtherSessions(tx, who.userId, request.sessionToken, now);
        });
        return { enabled: true as const };
      },
    );
  };
