/**
 * E29 (registry: "Uncontrolled hepatic encephalopathy occurring ≤ 6 weeks prior to randomization.
 * NOTE: Patients with ≤ grade 2 encephalopathy ≤ 6 weeks prior to randomization are eligible"):
 * proposition "encephalopathy above the allowed grade within the window". Grades are West Haven
 * grades 1–4 (coma = grade 4); the questionnaire's Child-Pugh item states the current grade, each
 * answer code with the West Haven grades it covers (questionnaire.yaml `westHaven`).
 */
import { conditionsIn } from '../../evidence/records.ts';
import { describeDuration, isWithin } from '../../evidence/time.ts';
import { type ConditionFact, SYSTEMS } from '../../patient-facts.ts';
import { outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import { answeredBy, answerOption, questionnaireItem } from '../questionnaire.ts';
import type { UncontrolledEncephalopathyBlock } from '../rule-schema.ts';

const ICD10 = new Set<string>([SYSTEMS.icd10cm, 'http://hl7.org/fhir/sid/icd-10']);
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * ICD-10-CM codes whose title says "with coma" (K72.01, K72.11, K72.91, K70.41, K71.11; ICD-10-CM 2023
 * code file, terminology/value-sets/hepatic-encephalopathy.yaml): coma is West Haven grade 4, whether or
 * not the record carries a display text.
 */
const WITH_COMA = new Set(['K7201', 'K7211', 'K7291', 'K7041', 'K7111']);

/** The grade a condition record states (code, severity, stage, text or notes), if any. */
export function encephalopathyGrade(fact: ConditionFact): number | undefined {
  const withComa = (c: { system: string; code: string }) =>
    ICD10.has(c.system) && WITH_COMA.has(c.code.replace(/\./g, '').toUpperCase());
  if (fact.codes.some(withComa)) return 4;
  const text = [
    fact.text,
    ...fact.codes.map((c) => c.display),
    ...fact.severity.map((s) => s.display ?? s.code),
    ...fact.stages,
    ...fact.notes,
  ]
    .join(' ')
    .toLowerCase();
  if (/\bcoma\b/.test(text)) return 4;
  const match = /\bgrade\s*([1-4]|iv|iii|ii|i)\b/.exec(text);
  if (!match?.[1]) return undefined;
  return ROMAN[match[1]] ?? Number(match[1]);
}

export const uncontrolledEncephalopathy: BlockDefinition<UncontrolledEncephalopathyBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const window = describeDuration(block.within);
    const answer = env.index.answers.get(block.item)?.answer;
    const grades =
      answer?.value.kind === 'code'
        ? answerOption(questionnaireItem(env, block.item), answer.value.value)?.westHaven
        : undefined;
    // Only an answer whose every grade is above the allowed one decides; a lower one leaves the records.
    if (answer && grades && grades[0] > block.maxAllowedGrade) {
      const grade = grades[0] === grades[1] ? `${grades[0]}` : `${grades[0]}–${grades[1]}`;
      return outcome(
        'met',
        `encephalopathy grade ${grade} (questionnaire ${block.item}${answeredBy(answer)})`,
        [answer.ref],
      );
    }
    const hits = conditionsIn(env, [block.valueSet]);
    const recent = hits.filter(
      (h) =>
        h.activeAtIndex ||
        (h.date !== undefined && isWithin(h.date, asOf, block.within)) ||
        (h.fact.abatement !== undefined && isWithin(h.fact.abatement, asOf, block.within)),
    );
    const graded = recent.map((h) => ({ hit: h, grade: encephalopathyGrade(h.fact) }));
    const above = graded.filter((g) => g.grade !== undefined && g.grade > block.maxAllowedGrade);
    if (above.length > 0) {
      return outcome(
        'met',
        `hepatic encephalopathy above grade ${block.maxAllowedGrade} within ${window}: ${above.map((g) => `${g.hit.description} (grade ${g.grade})`).join('; ')}`,
        above.map((g) => g.hit.fact.ref),
      );
    }
    // An episode no longer active with neither onset, recorded nor abatement date cannot be placed
    // outside the window (docs/decisions/0002); it matters unless its grade is an allowed one.
    const undated = hits
      .filter((h) => !h.activeAtIndex && h.date === undefined && h.fact.abatement === undefined)
      .map((h) => ({ hit: h, grade: encephalopathyGrade(h.fact) }))
      .filter((g) => g.grade === undefined || g.grade > block.maxAllowedGrade);
    if (undated.length > 0) {
      const text = undated.map(
        (g) => `${g.hit.description}${g.grade === undefined ? '' : ` (grade ${g.grade})`}`,
      );
      return outcome(
        'unknown',
        `hepatic encephalopathy with no date, possibly within ${window}: ${text.join('; ')}`,
        undated.map((g) => g.hit.fact.ref),
      );
    }
    const ungraded = graded.filter((g) => g.grade === undefined);
    if (ungraded.length > 0) {
      return outcome(
        'needs_review',
        `hepatic encephalopathy within ${window} without a recorded grade: ${ungraded.map((g) => g.hit.description).join('; ')} — grade ≤ ${block.maxAllowedGrade} is allowed`,
        ungraded.map((g) => g.hit.fact.ref),
      );
    }
    if (graded.length > 0) {
      return outcome(
        'not_met',
        `hepatic encephalopathy within ${window} at allowed grade: ${graded.map((g) => `${g.hit.description} (grade ${g.grade})`).join('; ')}`,
        graded.map((g) => g.hit.fact.ref),
      );
    }
    return outcome('not_met', `no hepatic encephalopathy within ${window} recorded`);
  },
  render(block) {
    return `hepatic encephalopathy (${block.valueSet}) above grade ${block.maxAllowedGrade} within ${describeDuration(block.within)}, or an answer above grade ${block.maxAllowedGrade} in questionnaire item ${block.item}`;
  },
};
