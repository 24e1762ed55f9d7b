/**
 * What a fresh store needs before it serves: the schema, the protocol and its sites, the first admin,
 * the identity key's fingerprint (with the hashes of identities stored before there were any), and the
 * secrets key's (with the TOTP seeds stored in plaintext before they were encrypted, sealed now).
 * Idempotent: later starts only apply new migrations and refresh the protocol document.
 */
import { randomBytes } from 'node:crypto';
import type { Protocol } from '../protocol/index.ts';
import {
  checkIdentityKey,
  checkSecretsKey,
  createUser,
  type Db,
  hashUnhashedIdentities,
  type IdentityKeys,
  migrate,
  type SecretBox,
  SYSTEM_ACTOR,
  sealPlaintextTotpSecrets,
  seedProtocol,
  userByUsername,
} from '../store/index.ts';

export interface BootstrapResult {
  migrationsApplied: string[];
  sitesAdded: number;
  /** Set only when the admin was created now with a generated password: print it once. */
  generatedAdminPassword?: string;
  adminCreated: boolean;
}

export async function bootstrap(
  db: Db,
  protocol: Protocol,
  at: Date,
  adminPassword: string | undefined,
  identity: IdentityKeys,
  /** The secrets key (TOTP seeds at rest); without it, plaintext seeds are left for a start that has it. */
  secrets?: SecretBox,
): Promise<BootstrapResult> {
  const migrationsApplied = await migrate(db);
  await checkIdentityKey(db, identity, at);
  if (secrets) await checkSecretsKey(db, secrets, at);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(5168164)');
    await hashUnhashedIdentities(tx, identity);
    if (secrets) await sealPlaintextTotpSecrets(tx, secrets);
    const { sitesAdded } = await seedProtocol(tx, SYSTEM_ACTOR, at, protocol);
    if (await userByUsername(tx, 'admin')) return { migrationsApplied, sitesAdded, adminCreated: false };
    const generated = adminPassword ? undefined : randomBytes(18).toString('base64url');
    await createUser(tx, SYSTEM_ACTOR, at, {
      username: 'admin',
      displayName: 'Administrator',
      password: adminPassword ?? (generated as string),
      roles: [{ role: 'admin', siteId: null }],
      // A generated password is shown once on the console: it must be replaced at first sign-in.
      mustChangePassword: generated !== undefined,
    });
    return {
      migrationsApplied,
      sitesAdded,
      adminCreated: true,
      ...(generated ? { generatedAdminPassword: generated } : {}),
    };
  });
}
