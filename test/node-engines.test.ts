/**
 * The README says which Node.js trialkit needs (package.json `engines.node`); every package the lock
 * file installs must run on that version, or npm warns (EBADENGINE) and the promise is false. Issue 12:
 * cookie@2 and content-disposition@3 (Node ≥ 22) came in through @fastify/cookie, @fastify/static and
 * light-my-request; they are pinned to versions that support Node 20 (package.json overrides).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');
const json = (name: string) => JSON.parse(readFileSync(join(REPO, name), 'utf8'));

describe('the Node.js version trialkit promises', () => {
  const required: string = json('package.json').engines.node;
  const minimum = semver.minVersion(required)?.version as string;

  it('is the one the README names', () => {
    const [major, minor] = minimum.split('.');
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain(`Node.js ${major}.${minor} or later`);
  });

  it('is supported by every package of the lock file', () => {
    const packages: Record<string, { engines?: { node?: string }; optional?: boolean }> =
      json('package-lock.json').packages;
    const unsupported = Object.entries(packages)
      .filter(([, p]) => typeof p.engines?.node === 'string' && !semver.satisfies(minimum, p.engines.node))
      .map(([path, p]) => `${path} needs node ${p.engines?.node}`);
    expect(unsupported).toEqual([]);
  });

  it('is satisfied by the Node.js running these tests', () => {
    expect(semver.satisfies(process.versions.node, required)).toBe(true);
  });
});
