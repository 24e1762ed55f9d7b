/** The screening funnel: subjects by the furthest stage reached, with the screen failed and withdrawn. */
import type { DashboardData } from '../../contracts.ts';
import { formatPercent, plural } from '../../lib/analysis-format.ts';
import { funnelStages } from '../../lib/consort.ts';

export function ScreeningFunnel({ data }: { data: DashboardData }) {
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
