/**
 * Criterion case files (test/cases/criteria-<ID>-<topic>.yaml): each case starts from the eligible
 * baseline patient (or an empty one), drops and adds facts, and states the expected result of the
 * criterion. One runner (test/criteria.test.ts) executes them all.
 *
 *   criterion: I16
 *   cases:
 *     - name: exactly 75 ×10⁹/L is met
 *       drop: { loinc: [777-3] }
 *       add: { observations: [{ loinc: 777-3, value: 75, unit: 10*9/L, date: 2026-03-20 }] }
 *       expect: { status: met, reason: ['75 ×10⁹/L', '≥ 75'] }
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ScreeningContext, Status } from '../../src/eligibility/index.ts';
import { loadProtocol, type Protocol } from '../../src/protocol/index.ts';
import { type FactsShort, makeFacts } from './facts.ts';

export const CASES_DIR = fileURLToPath(new URL('../cases/', import.meta.url));

export interface CaseContext {
  asOf?: string;
  site?: string | null;
  mki?: string | null;
  siteAccrual?: Record<string, number>;
  /** Reference ranges configured for the case's site, by lab ID. */
  referenceRanges?: Record<string, { high?: number; low?: number; unit: string }>;
}

export interface CriterionCase {
  name: string;
  base?: 'eligible' | 'empty';
  context?: CaseContext;
  drop?: {
    loinc?: string[];
    answers?: string[];
    conditions?: string[];
    medications?: string[];
    lesions?: boolean;
    birthDate?: boolean;
    sex?: boolean;
  };
  add?: FactsShort;
  expect: {
    status: Status;
    /** Substrings the reason must contain. */
    reason?: string | string[];
    /** Substrings the reason must not contain. */
    notReason?: string | string[];
    evidence?: string[];
    overall?: 'eligible' | 'ineligible' | 'incomplete';
  };
}

export interface CaseFile {
  file: string;
  criterion: string;
  cases: CriterionCase[];
}

const baseline = parse(readFileSync(join(CASES_DIR, 'baseline-eligible.yaml'), 'utf8')) as {
  context: CaseContext;
  facts: FactsShort;
};

export function loadCaseFiles(): CaseFile[] {
  return readdirSync(CASES_DIR)
    .filter((f) => /^criteria-[IE]\d\d-.*\.yaml$/.test(f))
    .sort()
    .map((file) => {
      const data = parse(readFileSync(join(CASES_DIR, file), 'utf8')) as {
        criterion: string;
        cases: CriterionCase[];
      };
      return { file, criterion: data.criterion, cases: data.cases };
    });
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The facts of a case: the baseline (or nothing), minus `drop`, plus `add`. */
export function caseFacts(c: CriterionCase): FactsShort {
  const base: FactsShort = c.base === 'empty' ? { id: 'case-patient' } : structuredClone(baseline.facts);
  const drop = c.drop ?? {};
  if (drop.loinc)
    base.observations = (base.observations ?? []).filter((o) => !drop.loinc?.includes(o.loinc ?? ''));
  if (drop.conditions) {
    base.conditions = (base.conditions ?? []).filter(
      (x) => !drop.conditions?.includes(x.icd10 ?? x.snomed ?? x.text ?? ''),
    );
  }
  if (drop.medications)
    base.medications = (base.medications ?? []).filter((m) => !drop.medications?.includes(m.name));
  if (drop.lesions) base.lesions = [];
  if (drop.birthDate) delete base.birthDate;
  if (drop.sex) delete base.sex;
  if (drop.answers) for (const a of drop.answers) delete base.answers?.[a];
  const add = c.add ?? {};
  const merged: FactsShort = { ...base };
  for (const key of [
    'observations',
    'conditions',
    'medications',
    'procedures',
    'immunizations',
    'allergies',
    'adverseEvents',
    'lesions',
  ] as const) {
    if (add[key])
      (merged as Record<string, unknown[]>)[key] = [...(base[key] ?? []), ...(add[key] as unknown[])];
  }
  if (add.answers) merged.answers = { ...base.answers, ...add.answers };
  if (add.birthDate) merged.birthDate = add.birthDate;
  if (add.sex) merged.sex = add.sex;
  if (add.answeredOn) merged.answeredOn = add.answeredOn;
  if (add.id) merged.id = add.id;
  return merged;
}

export function caseContext(c: CriterionCase): ScreeningContext {
  const ctx = { ...(c.base === 'empty' ? {} : baseline.context), ...c.context };
  return {
    asOf: ctx.asOf ?? baseline.context.asOf ?? '2026-03-30',
    ...(ctx.site ? { siteId: ctx.site } : {}),
    ...(ctx.mki ? { plannedMki: ctx.mki as 'cabozantinib' | 'lenvatinib' } : {}),
    ...(ctx.siteAccrual ? { siteAccrual: ctx.siteAccrual } : {}),
  };
}

let protocol: Protocol | undefined;
export function realProtocol(): Protocol {
  protocol ??= loadProtocol();
  return protocol;
}

/** The real protocol, with reference ranges configured for one site when the case asks for them. */
export function caseProtocol(c: CriterionCase): Protocol {
  const base = realProtocol();
  const ranges = c.context?.referenceRanges;
  const siteId = c.context?.site ?? baseline.context.site;
  if (!ranges || !siteId) return base;
  return { ...base, sites: base.sites.map((s) => (s.id === siteId ? { ...s, referenceRanges: ranges } : s)) };
}

export function runCase(c: CriterionCase) {
  const context = caseContext(c);
  return { context, facts: makeFacts(caseFacts(c), context.asOf), protocol: caseProtocol(c) };
}

export { asList };
