/** Every screening episode of the subject: when, as of which date, with what result. */
import type { EpisodeSummary } from '../../contracts.ts';
import type { SignatureRecord } from '../../lib/audit.ts';
import { shortHash } from '../../lib/subject-format.ts';
import { OverallBadge } from './badges.tsx';
import { Time } from './Time.tsx';

export function EpisodeHistory({
  episodes,
  signed,
}: {
  episodes: EpisodeSummary[];
  /** Signatures by episode number (from the audit trail). */
  signed: ReadonlyMap<number, SignatureRecord>;
}) {
  const newestFirst = [...episodes].sort((a, b) => b.number - a.number);
  return (
    <section aria-labelledby="eligibility-history">
      <h2 id="eligibility-history">Eligibility history</h2>
      {newestFirst.length === 0 ? (
        <p className="muted">Not screened yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Screening episodes, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Episode
                </th>
                <th scope="col">As of</th>
                <th scope="col">Screened</th>
                <th scope="col">Result</th>
                <th scope="col">Not met</th>
                <th scope="col">Result SHA-256</th>
                <th scope="col">Signature</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((e, i) => (
                <tr key={e.id}>
                  <td className="num">
                    {e.number}
                    {i === 0 && <span className="muted"> (current)</span>}
                  </td>
                  <td>{e.asOf}</td>
                  <td>
                    <Time iso={e.screenedAt} />
                  </td>
                  <td>
                    <OverallBadge overall={e.overall} />
                  </td>
                  <td>{e.failing.length ? e.failing.join(', ') : '—'}</td>
                  <td>
                    <code title={e.resultSha256}>{shortHash(e.resultSha256)}</code>
                  </td>
                  <td>
                    {signed.get(e.number) ? (
                      <>
                        {i === 0 ? 'Signed' : 'Signed (superseded)'} by {signed.get(e.number)?.by}
                      </>
                    ) : (
                      'Not signed'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
