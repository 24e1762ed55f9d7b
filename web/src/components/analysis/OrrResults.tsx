/** Objective response rate by arm with its interval, best responses, and the comparison of the arms. */
import type { OrrReport } from '../../contracts.ts';
import { formatInterval, formatLevel, formatP, formatPercent } from '../../lib/analysis-format.ts';
import { Downloads } from './Downloads.tsx';

const RESPONSES = ['CR', 'PR', 'SD', 'NON-CR/NON-PD', 'PD', 'NE', 'MISSING'];

export function OrrResults({ report }: { report: OrrReport }) {
  const level = report.confLevel;
  const seen = RESPONSES.filter((r) => report.arms.some((a) => a.bestResponse[r]));
  return (
    <>
      <p className="muted">
        {report.definition}. Interval: {report.interval}, {formatLevel(level)}.
      </p>
      <div className="table-scroll">
        <table>
          <caption>Objective response rate by arm</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Subjects
              </th>
              <th scope="col" className="num">
                Responders (CR + PR)
              </th>
              <th scope="col">ORR ({formatLevel(level)} CI)</th>
              {seen.map((r) => (
                <th scope="col" className="num" key={r}>
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.arms.map((a) => (
              <tr key={a.arm}>
                <th scope="row">{a.arm}</th>
                <td className="num">{a.n}</td>
                <td className="num">{a.responders}</td>
                <td>
                  {formatPercent(a.rate.estimate)} ({formatPercent(a.rate.lower)}–
                  {formatPercent(a.rate.upper)})
                </td>
                {seen.map((r) => (
                  <td className="num" key={r}>
                    {a.bestResponse[r] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.comparison && (
        <p>
          {report.comparison.test}, {report.comparison.comparison} vs {report.comparison.reference}:{' '}
          {report.comparison.oddsRatio.estimate === null
            ? 'odds ratio not estimable (an arm has no responders, or only responders)'
            : `odds ratio ${formatInterval(report.comparison.oddsRatio, { digits: 2, level, missing: '∞' })}`}
          , <strong>{formatP(report.comparison.p)}</strong>
        </p>
      )}
      <Downloads what="orr" title="Objective response rate" data={report.data} />
    </>
  );
}
