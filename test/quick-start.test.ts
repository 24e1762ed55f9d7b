/**
 * The README's quick start, followed literally, must leave `npm test` green: every file its commands
 * write (`--out …`) lands where neither git nor Biome (the README test command's format check) looks.
 * Issue 12: `--out eligible-today.json` in the repository root failed Biome's check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trialkit } from './support/cli.ts';

const REPO = join(import.meta.dirname, '..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/** `npm run trialkit -- <args>` commands of the README that write a file. */
const writingCommands = [...README.matchAll(/npm run trialkit -- ([^`\n]*--out [^`\n]*)/g)].map((m) =>
  (m[1] as string).trim().split(/\s+/),
);

describe("the README's quick start", () => {
  it('has commands that write files', () => {
    expect(writingCommands.length).toBeGreaterThan(0);
  });

  it.each(writingCommands.map((args) => [args.join(' '), args]))(
    '`trialkit %s` writes where git and Biome do not look',
    async (_, args) => {
      const out = args[args.indexOf('--out') + 1] as string;
      const path = join(REPO, out);
      const existed = existsSync(path);
      try {
        const run = await trialkit(...args);
        expect(run.code, run.stderr).toBe(0);
        expect(existsSync(path)).toBe(true);
        expect(
          spawnSync('git', ['check-ignore', '-q', out], { cwd: REPO }).status,
          `${out} is git-ignored`,
        ).toBe(0);
        const biome = spawnSync(join(REPO, 'node_modules', '.bin', 'biome'), ['check', out], {
          cwd: REPO,
          encoding: 'utf8',
        });
        expect(`${biome.stdout}${biome.stderr}`).toContain('These paths were provided but ignored');
      } finally {
        if (!existed) rmSync(path, { force: true });
      }
    },
  );

  it('keeps Biome on the project’s own files: a badly formatted stray file in the root is not checked', () => {
    const stray = `stray-${process.pid}.json`;
    writeFileSync(join(REPO, stray), '{"a":1,   "b":2}\n');
    try {
      const biome = spawnSync(join(REPO, 'node_modules', '.bin', 'biome'), ['check', stray, 'package.json'], {
        cwd: REPO,
        encoding: 'utf8',
      });
      // Only package.json is checked; the stray file would fail the format check if it were.
      expect(biome.status, `${biome.stdout}${biome.stderr}`).toBe(0);
      expect(`${biome.stdout}${biome.stderr}`).toContain('Checked 1 file');
    } finally {
      rmSync(join(REPO, stray), { force: true });
    }
  });
});
