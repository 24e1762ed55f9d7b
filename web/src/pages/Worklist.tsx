/**
 * The site worklist: what is overdue, due today, and coming within N days across the subjects of the
 * user's sites — the same statuses as each subject's calendar (the server's one definition) — with the
 * list as CSV and as iCalendar (study IDs only).
 */
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { get } from '../api.ts';
import { VisitStatusBadge } from '../components/on-study/VisitTimeline.tsx';
import { describeError } from '../components/screening/errors.ts';
import type { Worklist as WorklistData, WorklistItem } from '../contracts.ts';
import { saveText } from '../lib/download.ts';
import { worklistCsv } from '../lib/on-study.ts';

function Group({ title, items, empty }: { title: string; items: WorklistItem[]; empty: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Visit</th>
                <th scope="col">Planned</th>
                <th scope="col">Window</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={`${v.subjectId}-${v.id}`}>
                  <th scope="row">
                    <Link to={`/subjects/${v.subjectId}/on-study`}>{v.studyId}</Link>
                  </th>
                  <td>{v.id}</td>
                  <td>{v.planned}</td>
                  <td>
                    {v.window_start} to {v.window_end}
                  </td>
                  <td>
                    <VisitStatusBadge status={v.status} />
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

export default function Worklist() {
  const [days, setDays] = useState(14);
  const [list, setList] = useState<WorklistData | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const daysId = useId();
  useEffect(() => {
    let live = true;
    get<WorklistData>(`/api/worklist?days=${days}`)
      .then((l) => {
        if (!live) return;
        setList(l);
        setFailure(null);
      })
      .catch((e) => live && setFailure(describeError(e)));
    return () => {
      live = false;
    };
  }, [days]);

  return (
    <div className="worklist-page">
      <h1>Worklist</h1>
      <p>
        <label htmlFor={daysId}>Coming within </label>
        <select id={daysId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[7, 14, 28, 63].map((n) => (
            <option key={n} value={n}>
              {n} days
            </option>
          ))}
        </select>{' '}
        {list && (
          <>
            <button
              type="button"
              onClick={() => saveText(worklistCsv(list), 'csv', `worklist-${list.asOf}.csv`)}
            >
              Download CSV
            </button>{' '}
            <a href={`/api/worklist.ics?days=${days}`} download={`worklist-${list.asOf}.ics`}>
              Download the calendar (.ics)
            </a>
          </>
        )}
      </p>
      {failure && (
        <p role="alert" className="error">
          The worklist could not be loaded: {failure}
        </p>
      )}
      {!list && !failure && <p role="status">Loading the worklist…</p>}
      {list && (
        <>
          <p className="muted">
            As of {list.asOf}. Overdue: the window has closed without the visit; due: today is inside its
            window.
          </p>
          <Group title="Overdue" items={list.overdue} empty="Nothing is overdue." />
          <Group title="Due" items={list.due} empty="Nothing is due today." />
          <Group title={`Coming within ${list.days} days`} items={list.upcoming} empty="Nothing is coming." />
        </>
      )}
    </div>
  );
}
