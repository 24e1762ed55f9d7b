/** Signing in, the session, passwords, TOTP, and the admin's users. */
import { z } from 'zod';
import { reason, roleAssignment, roleAssignments, timestamp, version } from './common.ts';
import { displayName, identifier, secret } from './text.ts';
import { USERNAME_PATTERN, USERNAME_RULE_TEXT } from './vocabulary.ts';

export const totpCode = z.string().regex(/^\d{6}$/);

export const loginBody = z.strictObject({
  username: identifier(64),
  password: secret(256),
  totp: totpCode.optional(),
});

export const loginResponse = z.strictObject({
  username: z.string(),
  displayName: z.string(),
  /** Send it in the x-csrf-token header of every state-changing request. */
  csrfToken: z.string(),
  expiresAt: timestamp,
  mustChangePassword: z.boolean(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** GET /api/auth/session: null when no one is signed in (an answer, not an error). */
export const session = z
  .strictObject({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleAssignment),
    csrfToken: z.string(),
    expiresAt: timestamp,
    idleExpiresAt: timestamp,
    mustChangePassword: z.boolean(),
    /** The trial's calendar: the time zone of its dates, today there, and the server's clock. */
    timeZone: z.string(),
    today: z.iso.date(),
    serverTime: timestamp,
  })
  .nullable();
export type Session = NonNullable<z.infer<typeof session>>;

export const passwordChangeBody = z.strictObject({
  currentPassword: secret(256),
  newPassword: secret(256, 0),
});

export const totpSetupResponse = z.strictObject({ secret: z.string(), otpauthUri: z.string() });
export const totpEnableBody = z.strictObject({ code: totpCode });

/** Acknowledgements of actions that return nothing else. */
export const signedOut = z.strictObject({ signedOut: z.literal(true) });
export const passwordChanged = z.strictObject({ changed: z.literal(true) });
export const totpEnabled = z.strictObject({ enabled: z.literal(true) });
export const passwordReset = z.strictObject({ reset: z.literal(true) });

/** A refusal of sign-in for a locked account or username (`error.code: account_locked`). */
export const accountLocked = z.object({
  code: z.literal('account_locked'),
  lockedUntil: timestamp,
  minutes: z.number(),
  /** This refusal is the failure that set the lock. */
  lockedNow: z.boolean(),
});
export type AccountLocked = z.infer<typeof accountLocked>;
/** The 401 of a sign-in that needs the account's TOTP code: send it again with `totp`. */
export const totpRequired = z.object({ totpRequired: z.literal(true) });
export type TotpRequired = z.infer<typeof totpRequired>;
/** The 401 of a call that needs a session (none, or it ended): the page signs in again. */
export const sessionRequired = z.object({ sessionRequired: z.literal(true) });
export type SessionRequired = z.infer<typeof sessionRequired>;

export const user = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: timestamp.nullable(),
  totpEnabled: z.boolean(),
  roles: z.array(roleAssignment),
  version: z.number(),
});
export type User = z.infer<typeof user>;

export const newUserBody = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN, USERNAME_RULE_TEXT),
  displayName,
  password: secret(256, 0),
  roles: roleAssignments.min(1),
});
export type NewUserBody = z.input<typeof newUserBody>;

export const userUpdateBody = z.strictObject({
  version,
  displayName: displayName.optional(),
  active: z.boolean().optional(),
  roles: roleAssignments.optional(),
  unlock: z.boolean().optional(),
  reason,
});
export type UserUpdateBody = z.input<typeof userUpdateBody>;

export const passwordResetBody = z.strictObject({ password: secret(256, 0), reason });
