/**
 * Small SVG writing helpers: XML escaping, compact numbers, elements as strings, and a text-width
 * estimate for layout (there is no DOM to measure text in, and the output must not depend on one).
 */

const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** XML 1.0 §2.2 `Char`: code points outside it may not appear in a document at all, even escaped. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

/** Text safe inside an element or a quoted attribute; characters XML forbids are dropped. */
export function escapeXml(text: string): string {
  let out = '';
  // Iterating by code point leaves a lone surrogate as one unit in 0xD800–0xDFFF, which is not a Char.
  for (const c of text) if (isXmlChar(c.codePointAt(0) as number)) out += XML_ENTITY[c] ?? c;
  return out;
}

/** A coordinate rounded to 2 decimals, without trailing zeros (keeps files small and bytes stable). */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type Attrs = Record<string, string | number | undefined>;

/** Attributes in the order given; numbers are rounded, undefined ones omitted, strings escaped. */
export function attrs(values: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return out;
}

/** An element; `children` is already-serialized markup (empty makes a self-closing tag). */
export function el(name: string, attributes: Attrs, children = ''): string {
  return children === ''
    ? `<${name}${attrs(attributes)}/>`
    : `<${name}${attrs(attributes)}>${children}</${name}>`;
}

/** A `<text>` element holding `content` as escaped character data. */
export function text(content: string, attributes: Attrs): string {
  return `<text${attrs(attributes)}>${escapeXml(content)}</text>`;
}

/**
 * Approximate advance widths in em of a Helvetica/Arial-like sans-serif, by character class. Layout
 * only needs to avoid overlaps, so classes err slightly wide.
 */
function charWidth(c: string): number {
  if (/[ijl.,:;|!'`]/.test(c)) return 0.28;
  if (/[ ftrI()[\]\-/]/.test(c)) return 0.36;
  if (/[mwMW%]/.test(c)) return 0.88;
  if (/[A-Z&@#]/.test(c)) return 0.7;
  if (/[0-9a-z+=<>$?*^_~"]/.test(c)) return 0.57;
  const code = c.codePointAt(0) ?? 0;
  // CJK, Hangul and other full-width scripts take a whole em.
  return code >= 0x2e80 ? 1 : 0.62;
}

/** Estimated width in px of `content` at `fontSize` px (bold adds about 6%). */
export function textWidth(content: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of content) em += charWidth(c);
  return em * fontSize * (bold ? 1.06 : 1);
}

/** `content` itself if it fits in `maxWidth`, else its longest prefix that fits followed by "…". */
export function truncateToWidth(content: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(content, fontSize, bold) <= maxWidth) return content;
  const chars = [...content];
  let kept = chars.length;
  while (kept > 0 && textWidth(`${chars.slice(0, kept).join('').trimEnd()}…`, fontSize, bold) > maxWidth)
    kept--;
  return `${chars.slice(0, kept).join('').trimEnd()}…`;
}

/** Word-wraps `content` into lines of at most `maxWidth`; a word longer than a line is truncated. */
export function wrapToWidth(content: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, fontSize, bold) <= maxWidth) line = candidate;
    else {
      if (line !== '') lines.push(line);
      line = truncateToWidth(word, maxWidth, fontSize, bold);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
