/**
 * Screen failures by criterion, and the latest screen-failed subjects with the criteria they failed
 * (for the clinical roles: an admin's dashboard has the counts, no subject's row).
 */
import type { DashboardData } from '../../contracts.ts';

export function ScreenFailures({
  data,
  siteName,
  subjectRows,
}: {
  data: DashboardData;
  /** Site names by id. */
  siteName: ReadonlyMap<string, string>;
  /** The user reads subjects' data: the latest failures are listed one by one. */
  subjectRows: boolean;
}) {
  return data.screenFailures.byCriterion.length === 0 ? (
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
      {subjectRows ? (
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
      ) : (
        <p className="muted">Counts only: subjects are listed for the clinical roles.</p>
      )}
    </>
  );
}
