/**
 * Turns the user's inputs (files, directories, '-') into the list of files to read, in order:
 * directories recursively in name order (*.json bundles, *.ndjson / *.jsonl), stdin spooled to a
 * temporary file (so the pre-scan can read it twice) and sniffed as NDJSON or one JSON document.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isBlank } from './line-splitter.ts';
import type { IntakeError } from './types.ts';

export interface InputFile {
  /** Where to read it. */
  path: string;
  /** How sources name it ('data/Observation.ndjson', or '-' for stdin). */
  label: string;
  format: 'ndjson' | 'json';
  size: number;
}

export interface ExpandedInputs {
  files: InputFile[];
  errors: IntakeError[];
  /** Removes the stdin spool file, if any. */
  cleanup: () => Promise<void>;
}

function formatOf(name: string): InputFile['format'] | undefined {
  const ext = extname(name).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  return undefined;
}

export async function expandInputs(inputs: readonly string[]): Promise<ExpandedInputs> {
  const files: InputFile[] = [];
  const errors: IntakeError[] = [];
  let spoolDir: string | undefined;
  let stdinFile: InputFile | undefined;

  const walk = async (dir: string, label: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const childLabel = join(label, entry.name);
      const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
      if (info?.isDirectory()) await walk(path, childLabel);
      else if (info?.isFile()) {
        const format = formatOf(entry.name);
        if (format !== undefined)
          files.push({ path, label: childLabel, format, size: (await stat(path)).size });
      }
    }
  };

  for (const input of inputs) {
    try {
      if (input === '-') {
        if (stdinFile === undefined) {
          spoolDir = await mkdtemp(join(tmpdir(), 'trialkit-stdin-'));
          const path = join(spoolDir, 'stdin');
          await pipeline(process.stdin, createWriteStream(path));
          const size = (await stat(path)).size;
          stdinFile = { path, label: '-', format: await sniffFormat(path), size };
          files.push(stdinFile);
        }
        continue;
      }
      const info = await stat(input);
      if (info.isDirectory()) await walk(input, input);
      else
        files.push({
          path: input,
          label: input,
          format: formatOf(input) ?? (await sniffFormat(input)),
          size: info.size,
        });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push({
        source: input,
        message: code === 'ENOENT' ? 'no such file or directory' : `cannot read (${String(e)})`,
      });
    }
  }
  const cleanup = async () => {
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  };
  return { files, errors, cleanup };
}

const SNIFF_BYTES = 1 << 20;

/**
 * NDJSON when one of the first two non-blank lines is a complete JSON value (or the first line is
 * longer than 1 MiB: a one-line resource); otherwise one JSON document (a pretty-printed Bundle).
 */
export async function sniffFormat(path: string): Promise<InputFile['format']> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    const complete = bytesRead < SNIFF_BYTES;
    let start = bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    let seen = 0;
    while (start < bytesRead && seen < 2) {
      let end = buf.indexOf(0x0a, start);
      if (end < 0 || end >= bytesRead) {
        if (!complete) return seen === 0 ? 'ndjson' : 'json';
        end = bytesRead;
      }
      if (!isBlank(buf, start, end)) {
        seen++;
        try {
          JSON.parse(buf.toString('utf8', start, end));
          return 'ndjson';
        } catch {
          // not a complete value on one line
        }
      }
      start = end + 1;
    }
    return seen === 0 ? 'ndjson' : 'json';
  } finally {
    await handle.close();
  }
}
