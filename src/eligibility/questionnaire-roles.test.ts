/**
 * The screener reads what a questionnaire answer means from the protocol's questionnaire
 * (questionnaire.yaml): the Child-Pugh grade of each ascites and encephalopathy code (I07), the West
 * Haven grades of each encephalopathy code (E29), the intervention each planned-inhibitor code plans
 * (E18) — not from codes written into the engine. Another protocol's codes work the same way.
 */
import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../test/support/facts.ts';
import { loadProtocol, type Protocol, type QuestionnaireItem } from '../protocol/index.ts';
import { screenPatient } from './index.ts';

const AS_OF = '2026-03-30';
const trial = loadProtocol();

/** The trial's protocol with its questionnaire's codes renamed (their meanings kept). */
function renamed(codes: Record<string, Record<string, string>>): Protocol {
  const items = trial.questionnaire.items.map(
    (item): QuestionnaireItem => ({
      ...item,
      ...(item.answers && codes[item.linkId]
        ? { answers: item.answers.map((a) => ({ ...a, code: codes[item.linkId]?.[a.code] ?? a.code })) }
        : {}),
    }),
  );
  return { ...trial, questionnaire: { ...trial.questionnaire, items } };
}

const other = renamed({
  ascites: { 'moderate-severe': 'tense' },
  encephalopathy: { 'grade-3-4': 'overt' },
  'planned-mki': { cabozantinib: 'cabometyx' },
});

function decide(protocol: Protocol, answers: Record<string, string>, id: string) {
  const facts = makeFacts({ sex: 'female', birthDate: '1960-01-01', answers }, AS_OF);
  const result = screenPatient(protocol, facts, { asOf: AS_OF });
  return result.criteria.find((c) => c.id === id);
}

describe('questionnaire codes as the protocol defines them', () => {
  it('scores a Child-Pugh component through the code’s grade (I07)', () => {
    expect(decide(other, { ascites: 'tense' }, 'I07')).toMatchObject({ status: 'not_met' });
    expect(decide(other, { ascites: 'tense' }, 'I07')?.reason).toContain('ascites tense');
    // The trial's code is not one of this protocol's: the component is unread, and says why.
    expect(decide(other, { ascites: 'moderate-severe' }, 'I07')?.reason).toContain(
      'ascites "moderate-severe" is not one of none, mild, tense',
    );
  });

  it('excludes on an encephalopathy code whose West Haven grades all exceed the allowed one (E29)', () => {
    expect(decide(other, { encephalopathy: 'overt' }, 'E29')).toMatchObject({ status: 'not_met' });
    expect(decide(other, { encephalopathy: 'overt' }, 'E29')?.reason).toContain('encephalopathy grade 3–4');
    expect(decide(trial, { encephalopathy: 'grade-3-4' }, 'E29')?.reason).toContain(
      'encephalopathy grade 3–4',
    );
    expect(decide(other, { encephalopathy: 'grade-1-2' }, 'E29')?.reason).not.toContain('questionnaire');
  });

  it('applies a plan rule to the intervention the planned code names (E18)', () => {
    expect(decide(other, { 'planned-mki': 'cabometyx' }, 'E18')?.reason).toMatch(
      /^cabozantinib planned \(questionnaire\)/,
    );
    expect(decide(other, { 'planned-mki': 'lenvatinib' }, 'E18')?.reason).toMatch(
      /not applicable: lenvatinib planned/,
    );
    expect(decide(trial, { 'planned-mki': 'cabozantinib' }, 'E18')?.reason).toMatch(/^cabozantinib planned/);
  });
});
