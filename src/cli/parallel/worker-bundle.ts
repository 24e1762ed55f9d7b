/**
 * The screening workers' code as one JavaScript file, bundled by esbuild and kept in a cache
 * (docs/decisions/0005-parallel-screening.md). Through tsx, every worker starts its own loader thread
 * and has each of ~80 modules resolved and transformed there (~0.3 s of CPU per worker, while the
 * workers should be pre-scanning), and tsx's keep-names wrapper then runs on every closure made; a
 * bundle loads in a few milliseconds. bench:screen: ~3.5 % faster over 20,000 patients.
 *
 * The bundle is rebuilt whenever any of its input files changed (size or modification time, from
 * esbuild's list of inputs), so it never runs stale code. Packages stay imports (the file sits in
 * node_modules/.cache/, so Node finds them as the sources would); `import.meta.url`, `.dirname` and
 * `.filename` keep the values of the module they are written in. Anything that goes wrong — no
 * writable cache, esbuild missing — returns undefined and the workers run the sources through tsx.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NODE_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
/** Where the bundle is kept: in node_modules, so that the packages it imports resolve from there. */
export const DEFAULT_CACHE_DIR = join(NODE_MODULES, '.cache', 'trialkit');
/** Bump when the build options below change. */
const BUILD_VERSION = 1;

/** An input of the bundle as it was when the bundle was built. */
interface InputStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

async function stampOf(path: string): Promise<InputStamp> {
  const { size, mtimeMs } = await stat(path);
  return { path, size, mtimeMs };
}

async function unchanged(stamps: readonly InputStamp[]): Promise<boolean> {
  try {
    const now = await Promise.all(stamps.map((s) => stampOf(s.path)));
    return now.every((s, i) => s.size === stamps[i]?.size && s.mtimeMs === stamps[i]?.mtimeMs);
  } catch {
    return false; // an input was removed
  }
}

/**
 * The bundle of `entry` (a TypeScript module), built now if it is missing or out of date; undefined
 * when it cannot be had (the caller then runs `entry` through tsx).
 */
export async function workerBundle(entry: URL, cacheDir = DEFAULT_CACHE_DIR): Promise<URL | undefined> {
  try {
    if (cacheDir === DEFAULT_CACHE_DIR && !existsSync(NODE_MODULES)) return undefined;
    const name = createHash('sha256').update(`${BUILD_VERSION}\n${entry.href}`).digest('hex').slice(0, 16);
    const bundlePath = join(cacheDir, `worker-${name}.mjs`);
    const stampsPath = join(cacheDir, `worker-${name}.inputs.json`);
    if (existsSync(bundlePath) && existsSync(stampsPath)) {
      const stamps = JSON.parse(await readFile(stampsPath, 'utf8')) as InputStamp[];
      if (await unchanged(stamps)) return pathToFileURL(bundlePath);
    }
    // Imported only to build (~20 ms): a run that finds its bundle up to date does not need it.
    const esbuild = await import('esbuild');
    const started = Date.now();
    const entryPath = fileURLToPath(entry);
    const result = await esbuild.build({
      entryPoints: [entryPath],
      absWorkingDir: dirname(entryPath),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [keepImportMeta],
    });
    const code = result.outputFiles[0]?.contents;
    if (code === undefined) return undefined;
    // esbuild's own package.json counts as an input: another esbuild may bundle differently.
    const inputs = [
      ...Object.keys(result.metafile.inputs).map((input) => resolve(dirname(entryPath), input)),
      fileURLToPath(import.meta.resolve('esbuild/package.json')),
    ];
    const stamps = await Promise.all(inputs.map(stampOf));
    await mkdir(cacheDir, { recursive: true });
    // Other trialkit processes may be building the same bundle: each writes its own file, then renames.
    await replaceFile(bundlePath, code);
    // A file changed while esbuild read it may not be what the bundle holds: then no stamps, and the
    // next run builds again.
    if (stamps.some((stamp) => stamp.mtimeMs >= started - 1)) await rm(stampsPath, { force: true });
    else await replaceFile(stampsPath, JSON.stringify(stamps));
    return pathToFileURL(bundlePath);
  } catch {
    return undefined;
  }
}

async function replaceFile(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, contents);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

type EsbuildPlugin = import('esbuild').Plugin;

/** `import.meta.url` (and `.dirname`, `.filename`) as the module's own values, not the bundle's. */
const keepImportMeta: EsbuildPlugin = {
  name: 'keep-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.')) return undefined;
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
        .replaceAll('import.meta.filename', JSON.stringify(path));
      return { contents, loader: 'ts' };
    });
  },
};
