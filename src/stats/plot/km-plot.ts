/**
 * The Kaplan–Meier figure as a standalone SVG 1.1 string: step curves with censor marks, optional
 * confidence bands and median lines, legend, hazard-ratio and log-rank annotation, and the number-at-risk
 * table aligned under the time axis. Pure: no DOM, no I/O, the same input gives the same bytes.
 */
import { drawXTicks, drawXTitle, drawYTicks, drawYTitle } from './axes.ts';
import { checkKmPlotInput, type StepCurve } from './check.ts';
import { bandPath, censorPath, curvePath, medianPath } from './curves.ts';
import { describePlot, describeTitle } from './describe.ts';
import { fontSizes } from './figure.ts';
import { drawTitle, SAMPLE } from './header.ts';
import { CENSOR_HALF, computeLayout, type Layout, timeAxis, Y_BREAKS } from './layout.ts';
import { type CurveStyle, curveStyle } from './palette.ts';
import { el, GRID, labelText, MUTED, num, svgDocument, text } from './svg.ts';
import type { KmPlotInput, KmPlotOptions } from './types.ts';

export { FONT_FAMILY } from './svg.ts';

function drawHeader(layout: Layout, curves: readonly StepCurve[], styles: readonly CurveStyle[]): string[] {
  const size = fontSizes(layout.fs);
  const out = drawTitle(layout.titleLines, layout.pad, layout.fs, 'km-title');
  const items = layout.legend.map((item) => {
    const style = styles[item.index] as CurveStyle;
    const mid = item.baseline - size.legend * 0.33;
    const sample = el('path', {
      d: `M${num(item.x)} ${num(mid)}h${SAMPLE}`,
      stroke: style.stroke,
      'stroke-width': 2,
      'stroke-dasharray': style.dash,
    });
    const label = labelText(item.label, (curves[item.index] as StepCurve).label, {
      x: item.x + SAMPLE + 7,
      y: item.baseline,
    });
    return el('g', { class: 'km-legend-item', 'data-curve': item.index }, sample + label);
  });
  out.push(el('g', { class: 'km-legend', 'font-size': size.legend }, items.join('')));
  return out;
}

/** Grid and axis lines (`lines`, unfilled) and the tick labels and axis titles (`labels`). */
function drawAxes(
  layout: Layout,
  plot: KmPlotInput,
  breaks: readonly number[],
): { lines: string[]; labels: string[] } {
  const { panel, scales } = layout;
  const yBreaks = Y_BREAKS.map((b) => num(scales.y(b)));
  const xBreaks = breaks.map((b) => num(scales.x(b)));
  const grid =
    yBreaks.map((y) => `M${num(panel.left)} ${y}H${num(panel.right)}`).join('') +
    xBreaks.map((x) => `M${x} ${num(panel.top)}V${num(panel.bottom)}`).join('');
  const ticks =
    yBreaks.map((y) => `M${num(panel.left)} ${y}h-5`).join('') +
    xBreaks.map((x) => `M${x} ${num(panel.bottom)}v5`).join('');
  const lines = [
    el('path', { class: 'km-grid', d: grid, stroke: GRID, 'stroke-width': 1 }),
    el('path', {
      class: 'km-axis',
      d: `M${num(panel.left)} ${num(panel.top)}V${num(panel.bottom)}H${num(panel.right)}${ticks}`,
      stroke: '#333333',
      'stroke-width': 1,
    }),
  ];
  const labels = [
    drawXTicks(
      layout.xTickLabels,
      breaks.map((b) => scales.x(b)),
      layout.tickBaseline,
      layout.fs,
      'km-x-ticks',
    ),
    drawYTicks(
      layout.yTickLabels,
      Y_BREAKS.map((b) => scales.y(b)),
      panel.left,
      layout.fs,
      'km-y-ticks',
    ),
    drawXTitle(plot.xLabel, panel, layout.xTitleBaseline, layout.fs, 'km-x-title'),
    drawYTitle(plot.yLabel ?? 'Survival probability', layout.yTickLabels, panel, layout.fs, 'km-y-title'),
  ];
  return { lines, labels };
}

function drawCurves(
  layout: Layout,
  plot: KmPlotInput,
  curves: readonly StepCurve[],
  styles: readonly CurveStyle[],
): string[] {
  const { scales } = layout;
  const out: string[] = [];
  if (plot.showConfidenceBands) {
    curves.forEach((curve, i) => {
      const d = bandPath(curve, scales);
      const fill = (styles[i] as CurveStyle).stroke;
      if (d !== '') out.push(el('path', { class: 'km-ci', 'data-curve': i, d, fill, 'fill-opacity': 0.15 }));
    });
  }
  if (plot.showMedianLines) {
    const d = medianPath(curves, scales);
    const attributes = { class: 'km-median', d, stroke: MUTED, 'stroke-width': 1, 'stroke-dasharray': '4 3' };
    if (d !== '') out.push(el('path', attributes));
  }
  curves.forEach((curve, i) => {
    const { stroke, dash } = styles[i] as CurveStyle;
    const d = curvePath(curve, scales);
    out.push(
      el('path', {
        class: 'km-curve',
        'data-curve': i,
        d,
        stroke,
        'stroke-width': 2,
        'stroke-dasharray': dash,
      }),
    );
  });
  if (plot.showCensorMarks !== false) {
    curves.forEach((curve, i) => {
      const d = censorPath(curve, scales, CENSOR_HALF);
      const stroke = (styles[i] as CurveStyle).stroke;
      if (d !== '')
        out.push(el('path', { class: 'km-censor', 'data-curve': i, d, stroke, 'stroke-width': 1.3 }));
    });
  }
  return out;
}

function drawAnnotation(layout: Layout): string[] {
  const { lines, baselines, box } = layout.annotation;
  if (lines.length === 0) return [];
  const x = box ? box.x + 8 : layout.panel.left;
  const rect = box
    ? el('rect', {
        x: box.x,
        y: box.y,
        width: box.w,
        height: box.h,
        rx: 3,
        fill: '#FFFFFF',
        'fill-opacity': 0.9,
        stroke: '#CCCCCC',
        'stroke-width': 0.8,
      })
    : '';
  const texts = lines.map((line, i) => text(line, { x, y: baselines[i] }));
  return [el('g', { class: 'km-annotation', 'font-size': fontSizes(layout.fs).note }, rect + texts.join(''))];
}

function drawRiskTable(
  layout: Layout,
  plot: KmPlotInput,
  curves: readonly StepCurve[],
  styles: readonly CurveStyle[],
): string[] {
  const { table, scales } = layout;
  const atRisk = plot.atRisk;
  if (!table || !atRisk) return [];
  const size = fontSizes(layout.fs);
  const rows = curves.map((curve, c) => {
    const baseline = table.rowBaselines[c] as number;
    const label = labelText(table.labels[c] as string, curve.label, {
      x: layout.pad,
      y: baseline,
      fill: (styles[c] as CurveStyle).textFill,
      'font-weight': 'bold',
    });
    const cells = atRisk.times.flatMap((t, j) =>
      t > scales.xEnd
        ? []
        : [
            text(String(atRisk.counts[c]?.[j]), {
              class: 'km-risk-cell',
              x: scales.x(t),
              y: baseline,
              'text-anchor': 'middle',
            }),
          ],
    );
    return el('g', { class: 'km-risk-row', 'data-curve': c }, label + cells.join(''));
  });
  const title = text('Number at risk', { x: layout.pad, y: table.titleBaseline, 'font-weight': 'bold' });
  return [el('g', { class: 'km-risk-table', 'font-size': size.table }, title + rows.join(''))];
}

/**
 * Draws the Kaplan–Meier figure. Throws an `InputError` naming the field (e.g. `curves[1].surv`,
 * row 3) when the input is not a valid set of step curves.
 */
export function renderKaplanMeierSvg(plot: KmPlotInput, options: KmPlotOptions = {}): string {
  const curves = checkKmPlotInput(plot, options);
  const axis = timeAxis(plot, curves);
  const layout = computeLayout(plot, curves, axis, options);
  const styles = curves.map((_, i) => curveStyle(i, options.palette));
  const axes = drawAxes(layout, plot, axis.breaks);
  return svgDocument({
    id: options.idPrefix ?? 'km',
    width: layout.width,
    height: layout.height,
    fontSize: layout.fs,
    title: describeTitle(plot),
    desc: describePlot(plot, curves),
    body: [
      ...drawHeader(layout, curves, styles),
      el('g', { fill: 'none' }, [...axes.lines, ...drawCurves(layout, plot, curves, styles)].join('')),
      ...axes.labels,
      ...drawAnnotation(layout),
      ...drawRiskTable(layout, plot, curves, styles),
    ],
  });
}
