/**
 * logRank against R's survdiff, every field, to the closed-form tolerance (STYLE.md item 9):
 *
 * - every `survdiff` entry of the shared R survival fixtures (../shared/fixtures/r-survival/,
 *   FORMAT.md; make_fixtures.R with R 4.2.2, survival 3.5-3), the stratified ones where the case
 *   has strata;
 * - the edge cases in test/fixtures/r-extra/logrank-*.json (scripts/r-extra/logrank.R): a group
 *   without events, a group with E = 0, a one-subject group, three groups, every event at one
 *   time, strata lacking a group, near-tied times, ρ = 0.5, a p-value near 1e-153, and a singular
 *   case where R stops with an error.
 */
import { describe, expect, it } from 'vitest';
import {
  CLOSED_FORM,
  compareNumbers,
  loadExtraFixtures,
  loadFixture,
  SURVIVAL_CASES,
  type SurvivalCase,
} from '../../../test/support/r-fixtures.ts';
import { InputError } from '../../contracts/index.ts';
import { type LogRankInput, type LogRankResult, logRank } from './index.ts';

const NUMERIC_FIELDS = [
  'rho',
  'n',
  'observed',
  'expected',
  'o_minus_e',
  'oe2_over_e',
  'oe2_over_v',
  'var',
  'chisq',
  'df',
  'p',
  'strata_n',
  'observed_by_stratum',
  'expected_by_stratum',
] as const;
const EXACT_FIELDS = ['formula', 'stratified', 'groups', 'strata'] as const;

/** One line per field that differs from R's survdiff entry, or a missing / extra field. */
function survdiffMismatches(
  where: string,
  actual: LogRankResult,
  expected: Record<string, unknown>,
): string[] {
  const errors: string[] = [];
  for (const field of EXACT_FIELDS) {
    if (JSON.stringify(actual[field]) !== JSON.stringify(expected[field])) {
      errors.push(
        `${where}.${field}: expected ${JSON.stringify(expected[field])}, actual ${JSON.stringify(actual[field])}`,
      );
    }
  }
  for (const field of NUMERIC_FIELDS) {
    if (field in expected || actual[field] !== undefined) {
      compareNumbers(errors, `${where}.${field}`, actual[field], expected[field], CLOSED_FORM);
    }
  }
  const extra = Object.keys(actual).filter((k) => !(k in expected));
  const missing = Object.keys(expected).filter((k) => !(k in actual));
  if (extra.length || missing.length) errors.push(`${where}: extra fields [${extra}], missing [${missing}]`);
  return errors;
}

/** The columns logRank reads from a case's `data`. */
type CaseRows = Pick<SurvivalCase['data'], 'time' | 'event' | 'group' | 'strata'>;

function input(data: CaseRows, groupLevels: string[], stratified: boolean, strataLevels: string[] | null) {
  const base: LogRankInput = { time: data.time, event: data.event, group: data.group, groupLevels };
  return stratified ? { ...base, strata: data.strata ?? [], strataLevels: strataLevels ?? [] } : base;
}

describe('logRank reproduces R survdiff on every shared fixture case', () => {
  const entries = [
    { key: 'logrank', rho: 0, stratified: false },
    { key: 'peto_peto', rho: 1, stratified: false },
    { key: 'stratified_logrank', rho: 0, stratified: true },
    { key: 'stratified_peto_peto', rho: 1, stratified: true },
  ] as const;
  for (const caseId of SURVIVAL_CASES) {
    const fixture = loadFixture(caseId);
    for (const entry of entries) {
      const expected = fixture.survdiff[entry.key] as Record<string, unknown> | null;
      if (expected === null) continue; // the case has no strata
      it(`${caseId} ${entry.key}`, () => {
        const data = input(fixture.data, fixture.group_levels, entry.stratified, fixture.strata_levels);
        const actual = logRank(data, { rho: entry.rho });
        expect(survdiffMismatches(`${caseId} survdiff.${entry.key}`, actual, expected)).toEqual([]);
      });
    }
  }
});

/** A logrank-*.json file: the case's data and levels, and one survdiff entry (or R's error) per analysis. */
interface ExtraLogRankCase extends Omit<SurvivalCase, 'data'> {
  data: CaseRows;
  analyses: (Record<string, unknown> & { rho: number; stratified: boolean; error?: string })[];
}

describe('logRank reproduces R survdiff on the edge cases (scripts/r-extra/logrank.R)', () => {
  const fixtures = loadExtraFixtures<ExtraLogRankCase>('logrank-');
  it('finds the edge-case files', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
  });
  for (const fixture of fixtures) {
    for (const analysis of fixture.analyses) {
      const label = `${fixture.case_id} rho=${analysis.rho}${analysis.stratified ? ' stratified' : ''}`;
      it(label, () => {
        const data = input(fixture.data, fixture.group_levels, analysis.stratified, fixture.strata_levels);
        if (analysis.error) {
          // R: solve() fails on the singular covariance; logRank says why, naming the group column.
          expect(() => logRank(data, { rho: analysis.rho })).toThrow(InputError);
          expect(() => logRank(data, { rho: analysis.rho })).toThrow(/^group: .*singular/);
          return;
        }
        const actual = logRank(data, { rho: analysis.rho });
        expect(survdiffMismatches(label, actual, analysis)).toEqual([]);
      });
    }
  }
});
