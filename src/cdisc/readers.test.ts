import { describe, expect, it } from 'vitest';
import { readAdsl } from './adsl.ts';
import { readRs } from './rs.ts';
import { readTr } from './tr.ts';
import { readTu } from './tu.ts';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const TU = csv(
  'STUDYID,DOMAIN,USUBJID,TUSEQ,TULNKID,TUTESTCD,TUORRES,TUSTRESC,TULOC,TUEVAL,TUEVALID,TUACPTFL,VISITNUM,VISIT,TUDTC,EXTRA',
  'S,TU,01-001,1,T01,TUMIDENT,TARGET,TARGET,LIVER,INVESTIGATOR,,,1,SCREENING,2024-01-10,x',
  'S,TU,01-001,2,T02,TUMIDENT,TARGET,TARGET,LYMPH NODE,INVESTIGATOR,,,1,SCREENING,2024-01-10,x',
  'S,TU,01-001,3,NT01,TUMIDENT,NON-TARGET,NON-TARGET,AXILLARY LYMPH NODE,investigator,,,1,SCREENING,2024-01-10,x',
  'S,TU,01-001,4,NEW01,TUMIDENT,NEW,NEW,LIVER,INVESTIGATOR,,,3,WEEK 9,2024-03-15,x',
  'S,TU,01-001,5,T01,TUMIDENT,TARGET,TARGET,LIVER,INDEPENDENT ASSESSOR,RADIOLOGIST 1,Y,1,SCREENING,2024-01-10,x',
  'S,TU,01-001,6,T01,TUMIDENT,TARGET,TARGET,LIVER,INDEPENDENT ASSESSOR,RADIOLOGIST 2,,1,SCREENING,2024-01-10,x',
);

describe('readTu', () => {
  it('reads lesions with kind, location and nodal status; extra columns are ignored', () => {
    const { records, problems, ignored } = readTu(TU, 'tu.csv');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.lesionId, r.kind, r.nodal, r.location])).toEqual([
      ['T01', 'target', false, 'LIVER'],
      ['T02', 'target', true, 'LYMPH NODE'],
      ['NT01', 'non-target', true, 'AXILLARY LYMPH NODE'],
      ['NEW01', 'new', false, 'LIVER'],
    ]);
    expect(records[0]).toMatchObject({
      source: { file: 'tu.csv', line: 2 },
      studyid: 'S',
      usubjid: '01-001',
      visit: 'SCREENING',
      visitnum: 1,
      date: { date: '2024-01-10', flag: null },
      evaluator: 'INVESTIGATOR',
    });
    expect(ignored).toEqual({
      'evaluator INDEPENDENT ASSESSOR / RADIOLOGIST 1': 1,
      'evaluator INDEPENDENT ASSESSOR / RADIOLOGIST 2': 1,
    });
  });

  it('names the file and every missing required column, and reads nothing', () => {
    const { records, problems } = readTu(csv('USUBJID,TULNKID,VISIT', '01-001,T01,SCREENING'), 'tu.csv');
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.file, p.line, p.code, p.message.split(' is not')[0]])).toEqual([
      ['tu.csv', 1, 'missing-column', 'TU: required column TUSTRESC or TUORRES'],
      ['tu.csv', 1, 'missing-column', 'TU: required column TULOC'],
      ['tu.csv', 1, 'missing-column', 'TU: required column TUDTC'],
    ]);
  });

  it('reports an unknown lesion category and a duplicated lesion with subject, visit and lesion', () => {
    const text = csv(
      'USUBJID,TULNKID,TUSTRESC,TULOC,TUEVAL,VISIT,TUDTC',
      '01-001,T01,TARGET,LIVER,INVESTIGATOR,SCREENING,2024-01-10',
      '01-001,T01,TARGET,LIVER,INVESTIGATOR,SCREENING,2024-01-10',
      '01-001,T02,MEASURABLE,LUNG,INVESTIGATOR,SCREENING,2024-01-10',
    );
    const { records, problems } = readTu(text, 'tu.csv');
    expect(records).toHaveLength(1);
    expect(problems).toMatchObject([
      { line: 3, usubjid: '01-001', visit: 'SCREENING', lesion: 'T01', code: 'duplicate', severity: 'error' },
      { line: 4, usubjid: '01-001', visit: 'SCREENING', lesion: 'T02', code: 'unknown-value' },
    ]);
  });
});

const TR_HEADER =
  'STUDYID,USUBJID,TRLNKID,TRTESTCD,TRORRES,TRSTRESC,TRSTRESN,TRSTRESU,TRSTAT,TREVAL,TREVALID,TRACPTFL,VISITNUM,VISIT,TRDTC';

describe('readTr', () => {
  it('reads LDIAM, LPERP and TUMSTATE; other tests are ignored and counted', () => {
    const text = csv(
      TR_HEADER,
      'S,01-001,T01,LDIAM,21,21,21,mm,,INVESTIGATOR,,,1,SCREENING,2024-01-10',
      'S,01-001,T02,LPERP,1.6,1.6,1.6,cm,,INVESTIGATOR,,,1,SCREENING,2024-01-10',
      'S,01-001,NT01,TUMSTATE,PRESENT,PRESENT,,,,INVESTIGATOR,,,1,SCREENING,2024-01-10',
      'S,01-001,T01,LDIAM,,,,,NOT DONE,INVESTIGATOR,,,3,WEEK 9,2024-03-15',
      'S,01-001,,SUMDIAM,37,37,37,mm,,INVESTIGATOR,,,1,SCREENING,2024-01-10',
      'S,01-001,T01,DIAMETER,21,21,21,mm,,INVESTIGATOR,,,1,SCREENING,2024-01-10',
    );
    const { records, problems, ignored } = readTr(text, 'tr.csv');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.lesionId, r.test, r.valueMm, r.state, r.status, r.date?.date])).toEqual([
      ['T01', 'LDIAM', 21, null, null, '2024-01-10'],
      ['T02', 'LPERP', 16, null, null, '2024-01-10'],
      ['NT01', 'TUMSTATE', null, 'PRESENT', null, '2024-01-10'],
      ['T01', 'LDIAM', null, null, 'NOT DONE', '2024-03-15'],
    ]);
    expect(ignored).toEqual({ 'TRTESTCD SUMDIAM': 1, 'TRTESTCD DIAMETER': 1 });
  });

  it('reports non-numeric measurements, keeping the lesion as not measured', () => {
    const text = csv(
      TR_HEADER,
      'S,01-001,T01,LDIAM,TOO SMALL,TOO SMALL TO MEASURE,,,,INVESTIGATOR,,,3,WEEK 9,2024-03-15',
      'S,01-001,T02,LDIAM,-4,-4,-4,mm,,INVESTIGATOR,,,3,WEEK 9,2024-03-15',
      'S,01-001,T03,LDIAM,4,4,4,in,,INVESTIGATOR,,,3,WEEK 9,2024-03-15',
    );
    const { records, problems } = readTr(text, 'tr.csv');
    expect(records.map((r) => r.valueMm)).toEqual([null, null, null]);
    expect(problems).toMatchObject([
      { line: 2, usubjid: '01-001', visit: 'WEEK 9', lesion: 'T01', code: 'non-numeric', severity: 'error' },
      { line: 3, lesion: 'T02', code: 'non-numeric' },
      { line: 4, lesion: 'T03', code: 'unknown-value' },
    ]);
    expect(problems[0]?.message).toContain('"TOO SMALL TO MEASURE"');
  });

  it('reports a duplicated record for one lesion, test and date and keeps the first', () => {
    const text = csv(
      TR_HEADER,
      'S,01-001,T01,LDIAM,21,21,21,mm,,INVESTIGATOR,,,3,WEEK 9,2024-03-15',
      'S,01-001,T01,LDIAM,23,23,23,mm,,INVESTIGATOR,,,3,WEEK 9,2024-03-15T09:00',
    );
    const { records, problems } = readTr(text, 'tr.csv');
    expect(records.map((r) => r.valueMm)).toEqual([21]);
    expect(problems).toMatchObject([
      { line: 3, usubjid: '01-001', visit: 'WEEK 9', lesion: 'T01', code: 'duplicate', severity: 'error' },
    ]);
    expect(problems[0]?.message).toContain('first at line 2');
  });

  it('imputes a partial date with one warning per subject, visit and value; an invalid date is an error', () => {
    const text = csv(
      TR_HEADER,
      'S,01-001,T01,LDIAM,21,21,21,mm,,INVESTIGATOR,,,3,WEEK 9,2024-03',
      'S,01-001,T02,LDIAM,15,15,15,mm,,INVESTIGATOR,,,3,WEEK 9,2024-03',
      'S,01-001,T01,LDIAM,20,20,20,mm,,INVESTIGATOR,,,4,WEEK 18,2024-06-31',
    );
    const last = readTr(text, 'tr.csv', { imputation: { rule: 'last', highest: 'M' } });
    expect(last.records.map((r) => r.date)).toEqual([
      { dtc: '2024-03', date: '2024-03-31', time: null, flag: 'D' },
      { dtc: '2024-03', date: '2024-03-31', time: null, flag: 'D' },
      null,
    ]);
    expect(last.problems).toMatchObject([
      {
        line: 2,
        usubjid: '01-001',
        visit: 'WEEK 9',
        lesion: 'T01',
        code: 'partial-date',
        severity: 'warning',
      },
      { line: 4, visit: 'WEEK 18', code: 'invalid-date', severity: 'error' },
    ]);
    expect(last.problems[0]?.message).toBe(
      'TRDTC: partial date 2024-03 imputed to 2024-03-31 (last day of the month; flag D)',
    );
    const first = readTr(text, 'tr.csv', { imputation: { rule: 'first', highest: 'M' } });
    expect(first.records[0]?.date?.date).toBe('2024-03-01');
  });
});

describe('evaluator selection', () => {
  const text = csv(
    TR_HEADER,
    'S,01-001,T01,LDIAM,21,21,21,mm,,INVESTIGATOR,,,3,WEEK 9,2024-03-15',
    'S,01-001,T01,LDIAM,22,22,22,mm,,INDEPENDENT ASSESSOR,RADIOLOGIST 1,Y,3,WEEK 9,2024-03-15',
    'S,01-001,T01,LDIAM,24,24,24,mm,,INDEPENDENT ASSESSOR,RADIOLOGIST 2,,3,WEEK 9,2024-03-15',
    'S,01-002,T01,LDIAM,30,30,30,mm,,,,,3,WEEK 9,2024-03-16',
  );
  const values = (options: Parameters<typeof readTr>[2]) =>
    readTr(text, 'tr.csv', options).records.map((r) => r.valueMm);

  it("reads only the investigator's by default, taking records without an evaluator as the investigator's", () => {
    const read = readTr(text, 'tr.csv');
    expect(read.records.map((r) => r.valueMm)).toEqual([21, 30]);
    expect(read.problems).toMatchObject([{ line: 5, code: 'evaluator-assumed', severity: 'warning' }]);
    expect(read.ignored).toEqual({
      'evaluator INDEPENDENT ASSESSOR / RADIOLOGIST 1': 1,
      'evaluator INDEPENDENT ASSESSOR / RADIOLOGIST 2': 1,
    });
  });

  it('selects one reader by evaluator ID, case-insensitively', () => {
    expect(values({ evaluator: 'radiologist 2' })).toEqual([24]);
  });

  it('selects the accepted reader of an independent review', () => {
    expect(values({ evaluator: 'INDEPENDENT ASSESSOR', acceptedOnly: true })).toEqual([22]);
  });

  it('reports two readers of one evaluator role as duplicates, suggesting how to choose', () => {
    const read = readTr(text, 'tr.csv', { evaluator: 'INDEPENDENT ASSESSOR' });
    expect(read.records.map((r) => r.valueMm)).toEqual([22]);
    expect(read.problems).toMatchObject([{ line: 4, code: 'duplicate' }]);
    expect(read.problems[0]?.message).toContain('RADIOLOGIST 1 vs RADIOLOGIST 2');
  });

  it('applies to TU and RS the same way', () => {
    expect(readTu(TU, 'tu.csv', { evaluator: 'RADIOLOGIST 2' }).records.map((r) => r.evaluatorId)).toEqual([
      'RADIOLOGIST 2',
    ]);
    const rs = csv(
      'USUBJID,RSTESTCD,RSSTRESC,RSEVAL,RSEVALID,VISIT,RSDTC',
      '01-001,OVRLRESP,PR,INVESTIGATOR,,WEEK 9,2024-03-15',
      '01-001,OVRLRESP,SD,INDEPENDENT ASSESSOR,RADIOLOGIST 1,WEEK 9,2024-03-15',
    );
    expect(readRs(rs, 'rs.csv').records.map((r) => r.response)).toEqual(['PR']);
    expect(readRs(rs, 'rs.csv', { evaluator: 'RADIOLOGIST 1' }).records.map((r) => r.response)).toEqual([
      'SD',
    ]);
  });
});

describe('readRs', () => {
  it('reads OVRLRESP only, counting the other tests', () => {
    const text = csv(
      'STUDYID,USUBJID,RSTESTCD,RSORRES,RSSTRESC,RSSTAT,RSEVAL,VISITNUM,VISIT,RSDTC',
      'S,01-001,TRGRESP,PR,PR,,INVESTIGATOR,3,WEEK 9,2024-03-15',
      'S,01-001,OVRLRESP,PR,PR,,INVESTIGATOR,3,WEEK 9,2024-03-15',
      'S,01-001,OVRLRESP,,,NOT DONE,INVESTIGATOR,4,WEEK 18,2024-05-20',
      'S,01-001,OVRLRESP,SD,SD,,INVESTIGATOR,4,WEEK 18,2024-05-20',
    );
    const { records, problems, ignored } = readRs(text, 'rs.csv');
    expect(records.map((r) => [r.visit, r.response, r.status, r.date?.date])).toEqual([
      ['WEEK 9', 'PR', null, '2024-03-15'],
      ['WEEK 18', null, 'NOT DONE', '2024-05-20'],
    ]);
    expect(problems).toMatchObject([{ line: 5, usubjid: '01-001', visit: 'WEEK 18', code: 'duplicate' }]);
    expect(ignored).toEqual({ 'RSTESTCD TRGRESP': 1 });
  });
});

describe('readAdsl', () => {
  it('reads subject dates, including the optional NACTDT', () => {
    const text = csv(
      'STUDYID,USUBJID,ARMCD,ARM,RANDDT,TRTSDT,DTHDT,LSTALVDT,NACTDT,AGE',
      'S,01-001,A,"Arm A (atezolizumab, cabozantinib or lenvatinib)",2024-01-12,2024-01-15,,2024-09-30,2024-07-01,63',
      'S,01-002,B,Arm B (cabozantinib or lenvatinib),2024-01-20,2024-01-22,2024-05,2024-04-30,,70',
    );
    const { records, problems } = readAdsl(text, 'adsl.csv');
    expect(
      records.map((r) => [r.usubjid, r.arm, r.randdt?.date, r.dthdt?.date ?? null, r.nactdt?.date ?? null]),
    ).toEqual([
      ['01-001', 'Arm A (atezolizumab, cabozantinib or lenvatinib)', '2024-01-12', null, '2024-07-01'],
      ['01-002', 'Arm B (cabozantinib or lenvatinib)', '2024-01-20', '2024-05-01', null],
    ]);
    expect(problems).toMatchObject([
      { line: 3, usubjid: '01-002', code: 'partial-date', severity: 'warning' },
    ]);
  });

  it('names a missing required column', () => {
    const { records, problems } = readAdsl(
      csv('USUBJID,ARM,RANDDT,TRTSDT,DTHDT', '01-001,A,2024-01-12,,'),
      'adsl.csv',
    );
    expect(records).toEqual([]);
    expect(problems).toMatchObject([{ file: 'adsl.csv', code: 'missing-column' }]);
    expect(problems[0]?.message).toContain('LSTALVDT');
  });

  it('reports malformed CSV and rows of the wrong width without stopping', () => {
    expect(readAdsl('USUBJID,ARM\n"unclosed', 'adsl.csv').problems).toMatchObject([{ code: 'invalid-csv' }]);
    const text = csv(
      'USUBJID,ARM,RANDDT,TRTSDT,DTHDT,LSTALVDT',
      '01-001,A,2024-01-12',
      '01-002,B,2024-01-12,,,2024-03-01',
    );
    const read = readAdsl(text, 'adsl.csv');
    expect(read.records.map((r) => r.usubjid)).toEqual(['01-002']);
    expect(read.problems).toMatchObject([{ line: 2, code: 'bad-row' }]);
  });
});
