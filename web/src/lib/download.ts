/**
 * Downloads of the analysis view: file names (study, what, date, extension), the size and text
 * alternative of a server-drawn SVG, and — in the browser only — saving a Blob and rasterizing an SVG
 * to PNG on a canvas. The pure parts are tested without a DOM.
 */

export type DownloadKind = 'svg' | 'png' | 'csv';

export const MEDIA_TYPES: Record<DownloadKind, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  csv: 'text/csv;charset=utf-8',
};

/** Lower-case words joined by "-": safe on every file system, readable in a downloads folder. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** `nct05168163-km-pfs-2026-03-30.svg`: study, what, ISO date, extension. */
export function downloadName(parts: {
  study: string;
  what: string;
  date: string;
  kind: DownloadKind;
}): string {
  const stem = [slug(parts.study), slug(parts.what), parts.date].filter(Boolean).join('-');
  return `${stem || 'download'}.${parts.kind}`;
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function isoDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The SVG's width and height in px from its attributes, else from its viewBox. */
export function svgSize(svg: string): { width: number; height: number } | null {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!open) return null;
  const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(open)?.[1];
  const width = Number.parseFloat(attribute('width') ?? '');
  const height = Number.parseFloat(attribute('height') ?? '');
  if (width > 0 && height > 0) return { width, height };
  const box = attribute('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box?.length === 4 && (box[2] ?? 0) > 0 && (box[3] ?? 0) > 0)
    return { width: box[2] as number, height: box[3] as number };
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The figure's own `<title>` and `<desc>` (the plot module writes both), for the img's alt text. */
export function svgTextAlternative(svg: string): { title: string; desc: string } {
  const first = (tag: string) => {
    const match = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(svg);
    return match ? unescapeXml(match[1] ?? '').trim() : '';
  };
  return { title: first('title'), desc: first('desc') };
}

/** A data: URL of the SVG, for `<img src>` (scripts never run in an image). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Elements that can run script or pull in other documents: never inlined from a figure. */
export const UNSAFE_SVG_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'foreignobject',
  'iframe',
  'object',
  'embed',
  'use',
  'image',
  'animate',
  'set',
]);

/**
 * Whether an attribute of a server-drawn figure may be kept when the SVG is inlined in the page: no
 * event handlers, and links only to fragments of the figure itself. The plot module escapes every
 * text it writes; this is the second line of defence for labels that came from uploaded files.
 */
export function isSafeSvgAttribute(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) return false;
  if (lower === 'href' || lower === 'xlink:href') return value.trim().startsWith('#');
  if (lower === 'style') return !/url\s*\(|expression\s*\(|javascript:/i.test(value);
  return !/^\s*javascript:/i.test(value);
}

/* Browser only below. */

/**
 * The figure as an `<svg>` element of this document, with unsafe elements and attributes removed;
 * null when the text is not an SVG document.
 */
export function parseSvg(svg: string): SVGSVGElement | null {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length) return null;
  for (const element of [...root.querySelectorAll('*')]) {
    if (UNSAFE_SVG_ELEMENTS.has(element.localName.toLowerCase())) element.remove();
  }
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of [...element.attributes]) {
      if (!isSafeSvgAttribute(attribute.name, attribute.value)) element.removeAttribute(attribute.name);
    }
  }
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

/** Saves `blob` under `name` through a temporary object URL and link. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const saveText = (text: string, kind: DownloadKind, name: string): void =>
  saveBlob(new Blob([text], { type: MEDIA_TYPES[kind] }), name);

/** Draws the SVG on a white canvas at `scale` × its size and returns it as a PNG. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const size = svgSize(svg) ?? { width: 720, height: 480 };
  const image = new Image();
  image.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the figure could not be drawn as an image'));
  });
  image.src = svgDataUrl(svg);
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.width * scale);
  canvas.height = Math.round(size.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
