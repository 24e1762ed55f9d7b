/** The subject's audit trail: who did what, when, in which role, field by field, and why. */
import type { AuditEvent } from '../../contracts.ts';
import { actionLabel, changeRows } from '../../lib/audit.ts';
import { Time } from './Time.tsx';

export function AuditHistory({ events }: { events: AuditEvent[] }) {
  const newestFirst = [...events].sort((a, b) => b.seq - a.seq);
  return (
    <section aria-labelledby="audit-history">
      <h2 id="audit-history">Audit history</h2>
      {newestFirst.length === 0 ? (
        <p className="muted">No events.</p>
      ) : (
        <div className="table-scroll">
          <table className="audit">
            <caption className="visually-hidden">Audit events for this subject, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Role</th>
                <th scope="col">Action</th>
                <th scope="col">Changes (before → after)</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((e) => (
                <tr key={e.seq}>
                  <td>
                    <Time iso={e.occurred_at} />
                  </td>
                  <td>{e.actor}</td>
                  <td>{e.role ?? '—'}</td>
                  <td>
                    {actionLabel(e.action)} <span className="muted">({e.action})</span>
                  </td>
                  <td>
                    <ul className="changes">
                      {changeRows(e).map((c) => (
                        <li key={c.field}>
                          <code>{c.field}</code>: {c.before} → {c.after}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
