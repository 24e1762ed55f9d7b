import { describe, expect, it } from 'vitest';
import type { User } from '../contracts.ts';
import {
  auditSummary,
  checkNewUser,
  checkPasswordReset,
  checkReason,
  editFormOf,
  isLocked,
  isoDateTime,
  lockText,
  siteStatusPatch,
  userPatch,
} from './admin.ts';

const SITES = ['mayo-clinic-in-arizona', 'mayo-clinic-in-florida'];
const NOW = new Date('2026-03-30T12:00:00Z');

const user = (over: Partial<User> = {}): User => ({
  id: '7b0c2c5e-4a8e-4b55-9a55-000000000001',
  username: 'coord.az',
  displayName: 'Coordinator Arizona',
  active: true,
  mustChangePassword: false,
  lockedUntil: null,
  totpEnabled: false,
  roles: [{ role: 'coordinator', siteId: 'mayo-clinic-in-arizona' }],
  version: 3,
  ...over,
});

describe('isoDateTime', () => {
  it('shows a timestamp as ISO date and minute in UTC', () => {
    expect(isoDateTime('2026-03-30T07:15:42.123-05:00')).toBe('2026-03-30 12:15 UTC');
    expect(isoDateTime(null)).toBeNull();
    expect(isoDateTime('soon')).toBeNull();
  });
});

describe('locks', () => {
  it('counts a lock only until it runs out', () => {
    expect(isLocked(user({ lockedUntil: '2026-03-30T12:10:00Z' }), NOW)).toBe(true);
    expect(isLocked(user({ lockedUntil: '2026-03-30T11:59:00Z' }), NOW)).toBe(false);
    expect(lockText(user({ lockedUntil: '2026-03-30T12:10:00Z' }), NOW)).toBe(
      'Locked until 2026-03-30 12:10 UTC',
    );
    expect(lockText(user(), NOW)).toBe('Not locked');
  });
});

describe('checkReason', () => {
  it('wants a reason that is not blank and fits the audit trail', () => {
    expect(checkReason('  ')).toMatch(/say why/);
    expect(checkReason('x'.repeat(2001))).toMatch(/at most 2000/);
    expect(checkReason('moved to Florida')).toBeNull();
  });
});

describe('checkNewUser', () => {
  const form = {
    username: 'monitor.fl',
    displayName: ' Monitor Florida ',
    password: 'temporary-pass-1',
    roles: [{ role: 'monitor' as const, siteId: 'mayo-clinic-in-florida' }],
  };

  it('gives the POST body with the name trimmed and roles as assignments', () => {
    expect(checkNewUser(form, SITES)).toEqual({
      ok: true,
      body: {
        username: 'monitor.fl',
        displayName: 'Monitor Florida',
        password: 'temporary-pass-1',
        roles: [{ role: 'monitor', siteId: 'mayo-clinic-in-florida' }],
      },
    });
  });

  it('collects every field error, roles included', () => {
    const result = checkNewUser(
      { username: 'Bad Name', displayName: '', password: 'short', roles: [{ role: 'monitor', siteId: '' }] },
      SITES,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.errors).sort()).toEqual([
        'displayName',
        'password',
        'roles.0.siteId',
        'username',
      ]);
  });
});

describe('userPatch', () => {
  it('sends only what changed, with the version and the reason', () => {
    const u = user();
    const form = { ...editFormOf(u), active: false, reason: ' left the study ' };
    expect(userPatch(u, form, SITES, NOW)).toEqual({
      ok: true,
      body: { version: 3, active: false, reason: 'left the study' },
    });
  });

  it('sends roles when they differ as a set, not when only their order does', () => {
    const u = user({
      roles: [
        { role: 'coordinator', siteId: 'mayo-clinic-in-arizona' },
        { role: 'monitor', siteId: 'mayo-clinic-in-florida' },
      ],
    });
    const reordered = { ...editFormOf(u), roles: [...editFormOf(u).roles].reverse(), reason: 'r' };
    expect(userPatch(u, reordered, SITES, NOW)).toEqual({ ok: false, errors: { form: 'nothing changed' } });
    const added = {
      ...editFormOf(u),
      roles: [...editFormOf(u).roles, { role: 'investigator' as const, siteId: 'mayo-clinic-in-arizona' }],
      reason: 'r',
    };
    const result = userPatch(u, added, SITES, NOW);
    expect(result.ok && result.body.roles).toHaveLength(3);
  });

  it('unlocks only an account that is locked now', () => {
    const locked = user({ lockedUntil: '2026-03-30T12:10:00Z' });
    expect(userPatch(locked, { ...editFormOf(locked), unlock: true, reason: 'called' }, SITES, NOW)).toEqual({
      ok: true,
      body: { version: 3, unlock: true, reason: 'called' },
    });
    const expired = user({ lockedUntil: '2026-03-30T11:00:00Z' });
    expect(
      userPatch(expired, { ...editFormOf(expired), unlock: true, reason: 'called' }, SITES, NOW),
    ).toEqual({
      ok: false,
      errors: { form: 'nothing changed' },
    });
  });

  it('asks for a reason when something changed, and checks the roles', () => {
    const u = user();
    expect(userPatch(u, { ...editFormOf(u), displayName: 'New Name' }, SITES, NOW)).toEqual({
      ok: false,
      errors: { reason: 'say why (it is kept in the audit trail)' },
    });
    expect(
      userPatch(
        u,
        { ...editFormOf(u), roles: [{ role: 'investigator', siteId: '' }], reason: 'r' },
        SITES,
        NOW,
      ),
    ).toEqual({ ok: false, errors: { 'roles.0.siteId': 'investigator needs a site' } });
  });
});

describe('checkPasswordReset', () => {
  it('wants a rule-abiding temporary password and a reason', () => {
    expect(checkPasswordReset({ password: 'short', reason: '' })).toEqual({
      password: 'use at least 12 characters (this one has 5)',
      reason: 'say why (it is kept in the audit trail)',
    });
    expect(checkPasswordReset({ password: 'long enough pw', reason: 'forgot it' })).toEqual({});
  });
});

describe('auditSummary', () => {
  it('says intact with the event count', () => {
    expect(auditSummary({ ok: true, events: 42, headSeq: 42 })).toEqual({
      ok: true,
      text: 'Audit trail intact: 42 events, hash chain verified to event 42.',
      problems: [],
    });
    expect(auditSummary({ ok: true, events: 42, headSeq: 42, keyChecked: true }).text).toBe(
      'Audit trail intact: 42 events, hash chain and MACs verified to event 42.',
    );
  });

  it('counts and lists every problem when there are several', () => {
    const broken = [
      { seq: 7, problem: 'content does not match its hash' },
      { seq: 12, problem: 'its MAC does not match' },
    ];
    const s = auditSummary({
      ok: false,
      events: 6,
      headSeq: 20,
      firstBroken: broken[0],
      broken,
      brokenCount: 2,
    });
    expect(s.text).toBe(
      'Audit trail BROKEN — 2 problems, first broken at event 7: content does not match its hash. 6 events verified before it; the head records event 20.',
    );
    expect(s.problems).toEqual(broken);
  });

  it('names the first broken event and the problem', () => {
    const s = auditSummary({
      ok: false,
      events: 6,
      headSeq: 9,
      firstBroken: { seq: 7, problem: 'content does not match its hash' },
    });
    expect(s.ok).toBe(false);
    expect(s.text).toBe(
      'Audit trail BROKEN — first broken at event 7: content does not match its hash. 6 events verified before it; the head records event 9.',
    );
  });
});

describe('siteStatusPatch', () => {
  const site = { recruitingStatus: 'RECRUITING', version: 2 };

  it('gives status, version and trimmed reason', () => {
    expect(siteStatusPatch(site, 'SUSPENDED', ' IRB hold ')).toEqual({
      ok: true,
      body: { recruitingStatus: 'SUSPENDED', version: 2, reason: 'IRB hold' },
    });
  });

  it('refuses no site, an unknown or unchanged status, and no reason', () => {
    expect(siteStatusPatch(undefined, 'SUSPENDED', 'r')).toEqual({
      ok: false,
      errors: { siteId: 'choose a site' },
    });
    expect(siteStatusPatch(site, 'PAUSED', 'r')).toEqual({
      ok: false,
      errors: { recruitingStatus: 'choose a status' },
    });
    expect(siteStatusPatch(site, 'RECRUITING', '')).toEqual({
      ok: false,
      errors: {
        recruitingStatus: 'the site has this status already',
        reason: 'say why (it is kept in the audit trail)',
      },
    });
  });
});
