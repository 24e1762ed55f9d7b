import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the plot examples write when given no path: `scratch/plots/` in the repository (`scratch/` is
 * gitignored), created if missing, whatever folder the script is run from.
 */
export function defaultPlotsDir(): string {
  const dir = fileURLToPath(new URL('../../scratch/plots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}
