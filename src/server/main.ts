/**
 * `npm start`: open the store (PGlite in TRIALKIT_DATA_DIR, or the server in DATABASE_URL), migrate (as
 * TRIALKIT_OWNER_DATABASE_URL when given), attach the audit key, seed the protocol and the first admin,
 * and listen on PORT (src/server/bootstrap.ts).
 *
 * Environment: PORT (3000), HOST (127.0.0.1), TRIALKIT_DATA_DIR (./data), DATABASE_URL (the application's
 * role), TRIALKIT_OWNER_DATABASE_URL (the role that owns the tables and applies migrations; absent: the
 * application's role migrates, and owns the audit table — docs/decisions/0011), TRIALKIT_ADMIN_PASSWORD,
 * TRIALKIT_IDENTITY_KEY or TRIALKIT_IDENTITY_KEY_FILE (./secrets/identity.key), TRIALKIT_SECRETS_KEY or
 * TRIALKIT_SECRETS_KEY_FILE (./secrets/secrets.key), TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE
 * (./secrets/audit.key: each audit event's MAC and the checkpoints' signatures), TRIALKIT_TIME_ZONE
 * (America/Chicago: the coordinating center, Mayo Clinic in Rochester), TRIALKIT_SECURE_COOKIES (1 behind
 * HTTPS), TRIALKIT_TRUST_PROXY (the reverse proxies whose X-Forwarded-For names the client:
 * src/server/auth/client-address.ts), LOG_LEVEL (info).
 */
import { loadProtocol } from '../protocol/index.ts';
import { buildServer } from './app.ts';
import { trustedProxiesFromEnv } from './auth/client-address.ts';
import { bootstrap, prepareStore } from './bootstrap.ts';
import { systemClock } from './context.ts';

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT=${env.PORT}: expected a port number 0–65535`);
  const trustProxy = trustedProxiesFromEnv(env.TRIALKIT_TRUST_PROXY);
  const protocol = loadProtocol();
  const store = await prepareStore(env, systemClock.now());
  const { db, identity, secrets } = store;
  const adminPassword = env.TRIALKIT_ADMIN_PASSWORD || undefined;
  const boot = await bootstrap(db, protocol, systemClock.now(), adminPassword, identity.keys, secrets.box);
  const app = await buildServer({
    db,
    clock: systemClock,
    protocol,
    identity: identity.keys,
    secrets: secrets.box,
    timeZone: env.TRIALKIT_TIME_ZONE ?? 'America/Chicago',
    secureCookies: env.TRIALKIT_SECURE_COOKIES === '1',
    trustProxy,
    logger: { level: env.LOG_LEVEL ?? 'info' },
  });
  const address = await app.listen({ port, host: env.HOST ?? '127.0.0.1' });
  console.log(
    `trialkit ${protocol.registry.id} on ${address} (API docs: ${address}/docs), store: ${store.description}`,
  );
  if (store.migrationsApplied.length)
    console.log(`migrations applied: ${store.migrationsApplied.join(', ')}`);
  console.log(`identity key (duplicate checks): ${identity.description}`);
  console.log(`secrets key (TOTP seeds): ${secrets.description}`);
  console.log(`audit key (audit events' MACs, checkpoints): ${store.audit.description}`);
  if (boot.generatedAdminPassword)
    console.log(
      `first start: user "admin", one-time password ${boot.generatedAdminPassword} (change it at first sign-in)`,
    );
  else if (boot.adminCreated) console.log('first start: user "admin" created with TRIALKIT_ADMIN_PASSWORD');
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`trialkit: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
