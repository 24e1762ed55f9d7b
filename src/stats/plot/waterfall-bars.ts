/**
 * The waterfall plot's panels and what is drawn in them: one bar per subject from the zero line, a ▲
 * above a clipped bar, the best-response letters past the bar's end, and an arm strip over each facet.
 */
import { fontSizes } from './figure.ts';
import type { LegendEntry } from './header.ts';
import type { CurveStyle } from './palette.ts';
import { readableOnWhite } from './palette.ts';
import { formatPercent } from './percent-axis.ts';
import { el, escapeXml, INK, labelText, markerPath, num, text, textWidth, truncateToWidth } from './svg.ts';
import type { CheckedBar } from './waterfall-input.ts';

/** One panel of the figure: its bars (sorted) and its horizontal extent. */
export interface Panel {
  arm?: number;
  bars: CheckedBar[];
  left: number;
  right: number;
}

/** Side-by-side panels sharing the width so that every bar is equally wide. */
export function layoutPanels(
  bars: readonly CheckedBar[],
  arms: readonly string[],
  facet: boolean,
  left: number,
  right: number,
  gap: number,
): Panel[] {
  if (!facet) return [{ bars: [...bars], left, right }];
  const groups = arms
    .map((_, a) => ({ arm: a, bars: bars.filter((b) => b.armIndex === a) }))
    .filter((g) => g.bars.length > 0);
  const perBar = (right - left - gap * (groups.length - 1)) / bars.length;
  let x = left;
  return groups.map((g) => {
    const panel = { ...g, left: x, right: x + perBar * g.bars.length };
    x = panel.right + gap;
    return panel;
  });
}

/** How the response letters are written: their size, whether turned, and the length they take. */
export interface LetterStyle {
  size: number;
  rotated: boolean;
  extent: number;
}

/** Response letters: horizontal when they fit the bar's band, else turned; none below 5 px. */
export function letterStyle(band: number, tick: number): LetterStyle | null {
  const flat = Math.min(tick * 0.85, (band * 0.9) / (textWidth('CR', 1) + 0.1));
  if (flat >= 8) return { size: flat, rotated: false, extent: flat };
  const turned = Math.min(tick * 0.85, band * 1.1);
  if (turned < 5) return null;
  return { size: turned, rotated: true, extent: textWidth('CR', turned) };
}

/**
 * The legend: a square of each arm's colour (unless the facets name the arms), then the ▲ with the clip
 * value when a bar was clipped (`clippedAt`).
 */
export function waterfallLegend(
  arms: readonly string[],
  styles: readonly CurveStyle[],
  show: { arms: boolean; clippedAt: number | undefined },
  fs: number,
): LegendEntry[] {
  const size = fontSizes(fs).legend;
  const h = size * 0.8;
  const entries: LegendEntry[] = show.arms
    ? arms.map((label, a) => ({
        label,
        sampleWidth: size,
        draw: (x, mid) => el('rect', { x, y: mid - h / 2, width: h, height: h, fill: styles[a]?.stroke }),
      }))
    : [];
  if (show.clippedAt !== undefined)
    entries.push({
      label: `Above ${formatPercent(show.clippedAt)} (drawn at it)`,
      sampleWidth: size,
      draw: (x, mid) => el('path', { d: markerPath('triangle-up', x + h / 2, mid, 4), fill: INK }),
    });
  return entries;
}

/** Each facet's arm and n, bold in the arm's colour, centred over its panel. */
export function drawStrips(
  panels: readonly Panel[],
  arms: readonly string[],
  styles: readonly CurveStyle[],
  baseline: number,
  fs: number,
  prefix: string,
): string[] {
  const size = fontSizes(fs).legend;
  return panels.map((p) => {
    const full = `${arms[p.arm as number] as string} (n = ${p.bars.length})`;
    return labelText(truncateToWidth(full, p.right - p.left, size, true), full, {
      class: `${prefix}-strip`,
      x: (p.left + p.right) / 2,
      y: baseline,
      'font-size': size,
      'font-weight': 'bold',
      'text-anchor': 'middle',
      fill: readableOnWhite(styles[p.arm as number]?.stroke ?? INK),
    });
  });
}

/**
 * The bars of every panel (`bars`, one `<g>`), then what goes past their ends, each empty when there is
 * none: the ▲ of the clipped bars (`clipMarks`) and the response letters (`letters`).
 */
export function drawBars(
  panels: readonly Panel[],
  y: (value: number) => number,
  look: { styles: readonly CurveStyle[]; letters: LetterStyle | null; marker: number },
  prefix: string,
): { bars: string; clipMarks: string[]; letters: string[] } {
  const { styles, letters, marker } = look;
  const drawnBars: string[] = [];
  const marks: string[] = [];
  const letterTexts: string[] = [];
  const y0 = y(0);
  for (const p of panels) {
    const step = (p.right - p.left) / p.bars.length;
    const barWidth = step * (step >= 4 ? 0.78 : 0.9);
    p.bars.forEach((bar, i) => {
      const cx = p.left + step * (i + 0.5);
      const y1 = y(bar.drawn);
      const h = Math.abs(y1 - y0);
      const tip = `${bar.subject} (${bar.arm}): ${formatPercent(bar.bestPercentChange)}${bar.bestResponse ? `, best response ${bar.bestResponse}` : ''}`;
      drawnBars.push(
        el(
          'rect',
          {
            class: `${prefix}-bar`,
            'data-subject': bar.subject,
            'data-arm': bar.armIndex,
            'data-value': bar.bestPercentChange,
            x: cx - barWidth / 2,
            y: h < 1 ? y0 - 0.5 : Math.min(y0, y1),
            width: barWidth,
            height: Math.max(h, 1),
            fill: styles[bar.armIndex]?.stroke,
          },
          el('title', {}, escapeXml(tip)),
        ),
      );
      let end = bar.drawn >= 0 ? Math.min(y0 - 0.5, y1) : y1;
      if (bar.clipped) {
        marks.push(markerPath('triangle-up', cx, end - 2 - marker, marker));
        end -= 2 * marker + 3;
      }
      if (letters && bar.bestResponse) {
        const up = bar.drawn >= 0;
        const attributes = letters.rotated
          ? {
              transform: `translate(${num(cx + letters.size * 0.35)} ${num(up ? end - 3 : end + 3)}) rotate(-90)`,
              'text-anchor': up ? 'start' : 'end',
            }
          : { x: cx, y: up ? end - 3 : end + 3 + letters.size * 0.75, 'text-anchor': 'middle' };
        letterTexts.push(text(bar.bestResponse, { 'data-subject': bar.subject, ...attributes }));
      }
    });
  }
  return {
    bars: el('g', { class: `${prefix}-bars` }, drawnBars.join('')),
    clipMarks:
      marks.length > 0 ? [el('path', { class: `${prefix}-clipped`, d: marks.join(''), fill: INK })] : [],
    letters:
      letterTexts.length > 0
        ? [
            el(
              'g',
              { class: `${prefix}-responses`, 'font-size': num(letters?.size ?? 0) },
              letterTexts.join(''),
            ),
          ]
        : [],
  };
}
