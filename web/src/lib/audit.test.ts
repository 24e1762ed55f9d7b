import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../contracts.ts';
import { actionLabel, changeRows, formatAuditValue, signaturesFromAudit } from './audit.ts';

const HASH = 'ab'.repeat(32);

const event = (
  seq: number,
  action: string,
  entityId: string,
  changes: AuditEvent['changes'],
  reason: string | null = null,
): AuditEvent => ({
  seq,
  occurred_at: `2026-03-30T1${seq}:00:00.000Z`,
  actor_id: 'u1',
  actor: 'coord',
  role: 'coordinator',
  site_id: 'mayo-clinic-in-rochester',
  action,
  entity_type: 'subject_document',
  entity_id: entityId,
  subject_id: 's1',
  changes,
  reason,
  request_id: null,
  prev_sha256: HASH,
  sha256: HASH,
});

describe('audit history', () => {
  it('writes before/after values for reading', () => {
    expect(formatAuditValue(null)).toBe('—');
    expect(formatAuditValue(undefined)).toBe('—');
    expect(formatAuditValue(true)).toBe('yes');
    expect(formatAuditValue(25)).toBe('25');
    expect(formatAuditValue('2026-03-30')).toBe('2026-03-30');
    expect(formatAuditValue(HASH)).toBe('abababababab…');
    expect(formatAuditValue([])).toBe('(none)');
    expect(formatAuditValue(['I16', 'E01'])).toBe('I16, E01');
    expect(formatAuditValue({ kind: 'code', value: 'lenvatinib' })).toBe('lenvatinib');
    expect(formatAuditValue({ kind: 'boolean', value: false })).toBe('no');
    expect(formatAuditValue({ 'planned-mki': 'lenvatinib' })).toBe('planned-mki=lenvatinib');
  });

  it('lists an event’s changed fields in name order', () => {
    const e = event(1, 'screening.run', 'e1', {
      overall: { before: 'incomplete', after: 'eligible' },
      asOf: { before: '2026-11-24', after: '2026-03-30' },
      failing: { before: null, after: [] },
    });
    expect(changeRows(e)).toEqual([
      { field: 'asOf', before: '2026-11-24', after: '2026-03-30' },
      { field: 'failing', before: '—', after: '(none)' },
      { field: 'overall', before: 'incomplete', after: 'eligible' },
    ]);
  });

  it('names actions in words and keeps unknown ones as they are', () => {
    expect(actionLabel('signature.sign')).toBe('Eligibility signed');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('finds which episodes were signed, and by whom', () => {
    const events = [
      event(5, 'signature.sign', 'sig2', {
        episode: { before: null, after: 3 },
        meaning: { before: null, after: 'I confirm eligibility' },
      }),
      event(2, 'signature.sign', 'sig1', { episode: { before: null, after: 1 } }),
      event(3, 'signature.superseded', 'sig1', { valid: { before: true, after: false } }),
    ];
    const signed = signaturesFromAudit(events);
    expect([...signed.keys()].sort()).toEqual([1, 3]);
    expect(signed.get(3)).toEqual({ episode: 3, by: 'coord', at: '2026-03-30T15:00:00.000Z' });
  });
});
