/** Colours and line styles of the curves. */

/**
 * Okabe & Ito (2008), "Color universal design": distinguishable with the common colour-vision
 * deficiencies. Yellow (#F0E442) is left out: it vanishes on white. Black comes last.
 */
export const OKABE_ITO = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;

/**
 * Dash patterns (stroke-dasharray at a 2 px line) so curves stay apart in greyscale print; the first
 * curve is solid. Six patterns against seven colours: with many curves the pairs still differ.
 */
export const DASHES = ['', '7 4', '2 2.5', '10 3 2 3', '4 3', '12 3 2 3 2 3'] as const;

export interface CurveStyle {
  /** Line, band and censor-mark colour. */
  stroke: string;
  /** stroke-dasharray, or undefined for solid. */
  dash: string | undefined;
  /** Colour for text in this group's colour, darkened where needed to read on white. */
  textFill: string;
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * `colour` darkened in steps of 10% until it has a contrast ratio of at least 4.5:1 on white (WCAG 2
 * §1.4.3 for normal text). Colours not written as #rrggbb are returned unchanged.
 */
export function readableOnWhite(colour: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) return colour;
  let hex = colour.toUpperCase();
  for (let k = 0.9; 1.05 / (luminance(hex) + 0.05) < 4.5 && k > 0; k -= 0.1) {
    const scaled = [1, 3, 5].map((i) => Math.round(Number.parseInt(colour.slice(i, i + 2), 16) * k));
    hex = `#${scaled.map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  }
  return hex;
}

export function curveStyle(index: number, palette: readonly string[] = OKABE_ITO): CurveStyle {
  const stroke = palette[index % palette.length] as string;
  const dash = DASHES[index % DASHES.length] as string;
  return { stroke, dash: dash === '' ? undefined : dash, textFill: readableOnWhite(stroke) };
}
