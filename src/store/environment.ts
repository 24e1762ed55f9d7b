/**
 * The store's environment contract, shared by the server (`npm start`) and the CLI's store commands:
 * DATABASE_URL selects a PostgreSQL server; otherwise PGlite keeps its data in TRIALKIT_DATA_DIR
 * (default ./data, relative to the working directory).
 */
import { resolve } from 'node:path';
import type { OpenOptions } from './database.ts';

export function storeOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): OpenOptions & { description: string } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, description: 'PostgreSQL (DATABASE_URL)' };
  const dataDir = resolve(env.TRIALKIT_DATA_DIR ?? './data');
  return { dataDir, description: `PGlite in ${dataDir}` };
}
