/**
 * Axis parts every figure draws alike: the tick labels, the x title centred under the panel and the
 * y title turned on its side left of the tick labels, with the room they take.
 */
import { fontSizes } from './figure.ts';
import { el, labelText, num, text, textWidth, truncateToWidth } from './svg.ts';

/** Ticks are 5 px long; labels keep this gap from the tick's end. */
const TICK = 5;
const TICK_GAP = 4;

function widest(labels: readonly string[], fontSize: number): number {
  return Math.max(...labels.map((l) => textWidth(l, fontSize)));
}

/** Room left of the panel for the y tick labels and the turned y title, in px (not rounded). */
export function yAxisWidth(tickLabels: readonly string[], fs: number): number {
  const size = fontSizes(fs);
  return Math.round(fs) + size.axisTitle * 1.2 + 8 + widest(tickLabels, size.tick) + 9;
}

/** Baselines of the x tick labels and of the x title under a panel whose bottom is at `bottom`. */
export function xAxisBaselines(bottom: number, fs: number): { tick: number; title: number } {
  const size = fontSizes(fs);
  const tick = bottom + TICK + TICK_GAP + size.tick * 0.75;
  return { tick, title: tick + 10 + size.axisTitle * 0.95 };
}

/** The x tick labels, centred on `xs`, on one baseline. */
export function drawXTicks(
  labels: readonly string[],
  xs: readonly number[],
  baseline: number,
  fs: number,
  className: string,
): string {
  const texts = labels.map((label, i) => text(label, { x: xs[i], y: baseline }));
  return el(
    'g',
    { class: className, 'font-size': fontSizes(fs).tick, 'text-anchor': 'middle' },
    texts.join(''),
  );
}

/** The y tick labels, right-aligned left of the axis at `left`, centred on `ys`. */
export function drawYTicks(
  labels: readonly string[],
  ys: readonly number[],
  left: number,
  fs: number,
  className: string,
): string {
  const size = fontSizes(fs).tick;
  const texts = labels.map((label, i) => text(label, { x: left - 9, y: (ys[i] as number) + size * 0.35 }));
  return el('g', { class: className, 'font-size': size, 'text-anchor': 'end' }, texts.join(''));
}

/** The x-axis title centred under the panel, shortened to its width (full text as a tooltip). */
export function drawXTitle(
  title: string,
  panel: { left: number; right: number },
  baseline: number,
  fs: number,
  className: string,
): string {
  const size = fontSizes(fs).axisTitle;
  return labelText(truncateToWidth(title, panel.right - panel.left, size), title, {
    class: className,
    x: (panel.left + panel.right) / 2,
    y: baseline,
    'font-size': size,
    'text-anchor': 'middle',
  });
}

/** The y-axis title turned to read upwards, left of `tickLabels`, centred on and shortened to the panel. */
export function drawYTitle(
  title: string,
  tickLabels: readonly string[],
  panel: { left: number; top: number; bottom: number },
  fs: number,
  className: string,
): string {
  const size = fontSizes(fs);
  const x = panel.left - 9 - widest(tickLabels, size.tick) - 8 - size.axisTitle * 0.22;
  return labelText(truncateToWidth(title, panel.bottom - panel.top, size.axisTitle), title, {
    class: className,
    transform: `translate(${num(x)} ${num((panel.top + panel.bottom) / 2)}) rotate(-90)`,
    'font-size': size.axisTitle,
    'text-anchor': 'middle',
  });
}
