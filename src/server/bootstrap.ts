/**
 * Opening the store as the environment says (src/store/environment.ts), then what a fresh store needs
 * before it serves: the schema, the protocol and its sites, the first admin,
 * the identity key's fingerprint (with the hashes of identities stored before there were any), and the
 * secrets key's (with the TOTP seeds stored in plaintext before they were encrypted, sealed now).
 * Idempotent: later starts only apply new migrations and refresh the protocol document.
 */
import { randomBytes } from 'node:crypto';
import type { Protocol } from '../protocol/index.ts';
import {
  auditKeyFromEnv,
  checkIdentityKey,
  checkSecretsKey,
  createUser,
  type Db,
  hashUnhashedIdentities,
  type IdentityKeys,
  identityKeyFromEnv,
  migrate,
  migrateStore,
  openDatabase,
  type SecretBox,
  SYSTEM_ACTOR,
  sealPlaintextTotpSecrets,
  secretsKeyFromEnv,
  seedProtocol,
  storeOptionsFromEnv,
  userByUsername,
} from '../store/index.ts';

export interface PreparedStore {
  /** The store with the audit key attached: every audit event written through it is MACed. */
  db: Db;
  /** Which store (PGlite folder or DATABASE_URL), for the start-up line. */
  description: string;
  migrationsApplied: string[];
  identity: { keys: IdentityKeys; description: string };
  secrets: { box: SecretBox; description: string };
  /** Where the audit key came from (a variable, a key file, or a key file generated now). */
  audit: { description: string };
}

/**
 * The store of the environment, ready to serve (docs/decisions/0011): migrated as its owner when
 * TRIALKIT_OWNER_DATABASE_URL is given (the application's role then only granted what it may do), then
 * the audit key attached before anything else writes — the identity and secrets keys' checks and the
 * bootstrap write audit events, and a signed trail refuses events without its key.
 */
export async function prepareStore(env: NodeJS.ProcessEnv, at: Date): Promise<PreparedStore> {
  const options = storeOptionsFromEnv(env);
  const opened = await openDatabase(options);
  try {
    const migrationsApplied = await migrateStore(opened, env);
    const audit = await auditKeyFromEnv(opened, at, env);
    const identity = await identityKeyFromEnv(audit.db, at, env);
    const secrets = await secretsKeyFromEnv(audit.db, at, env);
    return {
      db: audit.db,
      description: options.description,
      migrationsApplied,
      identity,
      secrets,
      audit: { description: audit.description },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

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
