/**
 * Small SVG writing helpers: XML escaping, compact numbers, elements as strings, and a text-width
 * estimate for layout (there is no DOM to measure text in, and the output must not depend on one).
 */

/** System sans-serif fonts first, then the common metric-compatible fallbacks. */
export const FONT_FAMILY =
  'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif';
/** Text and axis ink, secondary text and reference lines, gridlines. */
export const INK = '#222222';
export const MUTED = '#555555';
export const GRID = '#E6E6E6';

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

/** A text, with the full string as a tooltip `<title>` when the shown one was shortened. */
export function labelText(shown: string, full: string, attributes: Attrs): string {
  if (shown === full) return text(shown, attributes);
  return `<g>${el('title', {}, escapeXml(full))}${text(shown, attributes)}</g>`;
}

export interface SvgDocument {
  /** Prefix of the title and desc ids. */
  id: string;
  width: number;
  height: number;
  fontSize: number;
  /** Accessible name (`<title>`) and description (`<desc>`), plain text. */
  title: string;
  desc: string;
  /** Serialized elements drawn in order on a white background. */
  body: readonly string[];
}

/** A standalone SVG 1.1 document with `role="img"`, its title and desc, and the sans-serif font stack. */
export function svgDocument(doc: SvgDocument): string {
  const { id, width, height } = doc;
  const open = `<svg${[
    ` xmlns="http://www.w3.org/2000/svg" version="1.1"`,
    ` width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"`,
    ` font-family="${escapeXml(FONT_FAMILY)}" font-size="${num(doc.fontSize)}" fill="${INK}"`,
  ].join('')}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    open,
    el('title', { id: `${id}-title` }, escapeXml(doc.title)),
    el('desc', { id: `${id}-desc` }, escapeXml(doc.desc)),
    el('rect', { width, height, fill: '#FFFFFF' }),
    ...doc.body,
    '</svg>',
    '',
  ].join('\n');
}

/** Marker shapes, kept apart by outline so they read in greyscale too. */
export type MarkerShape =
  | 'circle'
  | 'square'
  | 'diamond'
  | 'triangle-up'
  | 'triangle-down'
  | 'triangle-right'
  | 'cross'
  | 'star';

/**
 * Path data of a marker centred on (x, y) with half-size `r` (a circle's radius; other shapes are
 * scaled to look about as large). A cross is open (stroke it); the others are closed.
 */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const p = (dx: number, dy: number) => `${num(x + dx)} ${num(y + dy)}`;
  switch (shape) {
    case 'circle':
      return `M${p(-r, 0)}a${num(r)} ${num(r)} 0 1 0 ${num(2 * r)} 0a${num(r)} ${num(r)} 0 1 0 ${num(-2 * r)} 0Z`;
    case 'square': {
      const h = r * 0.9;
      return `M${p(-h, -h)}H${num(x + h)}V${num(y + h)}H${num(x - h)}Z`;
    }
    case 'diamond': {
      const h = r * 1.25;
      return `M${p(0, -h)}L${p(h, 0)}L${p(0, h)}L${p(-h, 0)}Z`;
    }
    case 'triangle-up': {
      const h = r * 1.2;
      return `M${p(0, -h)}L${p(h, h * 0.8)}L${p(-h, h * 0.8)}Z`;
    }
    case 'triangle-down': {
      const h = r * 1.2;
      return `M${p(0, h)}L${p(h, -h * 0.8)}L${p(-h, -h * 0.8)}Z`;
    }
    case 'triangle-right': {
      const h = r * 1.2;
      return `M${p(h, 0)}L${p(-h * 0.8, h)}L${p(-h * 0.8, -h)}Z`;
    }
    case 'cross':
      return `M${p(-r, -r)}L${p(r, r)}M${p(-r, r)}L${p(r, -r)}`;
    case 'star': {
      const points: string[] = [];
      for (let k = 0; k < 10; k++) {
        const radius = k % 2 === 0 ? r * 1.35 : r * 0.58;
        const angle = -Math.PI / 2 + (k * Math.PI) / 5;
        points.push(p(radius * Math.cos(angle), radius * Math.sin(angle)));
      }
      return `M${points.join('L')}Z`;
    }
  }
}
