/**
 * Derived scores (criteria catalog, "Derived values"): age, Child-Pugh class, creatinine clearance
 * (Cockcroft–Gault) and albumin-corrected calcium, computed by src/clinical from the latest inputs.
 */
import {
  ageInYears,
  type ChildPughComponent,
  type ChildPughInput,
  childPugh,
  cockcroftGault,
  correctedCalcium,
} from '../../clinical/index.ts';
import type { Env } from '../env.ts';
import { type LabReading, latestQuantity, requireLab, upperLimitOfNormal } from '../evidence/labs.ts';
import { activeAt, exposuresOf } from '../evidence/medications.ts';
import { describeDuration } from '../evidence/time.ts';
import { COMPARATOR_TEXT, compare, exactIfAmbiguous, formatNumber, OPPOSITE } from '../format.ts';
import { type Outcome, outcome } from '../status.ts';
import { recordedChildPugh } from './child-pugh.ts';
import type { BlockDefinition } from './definition.ts';
import { answerOption, ignoredNote, itemWithRole } from './questionnaire.ts';
import type { DerivedScoreBlock } from './schema.ts';

function requireComparison(block: DerivedScoreBlock): {
  comparator: NonNullable<DerivedScoreBlock['comparator']>;
  value: number;
} {
  if (!block.comparator || block.value === undefined) {
    throw new Error(`derived score ${block.score} needs a comparator and a value`);
  }
  return { comparator: block.comparator, value: block.value };
}

function verdict(
  value: number,
  block: DerivedScoreBlock,
  unit: string,
  head: string,
  evidence: string[],
): Outcome {
  const { comparator, value: limit } = requireComparison(block);
  const ok = compare(value, comparator, limit);
  const shown = ok ? comparator : OPPOSITE[comparator];
  return outcome(
    ok ? 'met' : 'not_met',
    `${head}${exactIfAmbiguous(value, limit)} ${COMPARATOR_TEXT[shown]} ${formatNumber(limit)}${unit}`,
    evidence,
  );
}

function age(block: DerivedScoreBlock, env: Env): Outcome {
  const { birthDate } = env.facts;
  if (!birthDate) return outcome('unknown', 'birth date not recorded');
  if (birthDate > env.context.asOf) return outcome('unknown', `birth date ${birthDate} is after T0`);
  const years = ageInYears(birthDate, env.context.asOf);
  return verdict(years, block, ' years', `age ${years} years (born ${birthDate})`, [
    `Patient/${env.facts.patientId}`,
  ]);
}

function creatinineClearance(block: DerivedScoreBlock, env: Env): Outcome {
  const within = block.within;
  const creatinine = latestQuantity(env, 'creatinine', within, 'mg/dL');
  const weight = latestQuantity(env, 'body-weight', within, 'kg');
  const missing: string[] = [];
  if (!env.facts.birthDate) missing.push('birth date not recorded');
  else if (env.facts.birthDate > env.context.asOf)
    missing.push(`birth date ${env.facts.birthDate} is after T0`);
  if (!creatinine.ok) missing.push(creatinine.reason);
  if (!weight.ok) missing.push(weight.reason);
  if (missing.length > 0 || !creatinine.ok || !weight.ok || !env.facts.birthDate) {
    return outcome('unknown', `creatinine clearance cannot be calculated: ${missing.join('; ')}`);
  }
  const ageYears = ageInYears(env.facts.birthDate, env.context.asOf);
  const inputs = { ageYears, weightKg: weight.reading.value, creatinineMgDl: creatinine.reading.value };
  const evidence = [creatinine.reading.observation.ref, weight.reading.observation.ref];
  const basis = `age ${ageYears}, weight ${weight.reading.text} on ${weight.reading.date}, creatinine ${creatinine.reading.text} on ${creatinine.reading.date}`;
  const sexes =
    env.facts.sex === 'female' || env.facts.sex === 'male' ? [env.facts.sex] : (['female', 'male'] as const);
  const results = sexes.map((sex) => {
    const clearance = cockcroftGault({ ...inputs, sex });
    return verdict(
      clearance,
      block,
      ' mL/min',
      `creatinine clearance ${formatNumber(clearance)} mL/min (Cockcroft–Gault: ${basis}, ${sex})`,
      evidence,
    );
  });
  const [first, second] = results;
  if (!first) throw new Error('unreachable');
  if (!second || second.status === first.status) return first;
  return outcome(
    'unknown',
    `sex not recorded and the result depends on it: ${first.reason}; ${second.reason}`,
    evidence,
  );
}

function correctedCalciumScore(block: DerivedScoreBlock, env: Env): Outcome {
  const calcium = latestQuantity(env, 'calcium', block.within, 'mg/dL');
  const albumin = latestQuantity(env, 'albumin', block.within, 'g/dL');
  if (!calcium.ok || !albumin.ok) {
    const missing = [calcium, albumin].flatMap((l) => (l.ok ? [] : [l.reason]));
    return outcome('unknown', `corrected calcium cannot be calculated: ${missing.join('; ')}`);
  }
  const value = correctedCalcium({ calciumMgDl: calcium.reading.value, albuminGDl: albumin.reading.value });
  const evidence = [calcium.reading.observation.ref, albumin.reading.observation.ref];
  const head = `corrected calcium ${formatNumber(value)} mg/dL (calcium ${calcium.reading.text} on ${calcium.reading.date}, albumin ${albumin.reading.text} on ${albumin.reading.date})`;
  if (!block.uln) return verdict(value, block, ' mg/dL', head, evidence);
  const uln = upperLimitOfNormal(env, requireLab(env, block.uln), calcium.reading as LabReading);
  if (!uln.ok) return outcome('unknown', `${head}: ${uln.reason}`, evidence);
  const comparator = block.comparator ?? '<=';
  const ok = compare(value, comparator, uln.value);
  const shown = ok ? comparator : OPPOSITE[comparator];
  return outcome(
    ok ? 'met' : 'not_met',
    `${head}${exactIfAmbiguous(value, uln.value)} ${COMPARATOR_TEXT[shown]} ULN ${formatNumber(uln.value)} mg/dL (${uln.source})`,
    evidence,
  );
}

const CHILD_PUGH_INPUTS: Array<{ component: ChildPughComponent; lab: string; unit: string }> = [
  { component: 'bilirubin', lab: 'bilirubin', unit: 'mg/dL' },
  { component: 'albumin', lab: 'albumin', unit: 'g/dL' },
  { component: 'inr', lab: 'inr', unit: '{INR}' },
];

/** The questionnaire items (by role, questionnaire.yaml) that give the clinical components. */
const CHILD_PUGH_ITEMS = [
  { component: 'ascites', role: 'child-pugh-ascites' },
  { component: 'encephalopathy', role: 'child-pugh-encephalopathy' },
] as const;

function componentPoints(component: ChildPughComponent, value: number): number | undefined {
  const input: ChildPughInput =
    component === 'bilirubin'
      ? { bilirubinMgDl: value }
      : component === 'albumin'
        ? { albuminGDl: value }
        : { inr: value };
  return childPugh(input).points[component];
}

/**
 * A value with a FHIR comparator ("<0.2 mg/dL") still scores when every value it allows falls in one
 * points band (Pugh 1973 cut-offs are monotone, so the two ends of the interval decide); returns a value
 * inside that band, else undefined (the component is then treated as missing, range logic applies).
 */
function boundedValue(
  component: ChildPughComponent,
  value: number,
  comparator: '<' | '<=' | '>=' | '>',
): number | undefined {
  const nudge = Math.max(Math.abs(value) * 1e-9, 1e-12);
  const [low, high] =
    comparator === '<'
      ? [0, value - nudge]
      : comparator === '<='
        ? [0, value]
        : comparator === '>'
          ? [value + nudge, 1e6]
          : [value, 1e6];
  if (high < low) return undefined;
  const a = componentPoints(component, low);
  const b = componentPoints(component, high);
  return a !== undefined && a === b ? (high === 1e6 ? low : high) : undefined;
}

/**
 * Vitamin K antagonists and direct oral anticoagulants prolong the INR by themselves, so under them the
 * INR over-states the liver's synthetic dysfunction Child-Pugh scores. The catalog scores the INR
 * regardless; the reason says so, for the investigator to weigh.
 */
function inrRaisingAnticoagulation(env: Env): string | undefined {
  const active = exposuresOf(env, 'anticoagulants').find(
    (e) => e.member.anticoagulation === 'always-therapeutic' && activeAt(e, env.context.asOf) === true,
  );
  return active?.description;
}

/** Child-Pugh (Pugh et al., Br J Surg 1973): labs within the window, ascites and encephalopathy from the questionnaire. */
function childPughClass(block: DerivedScoreBlock, env: Env): Outcome {
  const allowed = block.classes ?? ['A'];
  const input: ChildPughInput = {};
  const parts: string[] = [];
  const evidence: string[] = [];
  const unread: string[] = [];
  const anticoagulated = inrRaisingAnticoagulation(env);
  for (const { component, lab, unit } of CHILD_PUGH_INPUTS) {
    const lookup = latestQuantity(env, lab, block.within, unit);
    if (!lookup.ok) {
      unread.push(lookup.reason);
      continue;
    }
    const value = lookup.reading.comparator
      ? boundedValue(component, lookup.reading.value, lookup.reading.comparator)
      : lookup.reading.value;
    if (value === undefined) {
      unread.push(
        `${component} ${lookup.reading.text} is not an exact value and spans more than one points band`,
      );
      continue;
    }
    if (component === 'bilirubin') input.bilirubinMgDl = value;
    else if (component === 'albumin') input.albuminGDl = value;
    else input.inr = value;
    parts.push(`${component} ${lookup.reading.text} on ${lookup.reading.date}`);
    evidence.push(lookup.reading.observation.ref);
  }
  const linkIds: Partial<Record<ChildPughComponent, string>> = {};
  for (const { component, role } of CHILD_PUGH_ITEMS) {
    const item = itemWithRole(env, role);
    if (!item) continue;
    linkIds[component] = item.linkId;
    const answer = env.index.answers.get(item.linkId)?.answer;
    const value = answer?.value.kind === 'code' ? answer.value.value : undefined;
    // The item's codes map to the calculator's grades; the loader checked each is one.
    const grade = value === undefined ? undefined : answerOption(item, value)?.childPugh;
    if (answer && grade !== undefined) {
      if (component === 'ascites') input.ascites = grade as ChildPughInput['ascites'];
      else input.encephalopathy = grade as ChildPughInput['encephalopathy'];
      parts.push(`${component} ${value}`);
      evidence.push(answer.ref);
    } else if (value) {
      const codes = (item.answers ?? []).map((a) => a.code);
      unread.push(`${component} "${value}" is not one of ${codes.join(', ')}`);
    }
  }
  const result = childPugh(input);
  const computed = result.class
    ? `Child-Pugh ${result.score !== undefined ? `score ${result.score}, ` : `score ${result.minScore}–${result.maxScore}, `}class ${result.class}`
    : `Child-Pugh score ${result.minScore}–${result.maxScore} (class ${result.possibleClasses.join(' or ')})`;
  const caution =
    anticoagulated && input.inr !== undefined
      ? ` (INR scored as the catalog asks, though on ${anticoagulated}, which raises it independently of liver function)`
      : '';
  const basis = `${computed} from ${parts.join(', ') || 'no components'}${caution}`;
  const recorded = recordedChildPugh(env, block.within);
  if (result.class) {
    const ok = allowed.includes(result.class);
    if (recorded && recorded.class !== result.class) {
      // Two records of the same fact disagree: the data must be corrected (I07 takes no confirmation).
      return outcome('unknown', `${basis}, but ${recorded.text} — they disagree; correct one of them`, [
        ...evidence,
        recorded.ref,
      ]);
    }
    return outcome(ok ? 'met' : 'not_met', basis, evidence);
  }
  if (recorded && !result.possibleClasses.includes(recorded.class)) {
    // The labs already rule out the recorded class: the records disagree and must be corrected.
    return outcome('unknown', `${basis}, but ${recorded.text} — they disagree; correct one of them`, [
      ...evidence,
      recorded.ref,
    ]);
  }
  if (recorded) {
    const ok = allowed.includes(recorded.class);
    return outcome(ok ? 'met' : 'not_met', `${recorded.text}, accepted as recorded (${basis})`, [
      recorded.ref,
      ...evidence,
    ]);
  }
  // Lab components that could not be read are explained in `unread`; the questionnaire items are named here.
  const items = result.missing.filter((m) => m === 'ascites' || m === 'encephalopathy');
  // An answer authored after T0 is not used, and the reason names it (docs/decisions/0001).
  const missing = [
    ...unread,
    ...items.map((m) => {
      const linkId = linkIds[m];
      return linkId
        ? `${m} not recorded (questionnaire item ${linkId})${ignoredNote(env, linkId)}`
        : `${m} not recorded (the protocol's questionnaire has no item for it)`;
    }),
  ];
  if (!result.possibleClasses.some((c) => allowed.includes(c))) {
    return outcome(
      'not_met',
      `${basis}: class ${allowed.join('/')} impossible whatever the missing components`,
      evidence,
    );
  }
  return outcome('unknown', `${basis}; ${missing.join('; ')}`, evidence);
}

export const derivedScore: BlockDefinition<DerivedScoreBlock> = {
  evaluate(block, env) {
    switch (block.score) {
      case 'age':
        return age(block, env);
      case 'creatinine-clearance':
        return creatinineClearance(block, env);
      case 'corrected-calcium':
        return correctedCalciumScore(block, env);
      case 'child-pugh':
        return childPughClass(block, env);
    }
  },
  render(block) {
    const within = block.within ? ` (inputs within ${describeDuration(block.within)})` : '';
    switch (block.score) {
      case 'age':
        return `age at T0 ${COMPARATOR_TEXT[block.comparator ?? '>=']} ${block.value} years (from birth date)`;
      case 'child-pugh':
        return `Child-Pugh class ${(block.classes ?? ['A']).join(' or ')} (bilirubin, albumin, INR, ascites, encephalopathy)${within}`;
      case 'creatinine-clearance':
        return `creatinine clearance (Cockcroft–Gault) ${COMPARATOR_TEXT[block.comparator ?? '>=']} ${block.value} mL/min${within}`;
      case 'corrected-calcium':
        return `albumin-corrected calcium ${COMPARATOR_TEXT[block.comparator ?? '<=']} ${block.uln ? `ULN of ${block.uln}` : `${block.value} mg/dL`}${within}`;
    }
  },
};
