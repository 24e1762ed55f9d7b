/** Each site's recruiting status, registrations, screen failures, withdrawals and randomizations by arm. */
import type { DashboardData } from '../../contracts.ts';

export function SitesTable({ data }: { data: DashboardData }) {
  return (
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
  );
}
