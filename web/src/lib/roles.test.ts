import { describe, expect, it } from 'vitest';
import { checkRoleRows, describeRole, emptyRoleRow, rowsOf, sameRoles, withRole } from './roles.ts';

const SITES = ['mayo-clinic-in-arizona', 'mayo-clinic-in-florida'];

describe('checkRoleRows', () => {
  it('turns rows into assignments: study-wide roles get no site, site roles keep theirs', () => {
    expect(
      checkRoleRows(
        [
          { role: 'statistician', siteId: '' },
          { role: 'coordinator', siteId: 'mayo-clinic-in-arizona' },
          { role: 'monitor', siteId: 'mayo-clinic-in-florida' },
        ],
        SITES,
      ),
    ).toEqual({
      ok: true,
      roles: [
        { role: 'statistician', siteId: null },
        { role: 'coordinator', siteId: 'mayo-clinic-in-arizona' },
        { role: 'monitor', siteId: 'mayo-clinic-in-florida' },
      ],
    });
  });

  it('drops a site left on a study-wide row rather than sending one the server refuses', () => {
    expect(checkRoleRows([{ role: 'admin', siteId: 'mayo-clinic-in-arizona' }], SITES)).toEqual({
      ok: true,
      roles: [{ role: 'admin', siteId: null }],
    });
  });

  it('keys errors by the server field paths', () => {
    expect(
      checkRoleRows(
        [
          { role: '', siteId: '' },
          { role: 'investigator', siteId: '' },
          { role: 'coordinator', siteId: 'nowhere' },
        ],
        SITES,
      ),
    ).toEqual({
      ok: false,
      errors: {
        'roles.0.role': 'choose a role',
        'roles.1.siteId': 'investigator needs a site',
        'roles.2.siteId': 'unknown site "nowhere"',
      },
    });
  });

  it('refuses no roles at all and the same assignment twice', () => {
    expect(checkRoleRows([], SITES)).toEqual({
      ok: false,
      errors: { roles: 'give the user at least one role' },
    });
    expect(
      checkRoleRows(
        [
          { role: 'coordinator', siteId: 'mayo-clinic-in-arizona' },
          { role: 'coordinator', siteId: 'mayo-clinic-in-arizona' },
          { role: 'coordinator', siteId: 'mayo-clinic-in-florida' },
        ],
        SITES,
      ),
    ).toEqual({ ok: false, errors: { 'roles.1.role': 'this role is listed twice' } });
  });
});

describe('withRole', () => {
  it('clears the site when the role becomes study-wide and keeps it for site roles', () => {
    const row = { role: 'coordinator' as const, siteId: 'mayo-clinic-in-arizona' };
    expect(withRole(row, 'admin')).toEqual({ role: 'admin', siteId: '' });
    expect(withRole(row, 'monitor')).toEqual({ role: 'monitor', siteId: 'mayo-clinic-in-arizona' });
    expect(withRole(row, 'superuser')).toEqual({ role: '', siteId: 'mayo-clinic-in-arizona' });
  });
});

describe('rowsOf and emptyRoleRow', () => {
  it('gives the form rows of saved assignments, a study-wide site as empty', () => {
    expect(rowsOf([{ role: 'admin', siteId: null }])).toEqual([{ role: 'admin', siteId: '' }]);
    expect(emptyRoleRow()).toEqual({ role: '', siteId: '' });
  });
});

describe('describeRole', () => {
  it('names the site by its name, or says all sites', () => {
    const names = new Map([['mayo-clinic-in-arizona', 'Mayo Clinic in Arizona']]);
    expect(describeRole({ role: 'coordinator', siteId: 'mayo-clinic-in-arizona' }, names)).toBe(
      'coordinator at Mayo Clinic in Arizona',
    );
    expect(describeRole({ role: 'monitor', siteId: 'gone' }, names)).toBe('monitor at gone');
    expect(describeRole({ role: 'statistician', siteId: null }, names)).toBe('statistician (all sites)');
  });
});

describe('sameRoles', () => {
  it('ignores order but not site', () => {
    const a = [
      { role: 'admin' as const, siteId: null },
      { role: 'monitor' as const, siteId: 'x' },
    ];
    expect(sameRoles(a, [...a].reverse())).toBe(true);
    expect(
      sameRoles(a, [
        { role: 'admin', siteId: null },
        { role: 'monitor', siteId: 'y' },
      ]),
    ).toBe(false);
    expect(sameRoles(a, [{ role: 'admin', siteId: null }])).toBe(false);
  });
});
