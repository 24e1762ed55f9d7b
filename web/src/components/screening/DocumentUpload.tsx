/**
 * FHIR data in: a drop zone around a file input (the input alone works by keyboard), the file checked
 * in the browser (lib/ndjson.ts), then POST /api/subjects/:id/documents, which re-screens — or refuses
 * a file whose patient is not the subject (both values shown; a person may confirm it is the same
 * patient, with a reason). Below it, the documents uploaded so far with their removal.
 */
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import { del, post } from '../../api.ts';
import type { DocumentUploaded, IdentityMismatch, ScreeningRun, SubjectDocument } from '../../contracts.ts';
import { identityMismatchesOf } from '../../lib/identity.ts';
import { formatBytes, MAX_UPLOAD_BYTES, type PreparedUpload, prepareUpload } from '../../lib/ndjson.ts';
import { shortHash } from '../../lib/subject-format.ts';
import { IdentityMismatchNotice } from '../subject/IdentityMismatch.tsx';
import { describeError } from './errors.ts';
import { Time } from './Time.tsx';

interface Chosen {
  name: string;
  size: number;
  prepared: PreparedUpload;
}

async function readChosen(file: File): Promise<Chosen> {
  if (file.size > MAX_UPLOAD_BYTES)
    return {
      name: file.name,
      size: file.size,
      prepared: {
        ok: false,
        message: `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}`,
      },
    };
  return { name: file.name, size: file.size, prepared: prepareUpload(file.name, await file.text()) };
}

export function DocumentUpload({
  subjectId,
  canEdit,
  readOnlyNote,
  documents,
  onUploaded,
  onRemoved,
}: {
  subjectId: string;
  canEdit: boolean;
  /** Said instead of the form when the user may not edit (null: say nothing). */
  readOnlyNote: string | null;
  documents: SubjectDocument[];
  onUploaded: (result: DocumentUploaded, fileName: string) => void;
  onRemoved: (result: ScreeningRun, fileName: string) => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mismatches, setMismatches] = useState<IdentityMismatch[] | null>(null);

  const choose = async (file: File | undefined) => {
    setError(null);
    setMismatches(null);
    setChosen(file ? await readChosen(file) : null);
  };

  const onDrop = (event: DragEvent<HTMLFieldSetElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!canEdit || busy) return;
    void choose(event.dataTransfer.files[0]);
  };

  const send = async (identityMismatchReason?: string) => {
    if (!chosen?.prepared.ok) return;
    setBusy(true);
    setError(null);
    try {
      const result = await post<DocumentUploaded>(`/api/subjects/${subjectId}/documents`, {
        ...chosen.prepared.body,
        ...(identityMismatchReason ? { identityMismatchReason } : {}),
      });
      setChosen(null);
      setMismatches(null);
      if (input.current) input.current.value = '';
      onUploaded(result, chosen.name);
    } catch (e) {
      const refused = identityMismatchesOf(e);
      if (refused) setMismatches(refused);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };
  /** Another person's record: forget the chosen file. */
  const cancel = () => {
    setChosen(null);
    setMismatches(null);
    if (input.current) input.current.value = '';
  };

  const active = documents.filter((d) => !d.removedAt);
  return (
    <section className="panel" aria-labelledby={`${inputId}-heading`}>
      <h3 id={`${inputId}-heading`}>FHIR data</h3>
      {canEdit ? (
        <form onSubmit={submit}>
          {/* The drop zone only adds dragging; the file input inside it is the accessible control. */}
          <fieldset
            className={`dropzone${dragging ? ' dropzone-active' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <legend className="visually-hidden">FHIR file</legend>
            <label htmlFor={inputId}>Choose a FHIR file</label>
            <input
              ref={input}
              id={inputId}
              type="file"
              accept=".json,.ndjson,.jsonl,application/json,application/fhir+json,application/x-ndjson"
              aria-describedby={hintId}
              disabled={busy}
              onChange={(e) => void choose(e.currentTarget.files?.[0])}
            />
            <p id={hintId} className="muted">
              A FHIR Bundle (.json) or NDJSON, one resource a line (.ndjson) — or drop the file here.
            </p>
          </fieldset>
          {chosen?.prepared.ok && (
            <p className="chosen">
              <strong>{chosen.name}</strong> — {formatBytes(chosen.size)}, {chosen.prepared.resourceCount}{' '}
              {chosen.prepared.resourceCount === 1 ? 'resource' : 'resources'} (
              {Object.entries(chosen.prepared.resourceTypes)
                .map(([type, n]) => `${type} ${n}`)
                .join(', ')}
              )
            </p>
          )}
          {chosen && !chosen.prepared.ok && (
            <p role="alert" className="error">
              {chosen.prepared.message}
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              Upload failed: {error}
            </p>
          )}
          {!mismatches && (
            <button type="submit" disabled={busy || !chosen?.prepared.ok}>
              {busy ? 'Uploading…' : 'Upload FHIR data'}
            </button>
          )}
        </form>
      ) : (
        readOnlyNote && <p className="muted">{readOnlyNote}</p>
      )}
      {mismatches && chosen && (
        <IdentityMismatchNotice
          mismatches={mismatches}
          what={`The patient of ${chosen.name}`}
          correctionHref={`/subjects/${subjectId}/identity`}
          confirmLabel="Same patient: upload with this reason"
          busy={busy}
          onConfirm={(reason) => void send(reason)}
          onCancel={cancel}
        />
      )}
      <h4>Uploaded documents</h4>
      {documents.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="documents">
          {documents.map((d) => (
            <li key={d.id} className={d.removedAt ? 'removed' : undefined}>
              <strong>{d.fileName}</strong> — {d.resourceCount}{' '}
              {d.resourceCount === 1 ? 'resource' : 'resources'}
              <div className="muted">
                Uploaded <Time iso={d.uploadedAt} /> by {d.uploadedBy}, SHA-256{' '}
                <code title={d.sha256}>{shortHash(d.sha256)}</code>
              </div>
              {d.identityConfirmation && (
                <div>
                  Its patient differed from the subject; confirmed the same patient: {d.identityConfirmation}
                </div>
              )}
              {d.removedAt ? (
                <div>
                  Removed <Time iso={d.removedAt} /> by {d.removedBy}
                  {d.removalReason ? `: ${d.removalReason}` : ''}
                </div>
              ) : (
                canEdit && <RemoveDocument subjectId={subjectId} document={d} onRemoved={onRemoved} />
              )}
            </li>
          ))}
        </ul>
      )}
      {documents.length > 0 && (
        <p className="muted">
          {active.length} of {documents.length} {documents.length === 1 ? 'document' : 'documents'} in use for
          screening.
        </p>
      )}
    </section>
  );
}

/** Removing a document keeps it on record (marked removed) and re-screens; the server wants a reason. */
function RemoveDocument({
  subjectId,
  document,
  onRemoved,
}: {
  subjectId: string;
  document: SubjectDocument;
  onRemoved: (result: ScreeningRun, fileName: string) => void;
}) {
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" className="secondary small" onClick={() => setOpen(true)}>
        Remove {document.fileName}
      </button>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('give the reason for removing it');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await del<ScreeningRun>(`/api/subjects/${subjectId}/documents/${document.id}`, {
        reason: reason.trim(),
      });
      onRemoved(result, document.fileName);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="inline-form">
      <label htmlFor={reasonId}>Reason for removing {document.fileName}</label>
      <input
        id={reasonId}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={error ? true : undefined}
        // biome-ignore lint/a11y/noAutofocus: the field the user just asked for by pressing Remove
        autoFocus
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Remove document
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setOpen(false)} disabled={busy}>
        Cancel
      </button>
    </form>
  );
}
