/**
 * Removes a study event entered in error (POST …/events/:eventId/removal): the record stays listed,
 * struck through, with the reason, and the audit trail keeps what it said. The server refuses a
 * removal that would leave an impossible history (a cycle start whose doses are recorded) and says why.
 */
import { type FormEvent, useId, useState } from 'react';
import { post } from '../../api.ts';
import type { StudyEvent } from '../../contracts.ts';
import { errorText } from '../../lib/form-errors.ts';
import { describeEvent } from '../../lib/on-study.ts';
import { FormAlert } from '../admin/form-messages.tsx';
import { Modal } from '../Modal.tsx';

export function RemoveEventDialog({
  subjectId,
  event,
  onClose,
  onRemoved,
}: {
  subjectId: string;
  /** The event to remove; the dialog is closed when null. */
  event: StudyEvent | null;
  onClose: () => void;
  onRemoved: (summary: string) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setReason('');
    setError(null);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!event) return;
    if (!reason.trim()) {
      setError('Say why the record is removed: the reason is kept in the audit trail.');
      return;
    }
    setBusy(true);
    try {
      await post(`/api/subjects/${subjectId}/events/${event.id}/removal`, { version: event.version, reason });
      setReason('');
      setError(null);
      onRemoved(`Removed: ${describeEvent(event)}.`);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={event !== null} onClose={close} labelledBy={`${id}-heading`}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-heading`}>Remove this record</h2>
        <p>{event && describeEvent(event)}</p>
        <p className="muted">
          It stays listed, marked as removed, with your reason; the audit trail keeps what it said.
        </p>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input
          id={`${id}-reason`}
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          disabled={busy}
        />
        <FormAlert message={error} />
        <p className="actions">
          <button type="submit" disabled={busy}>
            Remove the record
          </button>{' '}
          <button type="button" className="secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
        </p>
      </form>
    </Modal>
  );
}
