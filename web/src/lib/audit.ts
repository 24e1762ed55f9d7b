/**
 * A subject's audit trail for reading: each event's field-level before/after as text, the actions in
 * words, and which screening episodes were signed.
 */
import type { AuditEvent } from '../contracts.ts';

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
      const change = event.changes[field] as AuditEvent['changes'][string];
      return { field, before: formatAuditValue(change.before), after: formatAuditValue(change.after) };
    });
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
