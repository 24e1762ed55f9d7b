/**
 * A randomized subject's treatment and visits: the calendar (what is done, due, overdue, missed, with
 * its window), the figures (cycles, days on treatment, dose intensity, last known alive), the form that
 * records what happened, and every study event with its corrections and removals. The calendar is the
 * server's (src/schedule), reloaded after every change.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { get } from '../api.ts';
import { RecordEventForm } from '../components/on-study/RecordEventForm.tsx';
import { RemoveEventDialog } from '../components/on-study/RemoveEventDialog.tsx';
import { CalendarFigures, SpecimenTable, VisitTimeline } from '../components/on-study/VisitTimeline.tsx';
import { describeError } from '../components/screening/errors.ts';
import { loadProtocol } from '../components/screening/protocol.ts';
import type { ProtocolDocument, StudyEvent, SubjectCalendar, SubjectDetail } from '../contracts.ts';
import { describeEvent, KIND_LABELS } from '../lib/on-study.ts';
import { holdsAt } from '../lib/site-access.ts';
import { useSession } from '../session.tsx';

interface Loaded {
  subject: SubjectDetail;
  calendar: SubjectCalendar;
  events: StudyEvent[];
}

export default function SubjectOnStudy() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const [data, setData] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [protocol, setProtocol] = useState<ProtocolDocument | null>(null);
  const [correcting, setCorrecting] = useState<StudyEvent | null>(null);
  const [removing, setRemoving] = useState<StudyEvent | null>(null);
  const base = `/api/subjects/${encodeURIComponent(id)}`;

  const reload = useCallback(async () => {
    try {
      const [subject, calendar, events] = await Promise.all([
        get<SubjectDetail>(base),
        get<SubjectCalendar>(`${base}/calendar`),
        get<StudyEvent[]>(`${base}/events`),
      ]);
      setData({ subject, calendar, events });
      setFailure(null);
    } catch (error) {
      setFailure(describeError(error));
    }
  }, [base]);
  useEffect(() => {
    void reload();
    void loadProtocol().then(setProtocol);
  }, [reload]);

  if (!data)
    return failure ? (
      <p role="alert" className="error">
        The treatment and visits could not be loaded: {failure}{' '}
        <Link to={`/subjects/${id}`}>Back to the subject</Link>
      </p>
    ) : (
      <p role="status">Loading the calendar…</p>
    );

  const { subject, calendar, events } = data;
  const edits = holdsAt(session?.roles ?? [], ['coordinator', 'investigator'], subject.siteId);
  const drugs = calendar.figures.doseIntensity.map((d) => d.drug);
  const saved = (summary: string) => {
    setNotice(summary);
    setCorrecting(null);
    void reload();
  };
  return (
    <div className="on-study-page">
      <p>
        <Link to={`/subjects/${subject.id}`}>← {subject.studyId}</Link>
      </p>
      <h1>Treatment and visits · {subject.studyId}</h1>
      <p className="muted">
        Arm {calendar.arm}, randomized {calendar.randomized}. Windows and statuses as of {calendar.asOf}.{' '}
        <a href={`${base}/calendar.ics`} download={`${subject.studyId}-visits.ics`}>
          Download the calendar (.ics)
        </a>
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <section className="panel" aria-labelledby="figures-heading">
        <h2 id="figures-heading">On treatment</h2>
        <CalendarFigures calendar={calendar} />
      </section>
      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">Calendar</h2>
        <VisitTimeline visits={calendar.visits} asOf={calendar.asOf} />
      </section>
      <section aria-labelledby="specimens-heading">
        <h2 id="specimens-heading">Specimens for the biomarker objective</h2>
        <SpecimenTable specimens={calendar.specimens} />
      </section>
      {edits && (
        <section className="panel" aria-labelledby="record-heading">
          <h2 id="record-heading">Record what happened</h2>
          <p className="muted">
            Entry stays open after a window closes: the visit is then shown out of window. Impossible
            histories (a date after death, cycles out of order, a dose level the drug does not have) are
            refused.
          </p>
          <RecordEventForm
            subjectId={subject.id}
            protocol={protocol}
            drugs={drugs}
            visits={calendar.visits}
            specimens={calendar.specimens}
            onSaved={(_, summary) => saved(summary)}
          />
        </section>
      )}
      <RemoveEventDialog
        subjectId={subject.id}
        event={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(summary) => {
          setRemoving(null);
          saved(summary);
        }}
      />
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Recorded ({events.length})</h2>
        {events.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <ul className="event-list">
            {events.map((e) => (
              <li key={e.id} className={e.removedAt ? 'removed' : undefined}>
                <strong>{KIND_LABELS[e.kind]}</strong>: {describeEvent(e)}{' '}
                <span className="muted">
                  — {e.recordedBy}
                  {e.version > 1 && !e.removedAt ? `, corrected (version ${e.version})` : ''}
                </span>
                {e.removedAt ? (
                  <span className="muted"> — removed: {e.removalReason}</span>
                ) : (
                  edits && (
                    <>
                      {' '}
                      <button type="button" className="link" onClick={() => setCorrecting(e)}>
                        Correct
                      </button>{' '}
                      <button type="button" className="link" onClick={() => setRemoving(e)}>
                        Remove
                      </button>
                    </>
                  )
                )}
                {correcting?.id === e.id && (
                  <RecordEventForm
                    subjectId={subject.id}
                    protocol={protocol}
                    drugs={drugs}
                    visits={calendar.visits}
                    specimens={calendar.specimens}
                    correcting={e}
                    onSaved={(_, summary) => saved(summary)}
                    onCancel={() => setCorrecting(null)}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
