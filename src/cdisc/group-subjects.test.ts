import { describe, expect, it } from 'vitest';
import { readStudy } from './read-study.ts';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const adsl = csv(
  'USUBJID,ARM,RANDDT,TRTSDT,DTHDT,LSTALVDT',
  '01-001,A,2024-01-12,2024-01-15,,2024-09-30',
  '01-003,B,2024-01-20,2024-01-22,,2024-09-30',
);
const tu = csv(
  'USUBJID,TULNKID,TUSTRESC,TULOC,TUEVAL,VISITNUM,VISIT,TUDTC',
  '01-001,T01,TARGET,LIVER,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,T02,TARGET,LYMPH NODE,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,NT01,NON-TARGET,BONE,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,NEW01,NEW,LUNG,INVESTIGATOR,3,WEEK 9,2024-03-15',
  '01-001,NEW02,NEW,LIVER,INVESTIGATOR,4,WEEK 18,2024-05-20',
  '01-002,T01,TARGET,LIVER,INVESTIGATOR,1,SCREENING,2024-01-11',
);
const tr = csv(
  'USUBJID,TRLNKID,TRTESTCD,TRSTRESC,TRSTRESN,TREVAL,VISITNUM,VISIT,TRDTC',
  '01-001,T01,LDIAM,40,40,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,T01,LPERP,28,28,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,T02,LDIAM,25,25,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,T02,LPERP,17,17,INVESTIGATOR,1,SCREENING,2024-01-10',
  '01-001,NT01,TUMSTATE,PRESENT,,INVESTIGATOR,1,SCREENING,2024-01-10',
  // Week 9, scanned on two days: the node has only its long axis; NEW01 is equivocal.
  '01-001,T01,LDIAM,30,30,INVESTIGATOR,3,WEEK 9,2024-03-15',
  '01-001,T02,LDIAM,20,20,INVESTIGATOR,3,WEEK 9,2024-03-14',
  '01-001,NT01,TUMSTATE,PRESENT,,INVESTIGATOR,3,WEEK 9,2024-03-15',
  '01-001,NEW01,TUMSTATE,EQUIVOCAL,,INVESTIGATOR,3,WEEK 9,2024-03-15',
  '01-001,T09,LDIAM,12,12,INVESTIGATOR,3,WEEK 9,2024-03-15',
  '01-001,T09,LPERP,8,8,INVESTIGATOR,3,WEEK 9,2024-03-15',
  // Week 18: day unknown; T01 not done; NEW01 unequivocal.
  '01-001,T01,LDIAM,,,INVESTIGATOR,4,WEEK 18,2024-05',
  '01-001,T02,LPERP,9,9,INVESTIGATOR,4,WEEK 18,2024-05',
  '01-001,NEW01,TUMSTATE,UNEQUIVOCAL,,INVESTIGATOR,4,WEEK 18,2024-05',
  '01-002,T01,LDIAM,30,30,INVESTIGATOR,1,SCREENING,2024-01-11',
);
const rs = csv(
  'USUBJID,RSTESTCD,RSSTRESC,RSEVAL,VISITNUM,VISIT,RSDTC',
  '01-001,OVRLRESP,PD,INVESTIGATOR,4,WEEK 18,2024-05-20',
  '01-001,OVRLRESP,PR,INVESTIGATOR,3,WEEK 9,2024-03-15',
  '01-004,OVRLRESP,SD,INVESTIGATOR,3,WEEK 9,2024-03-15',
);

const study = readStudy({
  tu: { file: 'tu.csv', text: tu },
  tr: { file: 'tr.csv', text: tr },
  rs: { file: 'rs.csv', text: rs },
  adsl: { file: 'adsl.csv', text: adsl },
});
const subject = (id: string) => {
  const found = study.subjects.find((s) => s.usubjid === id);
  if (!found) throw new Error(`no subject ${id}`);
  return found;
};

describe('groupBySubject', () => {
  it('lists ADSL subjects first (also those without tumor data), then the ones ADSL lacks', () => {
    expect(study.subjects.map((s) => [s.usubjid, s.subject?.arm ?? null])).toEqual([
      ['01-001', 'A'],
      ['01-003', 'B'],
      ['01-002', null],
      ['01-004', null],
    ]);
    expect(subject('01-003')).toMatchObject({ lesions: [], assessments: [], responses: [] });
  });

  it('gives each lesion its kind, nodal status and location', () => {
    expect(
      subject('01-001').lesions.map((l) => [l.id, l.kind, l.nodal, l.location, l.identified.visit]),
    ).toEqual([
      ['T01', 'target', false, 'LIVER', 'SCREENING'],
      ['T02', 'target', true, 'LYMPH NODE', 'SCREENING'],
      ['NT01', 'non-target', false, 'BONE', 'SCREENING'],
      ['NEW01', 'new', false, 'LUNG', 'WEEK 9'],
      ['NEW02', 'new', false, 'LIVER', 'WEEK 18'],
    ]);
  });

  it('groups assessments by visit with LDIAM for non-nodal and LPERP (short axis) for nodal lesions', () => {
    const [baseline, week9, week18] = subject('01-001').assessments;
    expect(baseline).toMatchObject({
      date: '2024-01-10',
      visit: 'SCREENING',
      baseline: true,
      newLesions: [],
    });
    expect(baseline?.measurements.map((m) => [m.lesionId, m.diameterMm, m.state])).toEqual([
      ['T01', 40, undefined],
      ['T02', 17, undefined],
      ['NT01', null, 'PRESENT'],
    ]);
    // Earliest date of the visit's scans; all dates kept.
    expect(week9).toMatchObject({ date: '2024-03-14', dates: ['2024-03-14', '2024-03-15'], baseline: false });
    expect(week9?.measurements.map((m) => [m.lesionId, m.diameterMm])).toEqual([
      ['T01', 30],
      ['T02', null],
      ['NT01', null],
    ]);
    expect(week9?.newLesions.map((n) => [n.id, n.equivocal])).toEqual([['NEW01', true]]);
    expect(week18).toMatchObject({ date: '2024-05-01', dateImputed: 'D', visitnum: 4 });
    expect(week18?.measurements.map((m) => [m.lesionId, m.diameterMm])).toEqual([
      ['T01', null],
      ['T02', 9],
    ]);
    expect(week18?.newLesions.map((n) => [n.id, n.equivocal])).toEqual([
      ['NEW01', false],
      ['NEW02', false],
    ]);
  });

  it('sorts recorded overall responses by date', () => {
    expect(subject('01-001').responses.map((r) => [r.visit, r.response])).toEqual([
      ['WEEK 9', 'PR'],
      ['WEEK 18', 'PD'],
    ]);
  });
});

describe('bad input: each problem names file, line, subject, visit and lesion', () => {
  const find = (code: string) => study.problems.filter((p) => p.code === code);

  it('a lesion measured at follow-up that TU never identified (one problem per lesion and visit)', () => {
    expect(find('unknown-lesion')).toEqual([
      expect.objectContaining({
        file: 'tr.csv',
        line: 11,
        usubjid: '01-001',
        visit: 'WEEK 9',
        lesion: 'T09',
      }),
    ]);
  });

  it('a lymph node measured without its short axis', () => {
    expect(find('nodal-without-short-axis')).toEqual([
      expect.objectContaining({
        file: 'tr.csv',
        line: 8,
        usubjid: '01-001',
        visit: 'WEEK 9',
        lesion: 'T02',
        severity: 'error',
      }),
    ]);
  });

  it('a partial date, imputed and said so', () => {
    expect(find('partial-date')).toEqual([
      expect.objectContaining({
        file: 'tr.csv',
        line: 13,
        usubjid: '01-001',
        visit: 'WEEK 18',
        severity: 'warning',
      }),
    ]);
  });

  it('a new lesion in TU without any TR result', () => {
    expect(find('new-lesion-without-result')).toEqual([
      expect.objectContaining({
        file: 'tu.csv',
        line: 6,
        usubjid: '01-001',
        visit: 'WEEK 18',
        lesion: 'NEW02',
      }),
    ]);
  });

  it('a subject in TU/TR/RS but not in ADSL, once per file', () => {
    expect(find('subject-not-in-adsl').map((p) => [p.file, p.line, p.usubjid])).toEqual([
      ['tu.csv', 7, '01-002'],
      ['tr.csv', 16, '01-002'],
      ['rs.csv', 4, '01-004'],
    ]);
  });

  it('no other problems', () => {
    expect(study.problems).toHaveLength(7);
  });
});
