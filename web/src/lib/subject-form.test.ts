import { describe, expect, it } from 'vitest';
import { fieldOfPath, normalizeInitials, validateNewSubject } from './subject-form.ts';

const SITES = ['mayo-clinic-in-rochester'];
const TODAY = '2026-03-30';
const valid = { siteId: 'mayo-clinic-in-rochester', initials: 'AL', birthDate: '1958-09-03', sex: 'male' };

describe('the new subject form', () => {
  it('accepts a complete subject at one of the user’s sites', () => {
    expect(validateNewSubject(valid, SITES, TODAY)).toEqual({});
  });

  it('normalizes initials as people type them', () => {
    expect(normalizeInitials('a.l.')).toBe('AL');
    expect(normalizeInitials(' j-p k ')).toBe('JPK');
    expect(validateNewSubject({ ...valid, initials: 'a.l.' }, SITES, TODAY)).toEqual({});
  });

  it('names every field that is wrong', () => {
    expect(
      validateNewSubject(
        { siteId: 'mayo-clinic-in-arizona', initials: 'ABCD', birthDate: '2026-04-01', sex: '' },
        SITES,
        TODAY,
      ),
    ).toEqual({
      siteId: 'you are not a coordinator or investigator at this site',
      initials: 'one to three letters A–Z',
      birthDate: '2026-04-01 is in the future',
      sex: 'choose one',
    });
    expect(
      validateNewSubject({ ...valid, siteId: '', birthDate: '1958-02-30', initials: 'Ø' }, SITES, TODAY),
    ).toEqual({
      siteId: 'choose a site',
      initials: 'one to three letters A–Z',
      birthDate: 'enter a date as YYYY-MM-DD',
    });
  });

  it('asks for the whole birth date when the date field is empty or incomplete', () => {
    expect(validateNewSubject({ ...valid, birthDate: '' }, SITES, TODAY)).toEqual({
      birthDate: 'enter the whole birth date',
    });
  });

  it('maps API field paths to form fields', () => {
    expect(fieldOfPath('body.initials')).toBe('initials');
    expect(fieldOfPath('birthDate')).toBe('birthDate');
    expect(fieldOfPath('answers.0.value')).toBe('value');
  });
});
