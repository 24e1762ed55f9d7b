/** The accrual chart's numbers as a table, folded away under a summary. */
import type { DashboardData } from '../../contracts.ts';

export function AccrualTable({ data }: { data: DashboardData }) {
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
