/**
 * The investigator's eligibility sign-off (21 CFR Part 11: §11.50 name, time and meaning; §11.70 bound
 * to the result by its SHA-256; §11.200 the password entered again). The hash sent is the one shown:
 * when the result changed meanwhile the server answers 409, the page reloads and says so.
 */
import { type FormEvent, useId, useState } from 'react';
import { post } from '../../api.ts';
import { ELIGIBILITY_MEANING, type Episode, type Signature } from '../../contracts.ts';
import { shortHash } from '../../lib/subject-format.ts';
import { DialogTrigger, Modal } from '../Modal.tsx';
import { OverallBadge } from './badges.tsx';
import { describeError, isApiError } from './errors.ts';
import { Time } from './Time.tsx';

export function SignEligibility({
  subjectId,
  studyId,
  episode,
  onSigned,
  onStale,
}: {
  subjectId: string;
  studyId: string;
  episode: Episode;
  onSigned: (signature: Signature) => void;
  /** Reloads the page's data; resolves when the new result is shown. */
  onStale: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <DialogTrigger open={open} onOpen={() => setOpen(true)}>
        Sign eligibility
      </DialogTrigger>
      <SignDialog
        open={open}
        onClose={() => setOpen(false)}
        subjectId={subjectId}
        studyId={studyId}
        episode={episode}
        onSigned={(s) => {
          setOpen(false);
          onSigned(s);
        }}
        onStale={onStale}
      />
    </>
  );
}

function SignDialog({
  open,
  onClose,
  subjectId,
  studyId,
  episode,
  onSigned,
  onStale,
}: {
  open: boolean;
  onClose: () => void;
  subjectId: string;
  studyId: string;
  episode: Episode;
  onSigned: (signature: Signature) => void;
  onStale: () => Promise<void>;
}) {
  const id = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={`${id}-heading`}>
      <SignForm
        headingId={`${id}-heading`}
        subjectId={subjectId}
        studyId={studyId}
        episode={episode}
        onSigned={onSigned}
        onStale={onStale}
        onCancel={onClose}
      />
    </Modal>
  );
}

function SignForm({
  headingId,
  subjectId,
  studyId,
  episode,
  onSigned,
  onStale,
  onCancel,
}: {
  headingId: string;
  subjectId: string;
  studyId: string;
  episode: Episode;
  onSigned: (signature: Signature) => void;
  onStale: () => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const eligible = episode.overall === 'eligible';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError('enter your password to sign');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const signature = await post<Signature>(`/api/subjects/${subjectId}/signatures`, {
        password,
        resultSha256: episode.resultSha256,
        meaning: ELIGIBILITY_MEANING,
      });
      onSigned(signature);
    } catch (e) {
      setPassword('');
      if (isApiError(e, 409)) {
        await onStale();
        setError(
          'The screening result changed since this dialog opened. The page now shows the current result: review it and sign again.',
        );
      } else if (isApiError(e, 401))
        setError('The password is not correct. Enter it again to sign (repeated failures lock the account).');
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={headingId} className="dialog-title">
        Sign eligibility
      </h2>
      <dl className="facts">
        <dt>Subject</dt>
        <dd>{studyId}</dd>
        <dt>Meaning of the signature</dt>
        <dd>
          <strong>{ELIGIBILITY_MEANING}</strong>
        </dd>
        <dt>Result signed</dt>
        <dd>
          <OverallBadge overall={episode.overall} /> as of {episode.asOf}, screening episode {episode.number}
        </dd>
        <dt>Result hash (SHA-256)</dt>
        <dd>
          <code className="hash">{episode.resultSha256}</code>
        </dd>
      </dl>
      <p className="muted">
        Your electronic signature is the legally binding equivalent of your handwritten signature. It binds to
        this result only: new data, answers or another as-of date need a new signature.
      </p>
      {!eligible && (
        <p role="alert" className="error">
          The current result is {episode.overall}: only an eligible result can be signed.
        </p>
      )}
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        disabled={!eligible}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" disabled={busy || !eligible}>
          {busy ? 'Signing…' : 'Sign eligibility'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A signature as §11.50 asks: the signer's name, the time, and the meaning. */
export function SignatureView({ signature }: { signature: Signature }) {
  return (
    <p className="signature">
      <strong>Signed by {signature.signerName}</strong>, <Time iso={signature.signedAt} />: “
      {signature.meaning}” (result{' '}
      <code title={signature.resultSha256}>{shortHash(signature.resultSha256)}</code>)
    </p>
  );
}
