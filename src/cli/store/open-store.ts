/**
 * Opens the store as the server would and makes sure it is migrated (a fresh folder is an error, not a
 * new trial). With the audit key configured (TRIALKIT_AUDIT_KEY or its key file; never generated here),
 * the store is keyed: the events a command writes are MACed, as the server's are, and verification
 * checks the MACs (docs/decisions/0011).
 */
import {
  configuredAuditKey,
  type Db,
  openDatabase,
  storeOptionsFromEnv,
  withAuditKey,
} from '../../store/index.ts';
import { UsageError } from '../usage-error.ts';

export interface OpenedStore {
  db: Db;
  /** Where the audit key came from; null when none is configured (then only the hash chain is checked). */
  auditKey: string | null;
}

export async function openKeyedStore(env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  let key: ReturnType<typeof configuredAuditKey>;
  try {
    key = configuredAuditKey(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options = storeOptionsFromEnv(env);
  const db = await openDatabase(options);
  const migrated = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'audit_event'");
  if (!migrated.rowCount) {
    await db.close();
    throw new UsageError(
      `no trialkit store in ${options.description}: start the server once (npm start) or set DATABASE_URL / TRIALKIT_DATA_DIR`,
    );
  }
  return key ? { db: withAuditKey(db, key.key), auditKey: key.description } : { db, auditKey: null };
}

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  return (await openKeyedStore(env)).db;
}
