/**
 * What every figure settles before placing anything: its width, font sizes and padding from the
 * options, and its accessible name.
 */
import type { PlotOptions } from './check.ts';

/** Font sizes of the parts, from the base size. */
export function fontSizes(fs: number) {
  return {
    title: fs * 1.25,
    axisTitle: fs,
    tick: fs * 0.9,
    legend: fs * 0.95,
    note: fs * 0.92,
    table: fs * 0.9,
  };
}

/** The figure's width, base font size `fs`, the parts' font sizes and the padding at its edges. */
export interface Frame {
  width: number;
  fs: number;
  size: ReturnType<typeof fontSizes>;
  pad: number;
}

/** The frame from the options: 720 px wide and a 13 px font unless they say otherwise. */
export function figureFrame(options: Pick<PlotOptions, 'width' | 'fontSize'>): Frame {
  const width = options.width ?? 720;
  const fs = options.fontSize ?? 13;
  return { width, fs, size: fontSizes(fs), pad: Math.round(fs) };
}

/** The accessible name (`<title>`): the figure's own title, or `fallback` when it has none or only spaces. */
export function figureTitle(title: string | undefined, fallback: string): string {
  return title && title.trim() !== '' ? title : fallback;
}
