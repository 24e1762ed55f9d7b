/** The calendar as a table (one row per visit, with its window and status) and the figures above it. */
import type { CalendarVisit, SpecimenDue, SubjectCalendar } from '../../contracts.ts';
import { STATUS_LABELS } from '../../lib/on-study.ts';

const KIND_NAMES: Record<CalendarVisit['kind'], string> = {
  treatment: 'Cycle start',
  'tumor-assessment': 'Tumor assessment',
  'follow-up': 'Follow-up',
};

export function VisitStatusBadge({ status }: { status: CalendarVisit['status'] | SpecimenDue['status'] }) {
  const label =
    status === 'collected'
      ? 'Collected'
      : status === 'not-collected'
        ? 'Not collected'
        : STATUS_LABELS[status];
  return <span className={`badge visit-${status}`}>{label}</span>;
}

/** The specimens due from the subject: time point, window, status, and what was recorded. */
export function SpecimenTable({ specimens }: { specimens: SpecimenDue[] }) {
  if (specimens.length === 0) return <p className="muted">No specimen is due yet.</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Specimen</th>
            <th scope="col">Time point</th>
            <th scope="col">Window</th>
            <th scope="col">Status</th>
            <th scope="col">Collected</th>
          </tr>
        </thead>
        <tbody>
          {specimens.map((s) => (
            <tr key={`${s.specimenId}@${s.timepoint}`} className="specimen-row">
              <th scope="row">{s.label}</th>
              <td>{s.timepoint}</td>
              <td>
                {s.window_start} to {s.window_end}
              </td>
              <td>
                <VisitStatusBadge status={s.status} />
                {s.reason && <div className="muted">{s.reason}</div>}
              </td>
              <td>{s.collected ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CalendarFigures({ calendar }: { calendar: SubjectCalendar }) {
  const f = calendar.figures;
  const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
  return (
    <dl className="figures">
      <div>
        <dt>Cycles started</dt>
        <dd>{f.cyclesStarted}</dd>
      </div>
      <div>
        <dt>Days on treatment</dt>
        <dd>
          {f.daysOnTreatment ?? '—'}
          {f.onTreatment ? ' (ongoing)' : ''}
        </dd>
      </div>
      {f.doseIntensity.map((d) => (
        <div key={d.drug}>
          <dt>{d.drug} dose intensity</dt>
          <dd>
            {percent(d.relative)}
            <span className="muted">
              {' '}
              ({d.receivedMg} of {d.plannedMg} mg; {d.holds} held, {d.reductions} reduced)
            </span>
          </dd>
        </div>
      ))}
      <div>
        <dt>Last known alive</dt>
        <dd>{f.lastKnownAlive ?? '—'}</dd>
      </div>
      {f.death && (
        <div>
          <dt>Death</dt>
          <dd>{f.death}</dd>
        </div>
      )}
      {f.newAnticancerTherapyStart && (
        <div>
          <dt>New anticancer therapy from</dt>
          <dd>{f.newAnticancerTherapyStart}</dd>
        </div>
      )}
    </dl>
  );
}

export function VisitTimeline({ visits, asOf }: { visits: CalendarVisit[]; asOf: string }) {
  return (
    <div className="table-scroll">
      <table className="visit-timeline">
        <caption>Visits as of {asOf}: every visit up to today and the next of each kind</caption>
        <thead>
          <tr>
            <th scope="col">Visit</th>
            <th scope="col">Kind</th>
            <th scope="col">Planned</th>
            <th scope="col">Window</th>
            <th scope="col">Status</th>
            <th scope="col">Done on</th>
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <tr key={v.id} className={`visit-row visit-${v.status}`}>
              <th scope="row">{v.id}</th>
              <td>{KIND_NAMES[v.kind]}</td>
              <td>{v.planned}</td>
              <td>
                {v.window_start} to {v.window_end}
              </td>
              <td>
                <VisitStatusBadge status={v.status} />
                {v.missedReason && <div className="muted">{v.missedReason}</div>}
                {v.forms?.some((f) => f.state === 'required') && (
                  <div className="muted">
                    Forms required:{' '}
                    {v.forms
                      .filter((f) => f.state === 'required')
                      .map((f) => f.id)
                      .join(', ')}
                  </div>
                )}
              </td>
              <td>
                {v.actual ?? ''}
                {v.outOfWindow && <div className="warn">out of window</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
