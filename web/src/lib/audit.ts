/**
 * A subject's audit trail for reading: each event's field-level before/after as text, the actions in
 * words, and the uploaded documents (the API has no document list; the trail records every upload and
 * removal with the file name, hash and resource count).
 */
import type { AuditEvent } from './subject-types.ts';

export const ACTION_LABEL: Record<string, string> = {
  'subject.create': 'Subject created',
  'subject.update': 'Identity corrected',
  'subject.status': 'Status changed',
  'document.upload': 'FHIR data uploaded',
  'document.remove': 'FHIR data removed',
  'attestation.record': 'Answer recorded',
  'screening.run': 'Screened',
  'signature.sign': 'Eligibility signed',
  'signature.superseded': 'Signature superseded',
  'randomization.allocate': 'Randomized',
};

export const actionLabel = (action: string): string => ACTION_LABEL[action] ?? action;

const SHA256 = /^[0-9a-f]{64}$/;

/** One before/after value as text: `—` for none, answers by their value, hashes shortened. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return SHA256.test(value) ? `${value.slice(0, 12)}…` : value;
  if (Array.isArray(value)) return value.length ? value.map(formatAuditValue).join(', ') : '(none)';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // An answer as stored: { kind: 'boolean' | 'date' | 'code', value }.
    if ('kind' in record && 'value' in record && Object.keys(record).length === 2)
      return formatAuditValue(record.value);
    return Object.entries(record)
      .map(([k, v]) => `${k}=${formatAuditValue(v)}`)
      .join(', ');
  }
  return String(value);
}

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

/** The fields an event changed, in name order, as text. */
export function changeRows(event: Pick<AuditEvent, 'changes'>): ChangeRow[] {
  return Object.keys(event.changes)
    .sort()
    .map((field) => {
      const change = event.changes[field] as { before: unknown; after: unknown };
      return { field, before: formatAuditValue(change.before), after: formatAuditValue(change.after) };
    });
}

export interface UploadedDocument {
  documentId: string;
  fileName: string;
  resources: number | null;
  sha256: string | null;
  uploadedAt: string;
  uploadedBy: string;
  removed: { at: string; by: string; reason: string | null } | null;
}

/** The documents uploaded for the subject, oldest first, with their removal if any. */
export function documentsFromAudit(events: readonly AuditEvent[]): UploadedDocument[] {
  const documents = new Map<string, UploadedDocument>();
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (event.action === 'document.upload') {
      const after = (field: string) => event.changes[field]?.after;
      const resources = after('resources');
      const sha256 = after('sha256');
      documents.set(event.entity_id, {
        documentId: event.entity_id,
        fileName: String(after('fileName') ?? 'unnamed file'),
        resources: typeof resources === 'number' ? resources : null,
        sha256: typeof sha256 === 'string' ? sha256 : null,
        uploadedAt: event.occurred_at,
        uploadedBy: event.actor,
        removed: null,
      });
    } else if (event.action === 'document.remove') {
      const document = documents.get(event.entity_id);
      if (document) document.removed = { at: event.occurred_at, by: event.actor, reason: event.reason };
    }
  }
  return [...documents.values()];
}

export interface SignatureRecord {
  episode: number;
  by: string;
  at: string;
}

/** Which screening episodes an investigator signed, by episode number (`signature.sign` events). */
export function signaturesFromAudit(events: readonly AuditEvent[]): Map<number, SignatureRecord> {
  const signed = new Map<number, SignatureRecord>();
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (event.action !== 'signature.sign') continue;
    const episode = event.changes.episode?.after;
    if (typeof episode === 'number') signed.set(episode, { episode, by: event.actor, at: event.occurred_at });
  }
  return signed;
}
