/**
 * The trial dashboard for the caller's sites: accrual against the enrollment target (chart with a
 * table alternative), by arm and by site, the screening funnel, the CONSORT enrolment diagram and
 * screen failures by criterion. Data: GET /api/dashboard.
 */
import { useEffect, useId, useState } from 'react';
import { ApiError, get } from '../api.ts';
import { accrualChart } from '../lib/accrual-chart.ts';
import { formatPercent, plural } from '../lib/analysis-format.ts';
import { type BoxLine, type ConsortBox, consortDiagram, funnelStages } from '../lib/consort.ts';
import type { Dashboard as DashboardData } from '../lib/report-types.ts';

type Period = DashboardData['period'];

/** Okabe–Ito, as the server's figures: arms keep their colours across pages. */
const ARM_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'];
const ARM_DASHES = ['6 3', '2 3', '8 3 2 3', '4 2'];

function AccrualChart({ data }: { data: DashboardData }) {
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

function AccrualTable({ data }: { data: DashboardData }) {
  return (
    <details>
      <summary>Accrual by {data.period} as a table</summary>
      <table>
        <caption className="visually-hidden">Randomizations per {data.period}</caption>
        <thead>
          <tr>
            <th scope="col">{data.period === 'week' ? 'ISO week' : 'Month'}</th>
            <th scope="col">Starts</th>
            <th scope="col" className="num">
              Randomized
            </th>
            <th scope="col" className="num">
              Cumulative
            </th>
            {data.arms.map((a) => (
              <th scope="col" className="num" key={a.id}>
                Cumulative {a.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.accrual.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td>{p.start}</td>
              <td className="num">{p.randomized}</td>
              <td className="num">{p.cumulative}</td>
              {data.arms.map((a) => (
                <td className="num" key={a.id}>
                  {p.cumulativeByArm[a.id] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A CONSORT box; the criteria under "not meeting eligibility criteria" are a list nested in its line. */
function Box({ box, className = '' }: { box: ConsortBox; className?: string }) {
  const top = box.lines.filter((l) => !l.level);
  const detailsOf = (line: BoxLine) => {
    const start = box.lines.indexOf(line) + 1;
    const next = box.lines.findIndex((l, i) => i >= start && !l.level);
    return box.lines.slice(start, next < 0 ? undefined : next);
  };
  return (
    <div className={`consort-box ${className}`}>
      <p className="consort-title">
        {box.title} <strong>(n = {box.count})</strong>
      </p>
      {top.length > 0 && (
        <ul>
          {top.map((line) => {
            const details = detailsOf(line);
            return (
              <li key={line.label}>
                {line.label} (n = {line.count})
                {details.length > 0 && (
                  <ul>
                    {details.map((d) => (
                      <li key={d.label}>
                        {d.label} (n = {d.count})
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function Consort({ data }: { data: DashboardData }) {
  const titles = new Map(data.screenFailures.byCriterion.map((c) => [c.criterionId, c.title ?? '']));
  const diagram = consortDiagram(data.consort, data.arms, (id) => titles.get(id) ?? '');
  return (
    <figure className="consort" aria-labelledby="consort-caption">
      <figcaption id="consort-caption" className="muted">
        CONSORT 2010 enrolment and allocation. Every subject is in exactly one box under “Assessed”:{' '}
        <span className={diagram.check.ok ? 'status-met' : 'error'}>{diagram.check.message}</span>.
        {Object.keys(data.consort.excluded.byCriterion).length > 0 &&
          ' A subject may fail several criteria, so the criteria can add up to more than those excluded.'}
      </figcaption>
      <div className="consort-flow">
        <Box box={diagram.assessed} className="consort-assessed" />
        <div className="consort-spine" aria-hidden="true" />
        <div className="consort-side">
          <Box box={diagram.excluded} />
          <Box box={diagram.pending} />
        </div>
        <Box box={diagram.randomized} className="consort-randomized" />
        <div className="consort-arms">
          {diagram.allocated.map((box) => (
            <Box key={box.title} box={box} />
          ))}
        </div>
      </div>
    </figure>
  );
}

function Funnel({ data }: { data: DashboardData }) {
  const stages = funnelStages(data.funnel);
  return (
    <>
      <div className="table-scroll">
        <table className="funnel">
          <caption className="visually-hidden">
            Screening funnel: subjects by the furthest stage reached
          </caption>
          <thead>
            <tr>
              <th scope="col">Stage reached</th>
              <th scope="col" className="num">
                Subjects
              </th>
              <th scope="col" className="num">
                Of registered
              </th>
              <th scope="col" className="num">
                Of the stage before
              </th>
              <th scope="col">
                <span className="visually-hidden">Bar</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stages.map((s) => (
              <tr key={s.key}>
                <th scope="row">{s.label}</th>
                <td className="num">{s.count}</td>
                <td className="num">
                  {formatPercent(s.percentOfRegistered === null ? null : s.percentOfRegistered / 100, 0)}
                </td>
                <td className="num">
                  {formatPercent(s.percentOfPrevious === null ? null : s.percentOfPrevious / 100, 0)}
                </td>
                <td className="funnel-bar-cell" aria-hidden="true">
                  {s.count > 0 && (
                    <span className="funnel-bar" style={{ width: `${s.percentOfRegistered ?? 0}%` }} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        Screen failed: <strong>{plural(data.funnel.screenFailed, 'subject')}</strong> · Withdrawn before
        randomization: <strong>{plural(data.funnel.withdrawn, 'subject')}</strong>
      </p>
    </>
  );
}

export default function Dashboard() {
  const [period, setPeriod] = useState<Period>('month');
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    get<DashboardData>(`/api/dashboard?period=${period}`)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof ApiError ? e.message : 'The dashboard could not be loaded.');
      });
    return () => {
      live = false;
    };
  }, [period]);

  if (error && !data)
    return (
      <>
        <h1>Dashboard</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </>
    );
  if (!data)
    return (
      <>
        <h1>Dashboard</h1>
        <p role="status">Loading…</p>
      </>
    );

  const siteName = new Map(data.bySite.map((s) => [s.siteId, s.name]));
  const scope =
    data.scope === 'all'
      ? 'all sites'
      : data.scope.length === 0
        ? 'no site (you hold no site role)'
        : data.scope.map((id) => siteName.get(id) ?? id).join(', ');
  const pending = data.consort.inScreening + data.consort.eligibleNotRandomized;

  return (
    <div className="dashboard">
      <h1>Dashboard</h1>
      <p className="muted">
        As of {data.asOf} ({data.timeZone}) · {scope}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="visually-hidden">
          Summary
        </h2>
        <div className="stat-grid">
          <div className="stat">
            <span className="stat-value">
              {data.randomized} <span className="stat-unit">subjects</span>
            </span>
            <span className="stat-label">
              randomized at {data.scope === 'all' ? 'all sites' : 'your sites'}
            </span>
          </div>
          <div className="stat">
            <span className="stat-value">{formatPercent(data.studyRandomized / data.target)}</span>
            <span className="stat-label">
              of the target: {data.studyRandomized} of {data.target} subjects study-wide
            </span>
          </div>
          <div className="stat">
            <span className="stat-value">
              {pending} <span className="stat-unit">subjects</span>
            </span>
            <span className="stat-label">in screening or awaiting randomization</span>
          </div>
          <div className="stat">
            <span className="stat-value">
              {data.funnel.screenFailed} <span className="stat-unit">subjects</span>
            </span>
            <span className="stat-label">screen failed</span>
          </div>
        </div>
      </section>

      <section aria-labelledby="accrual-heading">
        <h2 id="accrual-heading">Accrual</h2>
        <label htmlFor="accrual-period">Count randomizations per</label>
        <select
          id="accrual-period"
          value={period}
          onChange={(e) => setPeriod(e.target.value as Period)}
          className="narrow"
        >
          <option value="month">calendar month</option>
          <option value="week">ISO week (Monday to Sunday)</option>
        </select>
        {data.scope !== 'all' && (
          <p className="muted">
            The curve counts your sites only; the target of {data.target} is for the whole study.
          </p>
        )}
        <AccrualChart data={data} />
        <AccrualTable data={data} />
      </section>

      <div className="two-columns">
        <section aria-labelledby="arms-heading">
          <h2 id="arms-heading">By arm</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Arm</th>
                <th scope="col" className="num">
                  Randomized
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {data.arms.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.label}</th>
                  <td className="num">{a.randomized}</td>
                  <td className="num">
                    {data.randomized ? formatPercent(a.randomized / data.randomized) : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section aria-labelledby="funnel-heading">
          <h2 id="funnel-heading">Screening funnel</h2>
          <Funnel data={data} />
        </section>
      </div>

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">By site</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col">Recruiting status</th>
                <th scope="col" className="num">
                  Registered
                </th>
                <th scope="col" className="num">
                  Screen failed
                </th>
                <th scope="col" className="num">
                  Withdrawn
                </th>
                <th scope="col" className="num">
                  Randomized
                </th>
                {data.arms.map((a) => (
                  <th scope="col" className="num" key={a.id}>
                    Arm {a.id}
                  </th>
                ))}
                <th scope="col">First randomized</th>
                <th scope="col">Last randomized</th>
              </tr>
            </thead>
            <tbody>
              {data.bySite.map((s) => (
                <tr key={s.siteId}>
                  <th scope="row">{s.name}</th>
                  <td>{s.recruitingStatus.replaceAll('_', ' ').toLowerCase()}</td>
                  <td className="num">{s.registered}</td>
                  <td className="num">{s.screenFailed}</td>
                  <td className="num">{s.withdrawn}</td>
                  <td className="num">{s.randomized}</td>
                  {data.arms.map((a) => (
                    <td className="num" key={a.id}>
                      {s.byArm[a.id] ?? 0}
                    </td>
                  ))}
                  <td>{s.firstRandomized ?? '–'}</td>
                  <td>{s.lastRandomized ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="consort-heading">
        <h2 id="consort-heading">CONSORT flow diagram</h2>
        <Consort data={data} />
      </section>

      <section aria-labelledby="failures-heading">
        <h2 id="failures-heading">Screen failures by criterion</h2>
        {data.screenFailures.byCriterion.length === 0 ? (
          <p>No screen failures.</p>
        ) : (
          <>
            <p className="muted">
              Criteria failed in the current screening of each screen-failed subject, latest first.
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Title</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">
                    Subjects
                  </th>
                  <th scope="col">Last failed</th>
                </tr>
              </thead>
              <tbody>
                {data.screenFailures.byCriterion.map((c) => (
                  <tr key={c.criterionId}>
                    <th scope="row">{c.criterionId}</th>
                    <td>{c.title ?? '–'}</td>
                    <td>{c.type ?? '–'}</td>
                    <td className="num">{c.subjects}</td>
                    <td>{c.lastDate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Latest screen failures</h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">Study ID</th>
                  <th scope="col">Site</th>
                  <th scope="col">Screened</th>
                  <th scope="col">Criteria failed</th>
                </tr>
              </thead>
              <tbody>
                {data.screenFailures.recent.map((f) => (
                  <tr key={f.studyId}>
                    <th scope="row">{f.studyId}</th>
                    <td>{siteName.get(f.siteId) ?? f.siteId}</td>
                    <td>{f.date}</td>
                    <td>{f.criteria.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
