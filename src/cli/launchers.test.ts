/**
 * Every way of starting trialkit runs node with the same flags (docs/decisions/0005): the installed
 * bin, `npm run trialkit`, `npm run demo`, and the benchmark's screening child.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${REPO}${path}`, 'utf8');

describe('trialkit launchers', () => {
  it('all run node with --single-threaded-gc', () => {
    expect(read('bin/trialkit.js').split('\n')[0]).toBe('#!/usr/bin/env -S node --single-threaded-gc');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.trialkit).toMatch(/^node --single-threaded-gc --import tsx src\/cli\/main\.ts$/);
    expect(scripts.demo).toContain('node --single-threaded-gc --import tsx src/cli/main.ts screen');
    expect(read('bench/screen.ts')).toContain("'screen-child.ts': ['--single-threaded-gc']");
  });
});

describe('the trialkit process', () => {
  it('stops quietly, exit 0, when the reader closes the pipe (`trialkit screen … | head`)', async () => {
    const child = spawn(
      process.execPath,
      ['bin/trialkit.js', 'screen', 'examples/patients', '--as-of', '2026-03-30', '--format', 'json'],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Close the read end before the child (still starting) has written anything: every write fails.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
