/**
 * One subject: identity (minimal PHI), the screening workspace (FHIR upload, answers, re-screen), the
 * criteria checklist, the investigator's sign-off, randomization and its receipt, and the eligibility
 * and audit histories. Every change goes to the server, which re-screens; the page then reloads all of
 * it, so what is shown is always what the server holds.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, get } from '../api.ts';
import { Randomize } from '../components/randomization/RandomizeDialog.tsx';
import { ReceiptView } from '../components/randomization/ReceiptView.tsx';
import { AnswersForm } from '../components/screening/AnswersForm.tsx';
import { AuditHistory } from '../components/screening/AuditHistory.tsx';
import { OverallBadge, SubjectStatusBadge } from '../components/screening/badges.tsx';
import { CriteriaChecklist } from '../components/screening/CriteriaChecklist.tsx';
import { DocumentUpload } from '../components/screening/DocumentUpload.tsx';
import { EpisodeHistory } from '../components/screening/EpisodeHistory.tsx';
import { describeError } from '../components/screening/errors.ts';
import { LabResultForm } from '../components/screening/LabResultForm.tsx';
import { loadProtocol } from '../components/screening/protocol.ts';
import { RescreenForm } from '../components/screening/RescreenForm.tsx';
import { SignatureView, SignEligibility } from '../components/screening/SignDialog.tsx';
import { Time } from '../components/screening/Time.tsx';
import { PossibleDuplicates } from '../components/subject/PossibleDuplicates.tsx';
import type {
  AnswerInForce,
  AuditEvent,
  CriterionDocument,
  CurrentScreening,
  EpisodeSummary,
  ProtocolDocument,
  Receipt,
  ScreeningRun,
  Site,
  SubjectDetail,
  SubjectDocument,
} from '../contracts.ts';
import { answersInForce, namedFactsOf } from '../lib/answers.ts';
import { signaturesFromAudit } from '../lib/audit.ts';
import { isSamePerson } from '../lib/identity.ts';
import { enterableLabs } from '../lib/lab-result.ts';
import { holdsAt } from '../lib/site-access.ts';
import { SEX_LABEL } from '../lib/subject-format.ts';
import { useSession } from '../session.tsx';

interface SubjectData {
  subject: SubjectDetail;
  screening: CurrentScreening;
  episodes: EpisodeSummary[];
  audit: AuditEvent[];
  documents: SubjectDocument[];
  answers: AnswerInForce[];
  receipt: Receipt | null;
}

async function loadSubject(id: string): Promise<SubjectData> {
  const base = `/api/subjects/${encodeURIComponent(id)}`;
  const [subject, screening, episodes, audit, documents, answers] = await Promise.all([
    get<SubjectDetail>(base),
    get<CurrentScreening>(`${base}/screening`),
    get<EpisodeSummary[]>(`${base}/screenings`),
    get<AuditEvent[]>(`${base}/audit`),
    get<SubjectDocument[]>(`${base}/documents`),
    get<AnswerInForce[]>(`${base}/answers`),
  ]);
  const receipt = subject.status === 'randomized' ? await get<Receipt>(`${base}/randomization`) : null;
  return { subject, screening, episodes, audit, documents, answers, receipt };
}

interface Notice {
  text: string;
  details?: string[];
}

/** What a screening run did, in one sentence. */
function screenedSentence(run: ScreeningRun): string {
  const { episode } = run;
  return run.created
    ? `${episode.number === 1 ? 'Screened' : 'Screened again'}: episode ${episode.number}, ${episode.overall} as of ${episode.asOf}.`
    : `The screening result did not change (episode ${episode.number}, ${episode.overall} as of ${episode.asOf}).`;
}

export default function SubjectPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const [data, setData] = useState<SubjectData | null>(null);
  const [loadError, setLoadError] = useState<{ text: string; notFound: boolean } | null>(null);
  const [protocol, setProtocol] = useState<ProtocolDocument | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  // A page that sent the user back here (identity correction, withdrawal) says what it did.
  const location = useLocation();
  const [notice, setNotice] = useState<Notice | null>(() => {
    const text = (location.state as { notice?: unknown } | null)?.notice;
    return typeof text === 'string' ? { text } : null;
  });
  const [justRandomized, setJustRandomized] = useState(false);

  const reload = useCallback(async () => {
    try {
      setData(await loadSubject(id));
      setLoadError(null);
    } catch (error) {
      setLoadError({
        text: describeError(error),
        notFound: error instanceof ApiError && error.status === 404,
      });
    }
  }, [id]);

  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);

  useEffect(() => {
    let live = true;
    void loadProtocol().then((p) => live && setProtocol(p));
    get<Site[]>('/api/sites')
      .then((s) => live && setSites(s))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const criteria = useMemo(
    () => new Map<string, CriterionDocument>((protocol?.criteria ?? []).map((c) => [c.id, c])),
    [protocol],
  );
  const audit = data?.audit;
  const answers = data?.answers;
  const given = useMemo(() => answersInForce(answers ?? []), [answers]);
  const signed = useMemo(() => signaturesFromAudit(audit ?? []), [audit]);
  const labs = useMemo(() => enterableLabs(protocol?.terminology?.labs ?? []), [protocol]);
  const facts = useMemo(() => namedFactsOf(protocol), [protocol]);

  if (loadError && !data)
    return (
      <>
        <h1>Subject</h1>
        <p role="alert" className="error">
          {loadError.notFound
            ? 'No such subject at your sites.'
            : `The subject could not be loaded: ${loadError.text}`}{' '}
          <Link to="/subjects">Back to the subjects</Link>
        </p>
      </>
    );
  if (!data) return <p role="status">Loading the subject…</p>;

  const { subject, screening, episodes, receipt, documents } = data;
  const { episode, eligibility } = screening;
  const roles = session?.roles ?? [];
  const canEdit = holdsAt(roles, ['coordinator', 'investigator'], subject.siteId);
  const canSign = holdsAt(roles, ['investigator'], subject.siteId);
  const closed = subject.status === 'randomized' || subject.status === 'withdrawn';
  const site = sites.find((s) => s.id === subject.siteId);
  const factors = protocol?.stratification ?? [];
  const signature =
    eligibility.signature && eligibility.signature.resultSha256 === eligibility.resultSha256
      ? eligibility.signature
      : null;
  const screenedFactors: Record<string, string> = eligibility.stratification ?? {};
  const armLabel = (arm: string) => protocol?.arms.find((a) => a.id === arm)?.label ?? `Arm ${arm}`;

  const afterRun = (prefix: string, run: ScreeningRun) => {
    setNotice({
      text: `${prefix} ${screenedSentence(run)}`.trim(),
      ...(run.warnings.length ? { details: run.warnings } : {}),
    });
    void reload();
  };

  return (
    <article className="subject-page">
      <p className="breadcrumb">
        <Link to="/subjects">Subjects</Link> / {subject.studyId}
      </p>
      <h1>
        Subject {subject.studyId} <SubjectStatusBadge status={subject.status} />
      </h1>
      <div role="status" aria-live="polite" className={notice ? 'notice' : undefined}>
        {notice && (
          <>
            <p>{notice.text}</p>
            {notice.details && (
              <ul>
                {notice.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {loadError && (
        <p role="alert" className="error">
          Reloading failed: {loadError.text}
        </p>
      )}

      <section className="panel" aria-labelledby="identity-heading">
        <h2 id="identity-heading">Identity</h2>
        <dl className="facts identity">
          <dt>Study ID</dt>
          <dd>{subject.studyId}</dd>
          <dt>Site</dt>
          <dd>{site ? `${site.name} (${site.city}, ${site.state})` : subject.siteId}</dd>
          <dt>Initials</dt>
          <dd>{subject.initials}</dd>
          <dt>Birth date</dt>
          <dd>{subject.birthDate}</dd>
          <dt>Sex</dt>
          <dd>{SEX_LABEL[subject.sex] ?? subject.sex}</dd>
          <dt>Status</dt>
          <dd>
            <SubjectStatusBadge status={subject.status} />
            {subject.withdrawalReason && ` (${subject.withdrawalReason})`}
          </dd>
          <dt>Created</dt>
          <dd>
            <Time iso={subject.createdAt} />
          </dd>
          {subject.allocation && (
            <>
              <dt>Allocation</dt>
              <dd>
                <strong>{receipt?.armLabel ?? armLabel(subject.allocation.arm)}</strong>
              </dd>
            </>
          )}
        </dl>
        {canEdit && !closed && (
          <p className="actions">
            <Link className="button secondary" to={`/subjects/${subject.id}/identity`}>
              Correct identity
            </Link>{' '}
            <Link className="button secondary" to={`/subjects/${subject.id}/withdraw`}>
              Withdraw from screening
            </Link>
          </p>
        )}
      </section>

      <PossibleDuplicates duplicates={subject.possibleDuplicates} />

      {receipt && <ReceiptView receipt={receipt} factors={factors} focus={justRandomized} />}
      {receipt && (
        <p className="actions">
          <Link className="button" to={`/subjects/${subject.id}/on-study`}>
            Treatment and visits
          </Link>
        </p>
      )}

      <section className="panel" aria-labelledby="eligibility-heading">
        <h2 id="eligibility-heading">Eligibility</h2>
        <p>
          Current result: <OverallBadge overall={eligibility.overall} />
          {eligibility.asOf && (
            <>
              {' '}
              as of <strong>{eligibility.asOf}</strong> (episode {eligibility.episodeNumber})
            </>
          )}
        </p>
        {signature ? (
          <SignatureView signature={signature} />
        ) : (
          episode && <p className="muted">Not signed by an investigator.</p>
        )}
        {!closed && (
          <div className="actions">
            {canSign && episode?.overall === 'eligible' && !signature && (
              <SignEligibility
                subjectId={subject.id}
                studyId={subject.studyId}
                episode={episode}
                onSigned={(s) => {
                  setNotice({ text: `Eligibility signed by ${s.signerName}: “${s.meaning}”.` });
                  void reload();
                }}
                onStale={async () => {
                  setNotice({
                    text: 'The screening result changed before it was signed; the page shows the current result.',
                  });
                  await reload();
                }}
              />
            )}
            {canEdit && (
              <Randomize
                subjectId={subject.id}
                studyId={subject.studyId}
                blockers={subject.eligibility.blockers}
                factors={factors}
                screened={screenedFactors}
                onRandomized={() => {
                  setNotice({ text: `${subject.studyId} is randomized.` });
                  setJustRandomized(true);
                  void reload();
                }}
                onRefused={() => void reload()}
              />
            )}
          </div>
        )}
        {canSign && episode && episode.overall !== 'eligible' && !closed && (
          <p className="muted">Signing is possible once the result is eligible.</p>
        )}
      </section>

      <section aria-labelledby="screening-heading">
        <h2 id="screening-heading">Screening</h2>
        {closed && <p className="muted">The subject is {subject.status}: its screening data are closed.</p>}
        <div className="grid screening-grid">
          <DocumentUpload
            subjectId={subject.id}
            canEdit={canEdit && !closed}
            readOnlyNote={closed ? null : 'Only the site’s coordinators and investigators upload data.'}
            documents={documents}
            onUploaded={(result, fileName) =>
              afterRun(
                `Uploaded ${fileName}: ${result.resourceCount} ${result.resourceCount === 1 ? 'resource' : 'resources'}.${
                  result.possibleDuplicates.some(isSamePerson)
                    ? ' Another subject has this patient’s source identifier: see “Possible duplicates”.'
                    : ''
                }`,
                result,
              )
            }
            onRemoved={(result, fileName) => afterRun(`Removed ${fileName}.`, result)}
          />
          {/* Entered labs are Observations about the uploaded Patient: the form comes once there is one. */}
          {canEdit && !closed && labs.length > 0 && documents.some((d) => !d.removedAt) && (
            <LabResultForm
              subjectId={subject.id}
              labs={labs}
              onSaved={(result, summary) => afterRun(`Saved ${summary}.`, result)}
            />
          )}
          <AnswersForm
            subjectId={subject.id}
            canEdit={canEdit && !closed}
            readOnlyNote={closed ? null : 'Only the site’s coordinators and investigators enter answers.'}
            criteria={criteria}
            facts={facts}
            given={given}
            onSaved={(result, summary) => afterRun(`Saved ${summary}.`, result)}
          />
          {canEdit && !closed && (
            <RescreenForm
              subjectId={subject.id}
              currentAsOf={episode?.asOf ?? null}
              onScreened={(result) => afterRun('', result)}
            />
          )}
        </div>
      </section>

      {episode ? (
        <CriteriaChecklist episode={episode} criteria={criteria} />
      ) : (
        <section aria-labelledby="criteria-none">
          <h2 id="criteria-none">Eligibility criteria</h2>
          <p className="muted">
            Not screened yet: upload FHIR data, then enter lab results or answers, to screen the subject.
          </p>
        </section>
      )}

      <EpisodeHistory episodes={episodes} signed={signed} />
      <AuditHistory events={data.audit} />
    </article>
  );
}
