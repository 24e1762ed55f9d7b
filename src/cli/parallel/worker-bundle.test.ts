import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { workerBundle } from './worker-bundle.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A two-module program in a temporary directory; dep.ts reports where it thinks it is. */
function program(): { dir: string; entry: URL; dep: string } {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-bundle-'));
  dirs.push(dir);
  const dep = join(dir, 'dep.ts');
  writeFileSync(
    dep,
    'export const where: { url: string; dir: string; version: number } = { url: import.meta.url, dir: import.meta.dirname, version: 1 };\n',
  );
  writeFileSync(join(dir, 'entry.ts'), "export { where } from './dep.ts';\n");
  // Written a while ago: a file changed while the bundle is built gets no stamp (see the last test).
  const past = new Date(Date.now() - 60_000);
  for (const file of [dep, join(dir, 'entry.ts')]) utimesSync(file, past, past);
  return { dir, entry: pathToFileURL(join(dir, 'entry.ts')), dep };
}

type Where = { where: { url: string; dir: string; version: number } };

describe('workerBundle', () => {
  it('bundles the entry into the cache; import.meta keeps each module’s own values', async () => {
    const { dir, entry, dep } = program();
    const bundle = await workerBundle(entry, join(dir, 'cache'));
    expect(bundle?.pathname.startsWith(pathToFileURL(join(dir, 'cache')).pathname)).toBe(true);
    expect(bundle?.pathname.endsWith('.mjs')).toBe(true);
    const { where } = (await import(`${bundle?.href}?first`)) as Where;
    expect(where).toEqual({ url: pathToFileURL(dep).href, dir, version: 1 });
  });

  it('reuses the bundle while no input changed, and rebuilds it when one did', async () => {
    const { dir, entry, dep } = program();
    const cache = join(dir, 'cache');
    const first = await workerBundle(entry, cache);
    if (first === undefined) throw new Error('no bundle');
    const built = statSync(first).mtimeMs;
    const again = await workerBundle(entry, cache);
    expect(again?.href).toBe(first.href);
    expect(statSync(first).mtimeMs).toBe(built);

    writeFileSync(dep, "export const where = { url: 'changed', dir: '', version: 22 };\n");
    const rebuilt = await workerBundle(entry, cache);
    expect(rebuilt?.href).toBe(first.href);
    const { where } = (await import(`${rebuilt?.href}?rebuilt`)) as Where;
    expect(where.version).toBe(22);
  });

  it('keeps no stamps for a bundle whose inputs changed while it was built: the next run builds again', async () => {
    const { dir, entry, dep } = program();
    const cache = join(dir, 'cache');
    const future = new Date(Date.now() + 60_000); // as if written during the build
    utimesSync(dep, future, future);
    const first = await workerBundle(entry, cache);
    if (first === undefined) throw new Error('no bundle');
    const built = statSync(first).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await workerBundle(entry, cache);
    expect(statSync(first).mtimeMs).toBeGreaterThan(built);
  });

  it('gives up (undefined: the workers use tsx) when the entry cannot be bundled', async () => {
    const { dir } = program();
    writeFileSync(join(dir, 'broken.ts'), 'export const = ;\n');
    expect(await workerBundle(pathToFileURL(join(dir, 'broken.ts')), join(dir, 'cache'))).toBeUndefined();
    writeFileSync(join(dir, 'file'), '');
    // The cache directory cannot be made (a file is in the way).
    expect(
      await workerBundle(pathToFileURL(join(dir, 'entry.ts')), join(dir, 'file', 'cache')),
    ).toBeUndefined();
  });
});
