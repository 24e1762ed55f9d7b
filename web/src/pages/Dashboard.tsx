/**
 * The trial dashboard for the caller's sites: accrual against the enrollment target (chart with a
 * table alternative), by arm and by site, the screening funnel, the CONSORT enrolment diagram and
 * screen failures by criterion. Data: GET /api/dashboard.
 */
import { useEffect, useState } from 'react';
import { ApiError, get } from '../api.ts';
import { AccrualChart } from '../components/dashboard/AccrualChart.tsx';
import { AccrualTable } from '../components/dashboard/AccrualTable.tsx';
import { ArmsTable } from '../components/dashboard/ArmsTable.tsx';
import { ConsortDiagram } from '../components/dashboard/ConsortDiagram.tsx';
import { ScreenFailures } from '../components/dashboard/ScreenFailures.tsx';
import { ScreeningFunnel } from '../components/dashboard/ScreeningFunnel.tsx';
import { SitesTable } from '../components/dashboard/SitesTable.tsx';
import { SummaryStats } from '../components/dashboard/SummaryStats.tsx';
import type { AccrualPeriod, DashboardData } from '../contracts.ts';
import { readsSubjects } from '../lib/site-access.ts';
import { useSession } from '../session.tsx';

export default function Dashboard() {
  const { session } = useSession();
  const [period, setPeriod] = useState<AccrualPeriod>('month');
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
        <SummaryStats data={data} />
      </section>

      <section aria-labelledby="accrual-heading">
        <h2 id="accrual-heading">Accrual</h2>
        <label htmlFor="accrual-period">Count randomizations per</label>
        <select
          id="accrual-period"
          value={period}
          onChange={(e) => setPeriod(e.target.value as AccrualPeriod)}
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
          <ArmsTable data={data} />
        </section>

        <section aria-labelledby="funnel-heading">
          <h2 id="funnel-heading">Screening funnel</h2>
          <ScreeningFunnel data={data} />
        </section>
      </div>

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">By site</h2>
        <SitesTable data={data} />
      </section>

      <section aria-labelledby="consort-heading">
        <h2 id="consort-heading">CONSORT flow diagram</h2>
        <ConsortDiagram data={data} />
      </section>

      <section aria-labelledby="failures-heading">
        <h2 id="failures-heading">Screen failures by criterion</h2>
        <ScreenFailures data={data} siteName={siteName} subjectRows={readsSubjects(session?.roles ?? [])} />
      </section>
    </div>
  );
}
