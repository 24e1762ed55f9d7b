/** The dashboard's headline figures: randomized, share of the target, pending and screen failed. */
import type { DashboardData } from '../../contracts.ts';
import { formatPercent } from '../../lib/analysis-format.ts';

export function SummaryStats({ data }: { data: DashboardData }) {
  const pending = data.consort.inScreening + data.consort.eligibleNotRandomized;
  return (
    <div className="stat-grid">
      <div className="stat">
        <span className="stat-value">
          {data.randomized} <span className="stat-unit">subjects</span>
        </span>
        <span className="stat-label">randomized at {data.scope === 'all' ? 'all sites' : 'your sites'}</span>
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
  );
}
