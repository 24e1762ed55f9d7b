/**
 * The header above the panel: the title wrapped to the figure's width, then the legend flowed into
 * rows. Every figure lays it out alike; the response plots draw it alike too.
 */
import { type Frame, fontSizes } from './figure.ts';
import { el, labelText, text, textWidth, truncateToWidth, wrapToWidth } from './svg.ts';

/** Legend line sample length and the gap after a sample, px. */
export const SAMPLE = 28;
const SAMPLE_GAP = 7;

/** One line of a wrapped figure title. */
export interface TitleLine {
  text: string;
  baseline: number;
}

/** The figure title wrapped to the width between the paddings, from `top`; `bottom` is the y below it. */
export function layoutTitle(
  title: string | undefined,
  width: number,
  pad: number,
  fs: number,
  top: number,
): { lines: TitleLine[]; bottom: number } {
  const size = fontSizes(fs).title;
  let y = top;
  const lines = (title && title.trim() !== '' ? wrapToWidth(title, width - 2 * pad, size, true) : []).map(
    (text) => {
      y += size * 1.25;
      return { text, baseline: y - size * 0.25 };
    },
  );
  return { lines, bottom: lines.length > 0 ? y + fs * 0.4 : y };
}

/** The title lines in bold from the left padding. */
export function drawTitle(lines: readonly TitleLine[], pad: number, fs: number, className: string): string[] {
  return lines.map((line) =>
    text(line.text, {
      class: className,
      x: pad,
      y: line.baseline,
      'font-size': fontSizes(fs).title,
      'font-weight': 'bold',
    }),
  );
}

/** Where a legend entry goes: its sample starts at `x`, its (possibly shortened) label follows. */
export interface LegendSlot {
  index: number;
  x: number;
  baseline: number;
  /** Vertical middle of the row, where samples are centred. */
  mid: number;
  label: string;
}

/**
 * Legend entries flowed into rows between `left` and `right` below `top`, each a sample `sampleWidth`
 * px wide then its label; `bottom` is the y below the last row.
 */
export function flowLegend(
  entries: readonly { label: string; sampleWidth: number }[],
  left: number,
  right: number,
  top: number,
  fontSize: number,
): { slots: LegendSlot[]; bottom: number } {
  const row = fontSize * 1.6;
  const slots: LegendSlot[] = [];
  let x = left;
  let y = top + row;
  entries.forEach((entry, index) => {
    const label = truncateToWidth(entry.label, right - left - entry.sampleWidth - SAMPLE_GAP, fontSize);
    const itemWidth = entry.sampleWidth + SAMPLE_GAP + textWidth(label, fontSize);
    if (x > left && x + itemWidth > right) {
      x = left;
      y += row;
    }
    const mid = y - row / 2;
    slots.push({ index, x, baseline: mid + fontSize * 0.35, mid, label });
    x += itemWidth + 22;
  });
  return { slots, bottom: entries.length > 0 ? y : top };
}

/** A legend entry: its full label, and its sample, `sampleWidth` px wide, drawn from `x` centred on `mid`. */
export interface LegendEntry {
  label: string;
  sampleWidth: number;
  draw: (x: number, mid: number) => string;
}

/** A legend as a `<g>`: each slot's sample and its label, the full text as a tooltip when shortened. */
export function drawLegend(
  slots: readonly LegendSlot[],
  entries: readonly LegendEntry[],
  fontSize: number,
  className: string,
): string {
  const items = slots.map((slot) => {
    const entry = entries[slot.index] as LegendEntry;
    const label = labelText(slot.label, entry.label, {
      x: slot.x + entry.sampleWidth + SAMPLE_GAP,
      y: slot.baseline,
    });
    return el(
      'g',
      { class: `${className}-item`, 'data-entry': slot.index },
      entry.draw(slot.x, slot.mid) + label,
    );
  });
  return el('g', { class: className, 'font-size': fontSize }, items.join(''));
}

/**
 * The title, then the legend between `left` and `right` (left out when there are no entries), with
 * classes `<prefix>-title` and `<prefix>-legend`; `bottom` is the y below the legend.
 */
export function drawHeader(
  title: string | undefined,
  entries: readonly LegendEntry[],
  frame: Frame,
  span: { left: number; right: number },
  prefix: string,
): { body: string[]; bottom: number } {
  const { width, fs, size, pad } = frame;
  const titleLayout = layoutTitle(title, width, pad, fs, pad);
  const legend = flowLegend(entries, span.left, span.right, titleLayout.bottom, size.legend);
  const body = drawTitle(titleLayout.lines, pad, fs, `${prefix}-title`);
  if (entries.length > 0) body.push(drawLegend(legend.slots, entries, size.legend, `${prefix}-legend`));
  return { body, bottom: legend.bottom };
}
