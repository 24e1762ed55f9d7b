import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { daysBetween, type IsoDate } from '../clinical/index.ts';
import { type PatientFacts, screenPatient } from '../eligibility/index.ts';
import { loadProtocol } from '../protocol/index.ts';
import { factsFromBundle } from './intake.ts';
import { shiftDates } from './shift-dates.ts';

describe('shiftDates', () => {
  it('moves dates and dateTimes by whole days, across month and year ends, keeping birth dates and partial dates', () => {
    const resource = {
      birthDate: '1958-09-03',
      effectiveDateTime: '2026-03-30T08:00:00-05:00',
      period: { start: '2025-12-31', end: '2026-02-28' },
      valueDate: '2024',
      note: 'seen 2026-03-30',
      code: { text: '2026-03-30' },
    };
    expect(shiftDates(resource, 2)).toEqual({
      birthDate: '1958-09-03',
      effectiveDateTime: '2026-04-01T08:00:00-05:00',
      period: { start: '2026-01-02', end: '2026-03-02' },
      valueDate: '2024',
      note: 'seen 2026-03-30',
      code: { text: '2026-04-01' },
    });
    expect(shiftDates({ d: '2024-02-28' }, 1)).toEqual({ d: '2024-02-29' });
    expect(shiftDates({ d: '2026-03-01' }, -1)).toEqual({ d: '2026-02-28' });
    expect(() => shiftDates({}, 1.5)).toThrow('whole number');
  });

  it('keeps the eligible example eligible on the day it is moved to', () => {
    const protocol = loadProtocol();
    const bundle = JSON.parse(
      readFileSync(new URL('../../examples/patients/eligible.json', import.meta.url), 'utf8'),
    );
    const days = daysBetween('2026-03-30' as IsoDate, '2026-11-24' as IsoDate);
    expect(days).toBe(239);
    const facts = (bundle: unknown) => factsFromBundle(bundle, 'eligible.json').patients[0] as PatientFacts;
    const context = (asOf: string) => ({ asOf, siteId: 'mayo-clinic-in-rochester' });
    expect(screenPatient(protocol, facts(bundle), context('2026-11-24')).overall).not.toBe('eligible');
    expect(screenPatient(protocol, facts(shiftDates(bundle, days)), context('2026-11-24')).overall).toBe(
      'eligible',
    );
  });
});
