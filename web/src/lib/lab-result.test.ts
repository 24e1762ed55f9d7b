import { describe, expect, it } from 'vitest';
import { enterableLabs, labOptionLabel, labResultBody } from './lab-result.ts';
import type { LabSummary } from './subject-types.ts';

const TODAY = '2026-03-30';
const PLATELETS: LabSummary = {
  id: 'platelets',
  name: 'Platelet count',
  loinc: ['777-3', '26515-7'],
  kind: 'quantitative',
  unit: '10*9/L',
  unitLabel: '×10⁹/L',
};
const HBSAG: LabSummary = { id: 'hbsag', name: 'HBsAg', loinc: ['5196-1'], kind: 'qualitative' };
const draft = { labId: 'platelets', value: '180', unit: '10*9/L', date: '2026-03-28' };

describe('lab-result form', () => {
  it('offers only labs with a canonical unit, labelled with it', () => {
    const labs = enterableLabs([PLATELETS, HBSAG]);
    expect(labs.map((l) => l.id)).toEqual(['platelets']);
    expect(labOptionLabel(labs[0] as (typeof labs)[0])).toBe('Platelet count (×10⁹/L)');
    expect(labOptionLabel({ ...PLATELETS, unitLabel: undefined, unit: 'g/L' })).toBe('Platelet count (g/L)');
  });

  it('builds the body with the value as a number and trimmed text', () => {
    expect(labResultBody({ ...draft, value: ' 180000 ', unit: ' /uL ' }, TODAY)).toEqual({
      ok: true,
      body: { labId: 'platelets', value: 180000, unit: '/uL', date: '2026-03-28' },
    });
    expect(labResultBody({ ...draft, value: '4.5' }, TODAY)).toMatchObject({ body: { value: 4.5 } });
    expect(labResultBody({ ...draft, date: TODAY }, TODAY).ok).toBe(true);
  });

  it('names each field that is missing or malformed', () => {
    const result = labResultBody({ labId: '', value: '', unit: '', date: '' }, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fields).sort()).toEqual(['date', 'labId', 'unit', 'value']);
  });

  it('refuses ambiguous numbers, spaced units, impossible and future dates', () => {
    const fields = (d: Partial<typeof draft>) => {
      const r = labResultBody({ ...draft, ...d }, TODAY);
      return r.ok ? {} : r.fields;
    };
    for (const value of ['180,000', '1 80', 'abc', '1e999', 'Infinity', 'NaN'])
      expect(fields({ value }), value).toHaveProperty('value');
    expect(fields({ unit: '10^9 /L' })).toHaveProperty('unit');
    expect(fields({ date: '2026-02-30' })).toEqual({ date: 'enter a date as YYYY-MM-DD' });
    expect(fields({ date: '28/03/2026' })).toEqual({ date: 'enter a date as YYYY-MM-DD' });
    expect(fields({ date: '2026-03-31' })).toEqual({ date: '2026-03-31 is after today (2026-03-30)' });
  });
});
