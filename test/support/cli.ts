/** Running the `trialkit` command in-process, as the CLI tests do. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/screen-command.ts';
import type { Protocol } from '../../src/protocol/index.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `trialkit <args>` with today = 2026-03-30 and returns its exit code and output. */
export async function trialkit(...args: string[]): Promise<Run> {
  return run(args, {});
}

/** `trialkit <args>` running `protocol` instead of protocols/nct05168163 (e.g. a changed copy of it). */
export async function trialkitWithProtocol(protocol: Protocol, ...args: string[]): Promise<Run> {
  return run(args, { protocol: () => protocol });
}

async function run(args: string[], io: Pick<Io, 'protocol'>): Promise<Run> {
  const out = capture();
  const err = capture();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, today: () => '2026-03-30', ...io });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Writes `content` to a new file `name` in a fresh temporary directory and returns its path. */
export function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-cli-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}
