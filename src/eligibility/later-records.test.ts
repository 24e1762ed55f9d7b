import { describe, expect, it } from 'vitest';
import { laterRecordsNote } from './later-records.ts';
import { emptyPatientFacts } from './patient-facts.ts';

const asOf = '2026-03-30';

describe('laterRecordsNote', () => {
  it('is absent when nothing is dated after T0 (records on T0 itself are used)', () => {
    const facts = emptyPatientFacts('p');
    facts.conditions.push({ ref: 'Condition/c', codes: [], notes: [], onset: asOf } as never);
    expect(laterRecordsNote(facts, asOf)).toBeUndefined();
  });

  it('counts each kind of record dated after T0, singular and plural', () => {
    const facts = emptyPatientFacts('p');
    facts.observations.push(
      { ref: 'Observation/a', date: '2026-03-31' } as never,
      { ref: 'Observation/b', date: '2026-04-02' } as never,
      { ref: 'Observation/undated' } as never,
    );
    facts.conditions.push({ ref: 'Condition/c', recorded: '2026-04-01' } as never);
    facts.procedures.push(
      // Started before T0 and ended after it: under way at T0, so used.
      { ref: 'Procedure/underway', start: '2026-03-20', date: '2026-04-10' } as never,
      { ref: 'Procedure/later', date: '2026-04-10' } as never,
    );
    facts.answers.push({ ref: 'QuestionnaireResponse/q', authored: '2026-04-01' } as never);
    expect(laterRecordsNote(facts, asOf)).toBe(
      'records dated after T0 (2026-03-30) were not used: 2 observations, 1 condition, 1 procedure, 1 questionnaire answer',
    );
  });
});
