/**
 * Every way of starting trialkit runs node with the same flags (docs/decisions/0005): the installed
 * bin, `npm run trialkit`, `npm run demo`, and the benchmark's screening child.
 */
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
