import { describe, expect, it } from 'vitest';
import { el, escapeXml, num, text, textWidth, truncateToWidth, wrapToWidth } from './svg.ts';
import { parseXml } from './test-support/parse-xml.ts';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  });

  it('drops characters XML 1.0 forbids (controls, lone surrogates) and keeps the rest', () => {
    expect(escapeXml('a\u0000b\u0007c\u001Fd\tе\n')).toBe('abcd\tе\n');
    expect(escapeXml('x\uD800y')).toBe('xy');
    expect(escapeXml('Arm 🅰 — 治疗')).toBe('Arm 🅰 — 治疗');
  });

  it('makes any string safe as element text and attribute value', () => {
    const nasty = `</text><script>alert("x")</script>&amp;\u0001'`;
    const root = parseXml(el('g', { 'data-label': nasty }, text(nasty, { x: 1 })));
    expect(root.attributes['data-label']).toBe(nasty.replace('\u0001', ''));
    expect(root.children[0]?.text).toBe(nasty.replace('\u0001', ''));
  });
});

describe('num', () => {
  it('rounds to 2 decimals without trailing zeros or negative zero', () => {
    expect([num(1), num(1.006), num(12.3456), num(-0.001), num(100.1)]).toEqual([
      '1',
      '1.01',
      '12.35',
      '0',
      '100.1',
    ]);
  });
});

describe('text fitting', () => {
  it('truncates with an ellipsis to the width', () => {
    const long = 'Pembrolizumab 200 mg every 3 weeks plus platinum-based chemotherapy';
    const short = truncateToWidth(long, 150, 12);
    expect(short.endsWith('…')).toBe(true);
    expect(textWidth(short, 12)).toBeLessThanOrEqual(150);
    expect(truncateToWidth('Placebo', 150, 12)).toBe('Placebo');
  });

  it('wraps at spaces, truncating a word longer than a line', () => {
    const lines = wrapToWidth('Overall survival in the intention-to-treat population', 160, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('Overall survival in the intention-to-treat population');
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(160);
    expect(wrapToWidth('x'.repeat(100), 50, 12)[0]?.endsWith('…')).toBe(true);
  });
});
