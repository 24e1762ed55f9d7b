import { describe, expect, it } from 'vitest';
import type { StudyEvent, Worklist } from '../contracts.ts';
import { describeEvent, eventBody, formValuesOf, worklistCsv } from './on-study.ts';

describe('eventBody', () => {
  it('parses numbers, splits the dose level and leaves empty fields out', () => {
    expect(
      eventBody('dose', {
        cycle: '2',
        drug: 'lenvatinib',
        date: '2026-04-20',
        action: 'reduced',
        level: '4 QOD',
        daysTaken: '',
        reason: 'grade 3 hypertension',
        weightKg: '70', // not a field of a dose
      }),
    ).toEqual({
      kind: 'dose',
      cycle: 2,
      drug: 'lenvatinib',
      date: '2026-04-20',
      action: 'reduced',
      doseMg: 4,
      everyOtherDay: true,
      reason: 'grade 3 hypertension',
    });
  });

  it('sends a number field that is not a number as typed, for the server to name', () => {
    expect(eventBody('cycle-start', { cycle: 'two', date: '2026-04-20' })).toEqual({
      kind: 'cycle-start',
      cycle: 'two',
      date: '2026-04-20',
    });
  });

  it('nests a new anticancer therapy and keeps a checkbox', () => {
    expect(
      eventBody('follow-up', {
        date: '2026-09-01',
        vitalStatus: 'alive',
        therapyName: 'sorafenib',
        therapyStart: '2026-08-20',
        lostToFollowUp: false,
      }),
    ).toEqual({
      kind: 'follow-up',
      date: '2026-09-01',
      vitalStatus: 'alive',
      newAnticancerTherapy: { name: 'sorafenib', start: '2026-08-20' },
      lostToFollowUp: false,
    });
  });
});

const event = (data: Record<string, unknown>): StudyEvent => ({
  id: 'e1',
  subjectId: 's1',
  kind: data.kind as StudyEvent['kind'],
  date: String(data.date ?? ''),
  data,
  version: 1,
  recordedAt: '2026-04-20T10:00:00Z',
  recordedBy: 'Coordinator',
  removedAt: null,
  removalReason: null,
});

describe("a visit's forms", () => {
  it('collects the form states set, and reads them back for a correction', () => {
    const body = eventBody('visit', {
      visitId: 'C2D1',
      date: '2026-04-21',
      'form:adverse-events': 'entered',
      'form:laboratory': 'not-required',
      'form:ecog': '',
    });
    expect(body).toEqual({
      kind: 'visit',
      visitId: 'C2D1',
      date: '2026-04-21',
      forms: { 'adverse-events': 'entered', laboratory: 'not-required' },
    });
    expect(eventBody('visit', formValuesOf(event(body)))).toEqual(body);
    expect(eventBody('visit', { visitId: 'C2D1', date: '2026-04-21' })).not.toHaveProperty('forms');
  });
});

describe('recorded events', () => {
  it('round-trips a dose through the correction form', () => {
    const dose = event({
      kind: 'dose',
      cycle: 3,
      drug: 'lenvatinib',
      date: '2026-05-11',
      action: 'given',
      doseMg: 8,
      daysTaken: 21,
    });
    const values = formValuesOf(dose);
    expect(values).toMatchObject({ cycle: '3', level: '8', daysTaken: '21' });
    expect(eventBody('dose', values)).toEqual(dose.data);
    expect(describeEvent(dose)).toBe('Cycle 3 lenvatinib: given 8 mg, 21 days');
  });
});

describe('worklistCsv', () => {
  it('writes one row per visit, overdue first', () => {
    const item = (status: 'overdue' | 'due' | 'planned', id: string) => ({
      subjectId: 's',
      studyId: 'NCT05168163-09-001',
      siteId: 'mayo-clinic-in-rochester',
      id,
      kind: 'treatment' as const,
      planned: '2026-04-20',
      window_start: '2026-04-17',
      window_end: '2026-04-23',
      status,
      outOfWindow: false,
    });
    const list: Worklist = {
      asOf: '2026-04-24',
      days: 14,
      overdue: [item('overdue', 'C2D1')],
      due: [],
      upcoming: [item('planned', 'C3D1')],
    };
    expect(worklistCsv(list).split('\r\n')).toEqual([
      'status,study_id,site_id,visit,kind,planned,window_start,window_end',
      'overdue,NCT05168163-09-001,mayo-clinic-in-rochester,C2D1,treatment,2026-04-20,2026-04-17,2026-04-23',
      'planned,NCT05168163-09-001,mayo-clinic-in-rochester,C3D1,treatment,2026-04-20,2026-04-17,2026-04-23',
      '',
    ]);
  });
});
