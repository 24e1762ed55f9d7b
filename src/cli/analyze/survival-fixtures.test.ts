/**
 * The CLI contract of `trialkit analyze survival`: a fixture's `data` written to CSV and fed to the
 * CLI reproduces every field of the fixture's `km`, `survdiff`, `coxph` and `cox_zph` sections
 * (../shared/fixtures/r-survival/FORMAT.md), with FORMAT.md's tolerances.
 */
import { describe, expect, it } from 'vitest';
import { tempFile, trialkit } from '../../../test/support/cli.ts';
import {
  CLOSED_FORM,
  COX_ESTIMATE,
  COX_LOGLIK,
  compareTree,
  loadFixture,
  SURVIVAL_CASES,
  type SurvivalCase,
  type Tolerance,
} from '../../../test/support/r-fixtures.ts';

interface Fixture extends SurvivalCase {
  km: { overall: { rmean: { horizon: number; horizon_rule: string }[] } };
  survdiff: unknown;
  coxph: { models: { multivariable?: { formula: string } } };
  cox_zph: unknown;
}

function csv(fixture: Fixture): string {
  const { data } = fixture;
  const columns: [string, (string | number | null)[]][] = [
    ['time', data.time],
    ['event', data.event],
    ['group', data.group],
    ...(data.strata ? [['strata', data.strata] as [string, string[]]] : []),
    ...Object.entries(data.covariates),
  ];
  const rows = Array.from({ length: data.n }, (_, i) => columns.map(([, v]) => v[i] ?? 'NA').join(','));
  return `${columns.map(([name]) => name).join(',')}\n${rows.join('\n')}\n`;
}

/** Cox log-likelihoods to 1e-9 absolute, other Cox and PH-test numbers to 1e-6 relative, the rest 1e-10. */
function tolerance(path: string): Tolerance {
  if (/\.loglik_(null|fit)$/.test(path)) return COX_LOGLIK;
  if (path.startsWith('coxph') || path.startsWith('cox_zph')) return { ...COX_ESTIMATE, abs: 1e-9 };
  return CLOSED_FORM;
}

describe('trialkit analyze survival reproduces the R fixtures from CSV', () => {
  it.each(SURVIVAL_CASES)('%s', async (name) => {
    const fixture = loadFixture<Fixture>(name);
    const input = tempFile(`${name}.csv`, csv(fixture));
    const formula = fixture.coxph.models.multivariable?.formula;
    const covariates = formula
      ? formula
          .split('~')[1]
          ?.split('+')
          .map((t) => t.trim())
          .filter((t) => t !== 'group')
      : [];
    const fixed = fixture.km.overall.rmean.find((r) => r.horizon_rule === 'fixed');
    const args = [
      'analyze',
      'survival',
      '--input',
      input,
      '--time',
      'time',
      '--event',
      'event',
      '--group',
      'group',
    ];
    args.push('--group-levels', fixture.group_levels.join(','), '--format', 'json');
    if (fixture.strata_levels)
      args.push('--strata', 'strata', '--strata-levels', fixture.strata_levels.join(','));
    if (covariates?.length) args.push('--covariates', covariates.join(','));
    if (fixed) args.push('--rmst-horizon', String(fixed.horizon));
    const run = await trialkit(...args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout, (_key, value) =>
      value === 'Inf'
        ? Number.POSITIVE_INFINITY
        : value === '-Inf'
          ? Number.NEGATIVE_INFINITY
          : value === 'NaN'
            ? Number.NaN
            : value,
    );
    const errors: string[] = [];
    const skip = new Set(['description']);
    for (const section of ['km', 'survdiff', 'coxph', 'cox_zph'] as const) {
      compareTree(
        errors,
        `${name}: ${section}`,
        output[section],
        fixture[section],
        (p) => tolerance(p.slice(name.length + 2)),
        skip,
      );
    }
    expect(errors).toEqual([]);
  });
});
