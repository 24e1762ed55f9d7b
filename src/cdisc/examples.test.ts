/**
 * The example study (examples/cdisc, written by scripts/make-example-cdisc.ts) reads without problems
 * except the one intended: subject -0002's week-27 scan and response dated by month only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../clinical/dates.ts';
import { formatProblem } from './problems.ts';
import { readStudy, type StudyFiles } from './read-study.ts';

const read = (name: string) => ({
  file: `examples/cdisc/${name}`,
  text: readFileSync(new URL(`../../examples/cdisc/${name}`, import.meta.url), 'utf8'),
});
const files: StudyFiles = {
  tu: read('tu.csv'),
  tr: read('tr.csv'),
  rs: read('rs.csv'),
  adsl: read('adsl.csv'),
};
const sums = (study: ReturnType<typeof readStudy>, id: string) =>
  study.subjects
    .find((s) => s.usubjid === `NCT05168163-${id}`)
    ?.assessments.map((a) => a.measurements.reduce((sum, m) => sum + (m.diameterMm ?? 0), 0));

describe('examples/cdisc', () => {
  const study = readStudy(files);

  it('reads with only the intended partial-date warnings', () => {
    expect(study.problems.map(formatProblem)).toEqual([
      'examples/cdisc/tr.csv:67 [USUBJID NCT05168163-0002, WEEK 27, lesion T01] warning: TRDTC: partial date 2023-09 imputed to 2023-09-01 (first day of the month; flag D)',
      'examples/cdisc/rs.csv:8 [USUBJID NCT05168163-0002, WEEK 27] warning: RSDTC: partial date 2023-09 imputed to 2023-09-01 (first day of the month; flag D)',
    ]);
  });

  it('holds six subjects in two arms with the intended histories', () => {
    expect(study.subjects.map((s) => s.subject?.armcd)).toEqual(['A', 'B', 'A', 'B', 'B', 'A']);
    expect(sums(study, '0001')).toEqual([60, 40, 33, 31, 30]); // confirmed PR
    expect(sums(study, '0002')).toEqual([76, 70, 71, 75]); // SD
    expect(sums(study, '0004')).toEqual([46, 41, 51]); // PD: +10 mm, +24 % over the nadir
    expect(sums(study, '0006')).toEqual([70, 56, 53, 50]); // SD, recorded as PR at week 9
    const newLesions = study.subjects[2]?.assessments.map((a) => a.newLesions.map((n) => n.equivocal));
    expect(newLesions).toEqual([[], [true], [false]]); // PD by an unequivocal new lesion
    expect(study.subjects[4]?.subject?.dthdt?.date).toBe('2023-07-27'); // death without progression
    expect(study.subjects[5]?.responses.map((r) => r.response)).toEqual(['PR', 'SD', 'SD']);
  });

  it('follow-up assessments are 9 weeks (63 days) apart, give or take a few days', () => {
    for (const s of study.subjects) {
      const dates = s.assessments.slice(1).map((a) => a.date as string);
      expect(dates.length).toBeGreaterThan(0);
      for (let i = 1; i < dates.length; i++) {
        const gap = daysBetween(dates[i - 1] as string, dates[i] as string);
        // The partial week-27 date of -0002 is imputed to the 1st, up to 3 days early.
        expect(Math.abs(gap - 63), `${s.usubjid} ${dates[i - 1]} → ${dates[i]}`).toBeLessThanOrEqual(9);
      }
    }
  });

  it("reads the independent reader's measurements when selected", () => {
    const central = readStudy(files, { evaluator: 'RADIOLOGIST 1' });
    expect(central.problems.filter((p) => p.code !== 'partial-date')).toEqual([]);
    expect(central.subjects[0]?.assessments).toHaveLength(5);
    expect(sums(central, '0001')).not.toEqual(sums(study, '0001'));
  });
});
