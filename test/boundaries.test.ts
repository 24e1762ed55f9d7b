/**
 * The import boundaries (.dependency-cruiser.cjs) hold in the repository, and each rule fails on a
 * fixture that breaks it (test/fixtures/boundaries: one file per violation, and allowed imports beside).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');
const DEPCRUISE = join(REPO, 'node_modules', '.bin', 'depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(cwd: string, paths: string[]): Violation[] {
  const run = spawnSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'json', ...paths], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`depcruise failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('import boundaries', () => {
  it('hold in the repository', () => {
    const violations = cruise(REPO, ['src', 'web/src', 'test', 'bench', 'scripts']);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);

  it('fail on every kind of violation, and only on those', () => {
    const fixture = join(REPO, 'test', 'fixtures', 'boundaries');
    const found = cruise(fixture, ['src', 'web'])
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
      .sort();
    expect(found).toEqual([
      'adapter-imports-shell: src/fhir/reader.ts → src/server/index.ts',
      'contracts-only-zod: src/contracts/shape.ts → src/stats/index.ts',
      'engine-imports-outward: src/stats/pure.ts → src/store/index.ts',
      'nothing-imports-cli: src/server/route.ts → src/cli/index.ts',
      'server-imports-cli: src/server/route.ts → src/cli/index.ts',
      'store-imports-server-or-cli: src/store/repository.ts → src/server/index.ts',
      'through-index: src/server/route.ts → src/stats/inner.ts',
      'web-imports-server-internals: web/src/page.ts → src/store/index.ts',
    ]);
  }, 60_000);
});
