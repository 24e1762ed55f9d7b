/** Opens the store as the server would and makes sure it is migrated (a fresh folder is an error, not a new trial). */
import { type Db, openDatabase, storeOptionsFromEnv } from '../../store/index.ts';
import { UsageError } from '../usage-error.ts';

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  const options = storeOptionsFromEnv(env);
  const db = await openDatabase(options);
  const migrated = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'audit_event'");
  if (!migrated.rowCount) {
    await db.close();
    throw new UsageError(
      `no trialkit store in ${options.description}: start the server once (npm start) or set DATABASE_URL / TRIALKIT_DATA_DIR`,
    );
  }
  return db;
}
