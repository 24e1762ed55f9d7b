/**
 * PFS or OS by arm: the Kaplan–Meier figure, events and medians, the hazard ratio and log-rank test,
 * and the number at risk.
 */
import type { SurvivalReport } from '../../contracts.ts';
import { formatInterval, formatLevel, formatNumber, formatP } from '../../lib/analysis-format.ts';
import { ChartFigure } from './ChartFigure.tsx';

export function SurvivalResults({ report }: { report: SurvivalReport }) {
  const unit = report.timeUnit;
  const level = report.confLevel;
  const hr = report.hazardRatio;
  return (
    <>
      <ChartFigure svg={report.svg} what={`km-${report.paramcd}`} title={report.title} data={report.data} />
      <div className="table-scroll">
        <table>
          <caption>
            {report.title}: events and median ({unit})
          </caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Subjects
              </th>
              <th scope="col" className="num">
                Events
              </th>
              <th scope="col" className="num">
                Censored
              </th>
              <th scope="col">Median ({formatLevel(level)} CI)</th>
            </tr>
          </thead>
          <tbody>
            {report.arms.map((a) => (
              <tr key={a.arm}>
                <th scope="row">{a.arm}</th>
                <td className="num">{a.n}</td>
                <td className="num">{a.events}</td>
                <td className="num">{a.censored}</td>
                <td>{formatInterval(a.median, { unit, level })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="stats-lines">
        {hr && (
          <li>
            Hazard ratio (Cox, Efron ties), {hr.comparison} vs {hr.reference}:{' '}
            {hr.estimable ? (
              <>
                <strong>
                  {formatInterval(
                    { estimate: hr.estimate, lower: hr.lower, upper: hr.upper },
                    { digits: 2, level },
                  )}
                </strong>
                , Wald {formatP(hr.waldP)}
              </>
            ) : (
              <strong>
                not estimable (monotone likelihood, as when one arm has no events: the estimate runs to 0 or
                ∞)
              </strong>
            )}
          </li>
        )}
        {report.logRank && (
          <li>
            Log-rank test: χ² = {formatNumber(report.logRank.chisq, 2)} on {report.logRank.df} df,{' '}
            <strong>{formatP(report.logRank.p)}</strong>
          </li>
        )}
        <li className="muted">“NR”: not reached (the curve or its confidence limit does not cross 0.5).</li>
      </ul>
      <div className="table-scroll">
        <table>
          <caption>Number at risk by time ({unit} since randomization)</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              {report.atRisk.times.map((t) => (
                <th scope="col" className="num" key={t}>
                  {t} {unit === 'days' ? 'd' : unit === 'weeks' ? 'wk' : 'mo'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.atRisk.byArm.map((row) => (
              <tr key={row.arm}>
                <th scope="row">{row.arm}</th>
                {row.counts.map((n, i) => (
                  <td className="num" key={report.atRisk.times[i]}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
