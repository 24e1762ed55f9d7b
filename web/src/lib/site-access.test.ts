import { describe, expect, it } from 'vitest';
import { holdsAt, readsSubjects, visibleSiteIds } from './site-access.ts';

const ROCHESTER = 'mayo-clinic-in-rochester';
const ARIZONA = 'mayo-clinic-in-arizona';
const FLORIDA = 'mayo-clinic-in-florida';

describe('site access', () => {
  const staff = [
    { role: 'coordinator' as const, siteId: ROCHESTER },
    { role: 'monitor' as const, siteId: ARIZONA },
  ];

  it('lets site staff act only where they hold the role', () => {
    expect(holdsAt(staff, ['coordinator', 'investigator'], ROCHESTER)).toBe(true);
    expect(holdsAt(staff, ['coordinator', 'investigator'], ARIZONA)).toBe(false);
    expect(holdsAt(staff, ['investigator'], ROCHESTER)).toBe(false);
    expect(holdsAt([{ role: 'admin', siteId: null }], ['coordinator'], ROCHESTER)).toBe(false);
  });

  it('shows site staff their own sites and study-wide roles every site', () => {
    const all = [ARIZONA, FLORIDA, ROCHESTER];
    expect(visibleSiteIds(staff, all)).toEqual([ARIZONA, ROCHESTER]);
    expect(visibleSiteIds([{ role: 'statistician', siteId: null }], all)).toEqual(all);
    expect(visibleSiteIds([], all)).toEqual([]);
  });

  it("shows an admin no site's subjects and no subject page, unless it holds a clinical role too", () => {
    const all = [ARIZONA, FLORIDA, ROCHESTER];
    const admin = [{ role: 'admin' as const, siteId: null }];
    expect(visibleSiteIds(admin, all)).toEqual([]);
    expect(readsSubjects(admin)).toBe(false);
    expect(readsSubjects([...admin, { role: 'monitor', siteId: ROCHESTER }])).toBe(true);
    expect(readsSubjects(staff)).toBe(true);
  });
});
