import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { quoteCsvField, writeCsv } from './write-csv.ts';

describe('writeCsv (RFC 4180 quoting)', () => {
  it('quotes commas, quotes and line breaks, and leaves plain fields bare', () => {
    expect(quoteCsvField('PD')).toBe('PD');
    expect(quoteCsvField('Arm A (atezolizumab, cabozantinib)')).toBe('"Arm A (atezolizumab, cabozantinib)"');
    expect(quoteCsvField('sum 47 mm; "nadir" 39 mm')).toBe('"sum 47 mm; ""nadir"" 39 mm"');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField(' padded')).toBe('" padded"');
    expect(quoteCsvField(null)).toBe('');
    expect(quoteCsvField(undefined)).toBe('');
    expect(quoteCsvField(-30.5)).toBe('-30.5');
    expect(quoteCsvField(true)).toBe('true');
  });

  it('writes columns in order, empty for missing values, and round-trips through a CSV parser', () => {
    const rows = [
      { USUBJID: 'S1', PARAMCD: 'OVR', AVALC: 'PR', ADT: '2024-03-01', EVNTDESC: 'a, "quoted"\ntext' },
      { USUBJID: 'S2', PARAMCD: 'OVR', AVALC: null },
    ];
    const columns = ['USUBJID', 'PARAMCD', 'AVALC', 'ADT', 'EVNTDESC'];
    const text = writeCsv(columns, rows);
    expect(text.split('\n')[0]).toBe('USUBJID,PARAMCD,AVALC,ADT,EVNTDESC');
    expect(text.endsWith('S2,OVR,,,\n')).toBe(true);
    expect(parse(text)).toEqual([
      columns,
      ['S1', 'OVR', 'PR', '2024-03-01', 'a, "quoted"\ntext'],
      ['S2', 'OVR', '', '', ''],
    ]);
  });

  it('uses CRLF when asked', () => {
    expect(writeCsv(['A'], [{ A: 1 }], { newline: '\r\n' })).toBe('A\r\n1\r\n');
  });

  it('refuses a row column not in the columns, and non-finite numbers', () => {
    expect(() => writeCsv(['A'], [{ A: 1, B: 2 }])).toThrow(/row 1 has column "B"/);
    expect(() => writeCsv(['A'], [{ A: Number.NaN }])).toThrow(/finite/);
  });
});
