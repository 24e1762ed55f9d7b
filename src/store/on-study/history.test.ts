/**
 * Doses against the protocol's dose levels (protocol.yaml interventions, from the US labels): lenvatinib's
 * levels follow the last weight recorded on or before the dose — both sides of 60 kg, and no weight at
 * all — and an oral drug is taken at most the cycle's days.
 */
import { describe, expect, it } from 'vitest';
import type { StudyEventData } from '../../contracts/index.ts';
import { loadProtocol } from '../../protocol/index.ts';
import { doseLevelsOf, type Enrolment, eventProblems } from './history.ts';

const protocol = loadProtocol();
const lenvatinib = protocol.registry.interventions.find((i) => i.id === 'lenvatinib');
const enrolment: Enrolment = { randomized: '2026-03-30', arm: 'B', factors: { 'planned-mki': 'lenvatinib' } };
const levels = (weightKg: number | undefined) =>
  doseLevelsOf(lenvatinib as NonNullable<typeof lenvatinib>, weightKg).map(
    (l) => `${l.mg}${l.everyOtherDay ? ' QOD' : ''}`,
  );

function problemsOfDose(dose: Partial<Extract<StudyEventData, { kind: 'dose' }>>, weightKg?: number) {
  const others = [
    { id: 'c1', data: { kind: 'cycle-start', cycle: 1, date: '2026-03-31' } as StudyEventData },
    ...(weightKg === undefined
      ? []
      : [
          {
            id: 'v1',
            data: { kind: 'visit', visitId: 'C1D1', date: '2026-03-31', weightKg } as StudyEventData,
          },
        ]),
  ];
  const data = {
    kind: 'dose',
    cycle: 1,
    drug: 'lenvatinib',
    date: '2026-03-31',
    action: 'given',
    ...dose,
  } as StudyEventData;
  return eventProblems(protocol, enrolment, others, { id: 'd1', data }, '2026-12-01');
}

describe('lenvatinib dose levels by body weight (LENVIMA US label, HCC)', () => {
  it('gives 12 → 8 → 4 → 4 mg every other day at 60 kg and above, 8 → 4 → 4 mg every other day below', () => {
    expect(levels(60)).toEqual(['12', '8', '4', '4 QOD']);
    expect(levels(59.9)).toEqual(['8', '4', '4 QOD']);
    // No weight recorded: any band's level (the dose is not refused for want of a weight).
    expect(levels(undefined)).toEqual(['8', '4', '4 QOD', '12', '8', '4', '4 QOD']);
  });

  it('refuses 12 mg below 60 kg, accepts it at 60 kg and without a weight', () => {
    expect(problemsOfDose({ doseMg: 12 }, 59.9).map((p) => p.path)).toEqual(['doseMg']);
    expect(problemsOfDose({ doseMg: 12 }, 60)).toEqual([]);
    expect(problemsOfDose({ doseMg: 12 })).toEqual([]);
    expect(problemsOfDose({ doseMg: 10 }, 60)[0]?.expected).toBe(
      "one of Lenvatinib's dose levels: 12 mg, 8 mg, 4 mg, 4 mg every other day",
    );
  });

  it('takes 4 mg every other day only as that level', () => {
    expect(
      problemsOfDose({ action: 'reduced', doseMg: 4, everyOtherDay: true, reason: 'toxicity' }, 55),
    ).toEqual([]);
    expect(
      problemsOfDose({ action: 'reduced', doseMg: 8, everyOtherDay: true, reason: 'toxicity' }, 55)[0]?.path,
    ).toBe('doseMg');
  });

  it('counts at most the 21 days of a cycle taken', () => {
    expect(problemsOfDose({ doseMg: 8, daysTaken: 21 }, 55)).toEqual([]);
    expect(problemsOfDose({ doseMg: 8, daysTaken: 22 }, 55)).toEqual([
      { path: 'daysTaken', expected: "at most the cycle's 21 days", value: 22 },
    ]);
  });
});
