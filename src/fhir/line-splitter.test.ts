import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.ts';

function split(chunks: readonly Buffer[]): Array<[string, number, number]> {
  const lines: Array<[string, number, number]> = [];
  const splitter = new LineSplitter();
  const onLine = (buf: Buffer, start: number, end: number, lineNo: number, offset: number) =>
    lines.push([buf.toString('utf8', start, end), lineNo, offset]);
  for (const chunk of chunks) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return lines;
}

describe('line splitter', () => {
  it('handles a BOM, CRLF, blank lines and a last line without newline, with file offsets', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"a":1}\r\n\n{"b":"é"}\n{"c":3}'),
    ]);
    expect(split([bytes])).toEqual([
      ['{"a":1}', 1, 3],
      ['', 2, 12],
      ['{"b":"é"}', 3, 13],
      ['{"c":3}', 4, 24],
    ]);
  });

  it('gives the same lines however the bytes are cut into chunks', () => {
    const text = Buffer.from('\uFEFFone\r\ntwo\n\nthree with ü and a long tail ........\r\nlast');
    const whole = split([text]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, i) => text.subarray(points[i], end));
        expect(split(chunks)).toEqual(whole);
      }),
    );
    expect(whole.map(([line]) => line)).toEqual([
      'one',
      'two',
      '',
      'three with ü and a long tail ........',
      'last',
    ]);
  });

  it('gives nothing for an empty stream and no extra line after a final newline', () => {
    expect(split([])).toEqual([]);
    expect(split([Buffer.from('x\n')])).toEqual([['x', 1, 0]]);
  });
});
