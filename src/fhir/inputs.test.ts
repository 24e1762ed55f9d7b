import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs, sniffFormat } from './inputs.ts';
import { removeTempDirs, tempDir } from './test-support.ts';

afterAll(removeTempDirs);

describe('inputs', () => {
  it('walks directories recursively in name order, keeping *.json, *.ndjson and *.jsonl', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'b-sub'));
    await writeFile(join(dir, 'c.ndjson'), '');
    await writeFile(join(dir, 'a.json'), '{}');
    await writeFile(join(dir, 'b-sub', 'x.JSONL'), '');
    await writeFile(join(dir, 'notes.txt'), '');
    const { files, errors } = await expandInputs([dir, join(dir, 'missing.ndjson')]);
    expect(files.map((f) => [f.label.slice(dir.length + 1), f.format])).toEqual([
      ['a.json', 'json'],
      ['b-sub/x.JSONL', 'ndjson'],
      ['c.ndjson', 'ndjson'],
    ]);
    expect(errors).toEqual([{ source: join(dir, 'missing.ndjson'), message: 'no such file or directory' }]);
  });

  it('sniffs NDJSON versus one JSON document (as for stdin)', async () => {
    const dir = await tempDir();
    const sniff = async (name: string, text: string) => {
      await writeFile(join(dir, name), text);
      return sniffFormat(join(dir, name));
    };
    expect(await sniff('pretty', JSON.stringify({ resourceType: 'Bundle', entry: [] }, null, 2))).toBe(
      'json',
    );
    expect(
      await sniff('lines', '\n{"resourceType":"Patient","id":"a"}\n{"resourceType":"Patient","id":"b"}\n'),
    ).toBe('ndjson');
    expect(await sniff('broken-first', '{"resourceType":\n{"resourceType":"Patient","id":"b"}\n')).toBe(
      'ndjson',
    );
    expect(await sniff('one-line', '\uFEFF{"resourceType":"Bundle","entry":[]}')).toBe('ndjson');
    expect(await sniff('empty', '')).toBe('ndjson');
  });
});
