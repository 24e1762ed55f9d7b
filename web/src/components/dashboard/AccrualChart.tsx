/**
 * Cumulative randomizations per period against the enrollment target, all arms and each arm, as an SVG
 * chart with its own title and description and a legend.
 */
import { useId } from 'react';
import type { DashboardData } from '../../contracts.ts';
import { accrualChart } from '../../lib/accrual-chart.ts';
import { formatPercent } from '../../lib/analysis-format.ts';

/** Okabe–Ito, as the server's figures: arms keep their colours across pages. */
const ARM_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'];
const ARM_DASHES = ['6 3', '2 3', '8 3 2 3', '4 2'];

export function AccrualChart({ data }: { data: DashboardData }) {
  const id = useId();
  const arms = data.arms.map((a) => a.id);
  const chart = accrualChart(data.accrual, data.target, { arms });
  const { plot } = chart;
  const label = (key: string) =>
    key === 'total' ? 'All arms' : (data.arms.find((a) => a.id === key)?.label ?? key);
  const last = data.accrual.at(-1);
  const description = last
    ? `Cumulative randomizations per ${data.period} from ${data.accrual[0]?.start} to ${last.period}: ${
        last.cumulative
      } of the target ${data.target} (${formatPercent(last.cumulative / data.target)}). ${data.arms
        .map((a) => `${a.label}: ${last.cumulativeByArm[a.id] ?? 0}`)
        .join('; ')}.`
    : `No randomizations yet; the target is ${data.target}.`;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="accrual-chart"
      >
        <title id={`${id}-title`}>Cumulative randomizations against the target of {data.target}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g className="grid">
          {chart.yTicks.map((t) => (
            <g key={t.label}>
              <line x1={plot.left} x2={plot.right} y1={t.at} y2={t.at} />
              <text x={plot.left - 6} y={t.at + 4} textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
        </g>
        <line className="axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        {chart.xTicks.map((t) => (
          <text key={t.label} x={t.at} y={plot.bottom + 18} textAnchor="middle" className="tick">
            {t.label}
          </text>
        ))}
        <text
          x={(plot.left + plot.right) / 2}
          y={chart.height - 6}
          textAnchor="middle"
          className="axis-title"
        >
          {data.period === 'week' ? 'ISO week' : 'Month'} (cumulative at the end of each)
        </text>
        <text
          transform={`translate(14 ${(plot.top + plot.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="axis-title"
        >
          Subjects randomized
        </text>
        {data.accrual.length === 0 && (
          <text x={(plot.left + plot.right) / 2} y={(plot.top + plot.bottom) / 2 + 24} textAnchor="middle">
            No randomizations yet
          </text>
        )}
        <line className="target" x1={plot.left} x2={plot.right} y1={chart.target.y} y2={chart.target.y} />
        <text x={plot.right - 4} y={chart.target.y - 6} textAnchor="end" className="target-label">
          Target {data.target}
        </text>
        {chart.lines.map((line, i) => (
          <g key={line.key}>
            <path
              d={line.d}
              fill="none"
              stroke={i === 0 ? '#1b1f24' : ARM_COLOURS[(i - 1) % ARM_COLOURS.length]}
              strokeWidth={i === 0 ? 2.5 : 1.75}
              strokeDasharray={i === 0 ? undefined : ARM_DASHES[(i - 1) % ARM_DASHES.length]}
            />
            {line.points.map((p) => (
              <circle
                key={p.period}
                cx={p.x}
                cy={p.y}
                r={i === 0 ? 3 : 2}
                fill={i === 0 ? '#1b1f24' : ARM_COLOURS[(i - 1) % ARM_COLOURS.length]}
              >
                <title>
                  {label(line.key)}, {p.period}: {p.value}
                </title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Legend">
          {chart.lines.map((line, i) => (
            <li key={line.key}>
              <svg width="28" height="10" aria-hidden="true">
                <line
                  x1="0"
                  x2="28"
                  y1="5"
                  y2="5"
                  stroke={i === 0 ? '#1b1f24' : ARM_COLOURS[(i - 1) % ARM_COLOURS.length]}
                  strokeWidth={i === 0 ? 2.5 : 1.75}
                  strokeDasharray={i === 0 ? undefined : ARM_DASHES[(i - 1) % ARM_DASHES.length]}
                />
              </svg>
              {label(line.key)}
            </li>
          ))}
          <li>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" x2="28" y1="5" y2="5" className="target" />
            </svg>
            Enrollment target ({data.target})
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
