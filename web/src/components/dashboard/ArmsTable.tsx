/** Randomizations by arm and each arm's share. */
import type { DashboardData } from '../../contracts.ts';
import { formatPercent } from '../../lib/analysis-format.ts';

export function ArmsTable({ data }: { data: DashboardData }) {
  return (
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
            <td className="num">{data.randomized ? formatPercent(a.randomized / data.randomized) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
