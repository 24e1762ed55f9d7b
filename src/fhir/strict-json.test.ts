import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStrictJson } from './strict-json.ts';

/** The check on `text` as a line between other bytes (it must not read past either end). */
function check(text: string): boolean {
  const before = Buffer.from('1,"x\\');
  const bytes = Buffer.concat([before, Buffer.from(text), Buffer.from('0"}]e5 \\u00')]);
  return isStrictJson(bytes, before.length, before.length + Buffer.byteLength(text));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('strict JSON check', () => {
  it('accepts what JSON.stringify writes, with any JSON whitespace between tokens', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom('', ' ', '\t', '\r\n  '), (value, space) => {
        const text = JSON.stringify(value, null, space.length > 0 ? space : undefined);
        expect(check(text)).toBe(true);
        expect(check(` ${text}${space}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const text of [
      '{"a":"\\u00e9\\ud800\\"\\\\\\/\\b\\f\\n\\r\\t"}',
      '{"é":"ü😀","n":[-0,0.5,1e5,1E-5,-12.25e+3,0]}',
      '[]',
      '{}',
      '"x"',
      'null',
      '  [true,false,null,{}]  ',
    ])
      expect(check(text), text).toBe(true);
  });

  it('never accepts what JSON.parse rejects', () => {
    for (const text of [
      '',
      ' ',
      '{',
      '{"a":1',
      '{"a":1}}',
      '{"a" 1}',
      '{"a":1,}',
      '[1,]',
      '[,1]',
      '{a:1}',
      "{'a':1}",
      '{"a":01}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":+1}',
      '{"a":1e}',
      '{"a":-}',
      '{"a":NaN}',
      '{"a":tru}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{"a":"tab\there"}',
      '{"a":"new\nline"}',
      '{"a":1}{"b":2}',
      '{"a":1} x',
      '\uFEFF{"a":1}',
      '{"a":1}\u00a0',
    ]) {
      expect(parses(text), text).toBe(false);
      expect(check(text), text).toBe(false);
    }
  });

  it('accepts a mutated text only when JSON.parse does', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '\\u',
      '0',
      '-',
      '.',
      'e',
      '1',
      ' ',
      '\t',
      '\n',
      'true',
      'nul',
      '\u0001',
      'é',
    );
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), token), { minLength: 1, maxLength: 4 }),
        (value, edits) => {
          let text = JSON.stringify(value);
          for (const [at, remove, insert] of edits) {
            const i = text.length === 0 ? 0 : at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + remove);
          }
          if (check(text)) expect(parses(text), text).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('refuses nesting deeper than it tracks, and lets the caller vet top-level names', () => {
    expect(check(`${'['.repeat(64)}${']'.repeat(64)}`)).toBe(true);
    expect(check(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe(false);
    const names: string[] = [];
    const text = Buffer.from('{"resourceType":"Claim","a":{"resourceType":"x"},"b\\u0022":1}');
    expect(
      isStrictJson(text, 0, text.length, (buf, start, end, member) => {
        names.push(`${member}:${buf.toString('utf8', start, end)}`);
        return true;
      }),
    ).toBe(true);
    expect(names).toEqual(['0:resourceType', '1:a', '2:b\\u0022']);
    expect(isStrictJson(text, 0, text.length, (_buf, _start, _end, member) => member < 2)).toBe(false);
  });
});
