import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../contracts.ts';
import {
  describePanel,
  type EnterableLab,
  emptyPanel,
  enterableLabs,
  labOptionLabel,
  labPanelBody,
  panelFieldOf,
} from './lab-result.ts';

const TODAY = '2026-03-30';
const PLATELETS: LabDocument = {
  id: 'platelets',
  name: 'Platelet count',
  loinc: ['777-3', '26515-7'],
  kind: 'quantitative',
  unit: '10*9/L',
  unitLabel: '×10⁹/L',
};
const ANC: LabDocument = { id: 'anc', name: 'ANC', loinc: ['751-8'], kind: 'quantitative', unit: '10*9/L' };
const HBSAG: LabDocument = { id: 'hbsag', name: 'HBsAg', loinc: ['5196-1'], kind: 'qualitative' };
const labs = enterableLabs([PLATELETS, ANC, HBSAG]) as EnterableLab[];
const filled = (rows: Record<string, { value: string; unit?: string }>, date = '2026-03-28') => {
  const draft = emptyPanel(labs, date);
  for (const [id, row] of Object.entries(rows))
    draft.rows[id] = { value: row.value, unit: row.unit ?? (draft.rows[id]?.unit as string) };
  return draft;
};

describe('lab panel form', () => {
  it('offers only labs with a canonical unit, each row starting with it', () => {
    expect(labs.map((l) => l.id)).toEqual(['platelets', 'anc']);
    expect(labOptionLabel(labs[0] as EnterableLab)).toBe('Platelet count (×10⁹/L)');
    expect(emptyPanel(labs, TODAY)).toEqual({
      date: TODAY,
      rows: { platelets: { value: '', unit: '10*9/L' }, anc: { value: '', unit: '10*9/L' } },
    });
  });

  it('sends only the rows with a value, numbers as numbers, trimmed, in the labs’ order', () => {
    expect(
      labPanelBody(
        labs,
        filled({ anc: { value: ' 2.1 ' }, platelets: { value: '210000', unit: ' /uL ' } }),
        TODAY,
      ),
    ).toEqual({
      ok: true,
      body: {
        date: '2026-03-28',
        results: [
          { labId: 'platelets', value: 210000, unit: '/uL' },
          { labId: 'anc', value: 2.1, unit: '10*9/L' },
        ],
      },
    });
    expect(labPanelBody(labs, filled({ anc: { value: '2' } }, TODAY), TODAY).ok).toBe(true);
  });

  it('names each field that is wrong, per lab', () => {
    const result = labPanelBody(
      labs,
      filled({ platelets: { value: '180,000' }, anc: { value: '2', unit: '10^9 /L' } }, '2026-03-31'),
      TODAY,
    );
    expect(result).toEqual({
      ok: false,
      fields: {
        date: '2026-03-31 is after today (2026-03-30)',
        'platelets.value': 'a number such as 180 or 4.5 (a point for decimals, no thousands separators)',
        'anc.unit': 'a UCUM unit has no spaces, e.g. 10*9/L or mg/dL',
      },
    });
    expect(labPanelBody(labs, filled({}), TODAY)).toEqual({
      ok: false,
      fields: { results: 'enter at least one value' },
    });
    for (const date of ['', '2026-02-30', '28/03/2026'])
      expect(labPanelBody(labs, filled({ anc: { value: '2' } }, date), TODAY)).toMatchObject({
        fields: { date: 'enter the date of the samples as YYYY-MM-DD' },
      });
  });

  it('maps the server’s field paths back to the rows, and says what was saved', () => {
    const body = {
      date: '2026-03-28',
      results: [
        { labId: 'platelets', value: 210000, unit: '/uL' },
        { labId: 'anc', value: 2.1, unit: 'mg/dL' },
      ],
    };
    expect(panelFieldOf('body.results.1.unit', body)).toBe('anc.unit');
    expect(panelFieldOf('body.date', body)).toBe('date');
    expect(panelFieldOf('body.results.7.unit', body)).toBe('results.7.unit');
    expect(describePanel(labs, body)).toBe('Platelet count 210000 /uL, ANC 2.1 mg/dL');
  });
});
