/**
 * Randomization: the preconditions as a checklist (the server's eligibility blockers and the
 * stratification factors), the factor values (the planned inhibitor preselected from the screening),
 * then one confirm step. The arm is not shown before the server allocates it. A 422 lists the server's
 * preconditions, in its words.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, post } from '../../api.ts';
import {
  type Blocker,
  type PreconditionsRefusal,
  REFUSAL_CODES,
  type Receipt,
  type StratificationFactor,
} from '../../contracts.ts';
import { allMet, type Precondition, randomizationPreconditions } from '../../lib/randomization.ts';
import { DialogTrigger, Modal } from '../Modal.tsx';
import { describeError } from '../screening/errors.ts';

export function Randomize({
  subjectId,
  studyId,
  blockers,
  factors,
  screened,
  onRandomized,
  onRefused,
}: {
  subjectId: string;
  studyId: string;
  /** GET /api/subjects/:id → eligibility.blockers (as of today). */
  blockers: readonly Blocker[];
  factors: readonly StratificationFactor[];
  /** Factor values the screening used (e.g. the planned inhibitor), to preselect. */
  screened: Readonly<Record<string, string>>;
  onRandomized: (receipt: Receipt) => void;
  /** The server refused: the page reloads its data (the state may have changed). */
  onRefused: () => void;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <DialogTrigger open={open} onOpen={() => setOpen(true)}>
        Randomize
      </DialogTrigger>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy={`${id}-heading`}>
        <RandomizeForm
          headingId={`${id}-heading`}
          subjectId={subjectId}
          studyId={studyId}
          blockers={blockers}
          factors={factors}
          screened={screened}
          onCancel={() => setOpen(false)}
          onRandomized={(receipt) => {
            setOpen(false);
            onRandomized(receipt);
          }}
          onRefused={onRefused}
        />
      </Modal>
    </>
  );
}

function Checklist({ checks, label }: { checks: readonly Precondition[]; label: string }) {
  return (
    <ul className="preconditions" aria-label={label}>
      {checks.map((c) => (
        <li key={c.id} className={c.met ? 'status-met' : 'status-not_met'}>
          <span aria-hidden="true">{c.met ? '✓' : '✗'} </span>
          <strong>{c.met ? 'Met' : 'Not met'}:</strong> {c.label}
          {c.detail && c.detail !== c.label && <div className="detail">{c.detail}</div>}
        </li>
      ))}
    </ul>
  );
}

function RandomizeForm({
  headingId,
  subjectId,
  studyId,
  blockers,
  factors,
  screened,
  onCancel,
  onRandomized,
  onRefused,
}: {
  headingId: string;
  subjectId: string;
  studyId: string;
  blockers: readonly Blocker[];
  factors: readonly StratificationFactor[];
  screened: Readonly<Record<string, string>>;
  onCancel: () => void;
  onRandomized: (receipt: Receipt) => void;
  onRefused: () => void;
}) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(factors.map((f) => [f.id, screened[f.id] ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; preconditions: string[] } | null>(null);
  const checks = randomizationPreconditions(blockers, factors, values);
  const ready = allMet(checks);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setRefusal(null);
    try {
      const receipt = await post<Receipt>(`/api/subjects/${subjectId}/randomization`, { factors: values });
      onRandomized(receipt);
    } catch (e) {
      const preconditions =
        e instanceof ApiError && e.detail.code === REFUSAL_CODES.preconditions
          ? (e.detail as PreconditionsRefusal).preconditions.map((b) => b.message)
          : [];
      setRefusal({ message: describeError(e), preconditions });
      if (e instanceof ApiError && e.status === 422) onRefused();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={headingId} className="dialog-title">
        Randomize {studyId}
      </h2>
      <h3>Preconditions</h3>
      <Checklist checks={checks} label="Randomization preconditions" />
      {factors.map((f) => (
        <div key={f.id}>
          <label htmlFor={`${id}-${f.id}`}>{f.label}</label>
          <select
            id={`${id}-${f.id}`}
            className="factor"
            value={values[f.id] ?? ''}
            onChange={(e) => setValues({ ...values, [f.id]: e.target.value })}
            aria-describedby={`${id}-${f.id}-hint`}
          >
            <option value="">Choose…</option>
            {f.levels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
          <p id={`${id}-${f.id}-hint`} className="muted">
            Stratification factor.{' '}
            {screened[f.id]
              ? `The screening used ${screened[f.id]}; a different value is refused until the screening answer is corrected.`
              : 'Not given in the screening: choose the value planned for this subject.'}
          </p>
        </div>
      ))}
      <div className="confirm-step">
        <p>
          <strong>Confirm:</strong> randomizing allocates {studyId} to an arm from the trial’s allocation
          list. It happens once and cannot be undone; the arm is shown only afterwards.
        </p>
      </div>
      {refusal && (
        <div role="alert" className="error">
          {refusal.preconditions.length > 0 ? (
            <>
              <p>The server refused to randomize: these preconditions are not met.</p>
              <ul>
                {refusal.preconditions.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>The server refused: {refusal.message}</p>
          )}
        </div>
      )}
      {!ready && (
        <p className="muted" id={`${id}-why`}>
          Randomization is possible once every precondition above is met.
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" disabled={busy || !ready} aria-describedby={!ready ? `${id}-why` : undefined}>
          {busy ? 'Randomizing…' : 'Confirm randomization'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
