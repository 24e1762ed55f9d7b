/** `trialkit analyze`: options, outputs and what bad input gets (exit 1 for bad data, 2 for bad usage). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempFile, trialkit } from '../../../test/support/cli.ts';
import { binomialTest, fisherTest } from '../../stats/exact/index.ts';
import { CONF_TYPES } from '../../stats/kaplan-meier/index.ts';
import { CONF_TYPE_CHOICES } from './index.ts';

const trial = [
  'days,died,arm,age,site',
  '5,1,control,61,A',
  '8,0,control,70,B',
  '4,1,experimental,NA,A',
  '3,1,control,55,B',
  '20,0,experimental,66,A',
  '15,1,experimental,72,B',
  '9,1,control,58,A',
  '25,1,experimental,48,B',
  '11,1,experimental,63,A',
  '7,1,control,50,B',
  '30,0,control,64,A',
  '18,1,control,69,B',
].join('\n');
const base = ['analyze', 'survival', '--time', 'days', '--event', 'died'];

describe('trialkit analyze binomial', () => {
  it('prints binom.test as JSON and as text', async () => {
    const json = await trialkit('analyze', 'binomial', '--x', '7', '--n', '20', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(binomialTest(7, 20));
    const text = await trialkit('analyze', 'binomial', '--x', '7', '--n', '20');
    expect(text.stdout).toContain('responders       7 of 20');
    expect(text.stdout).toContain('proportion       0.35 (95% CI 0.1539 to 0.5922)');
  });

  it('prints fisher.test of a 2×2 table, infinite limits as "Inf"', async () => {
    const run = await trialkit('analyze', 'binomial', '--table', '5,0,2,6', '--format', 'json');
    expect(run.code).toBe(0);
    const expected = fisherTest([
      [5, 0],
      [2, 6],
    ]);
    expect(JSON.parse(run.stdout)).toEqual({
      ...expected,
      estimate: 'Inf',
      conf_int: [expected.conf_int[0], 'Inf'],
    });
  });

  it.each([
    [['--x', '21', '--n', '20'], 'x: expected at most n = 20 successes: got 21'],
    [['--x', '2.5', '--n', '20'], '--x must be a whole number ≥ 0: got "2.5"'],
    [['--table', '1,2,3'], '--table must be four counts a,b,c,d'],
    [['--table', '1,2,3,4', '--x', '1'], 'give either --table or --x and --n, not both'],
    [['--n', '20'], 'give --x and --n'],
    [
      ['--x', '1', '--n', '2', '--conf-level', '1'],
      '--conf-level must be a number strictly between 0 and 1: got "1"',
    ],
  ])('refuses %j with a usage error', async (args, message) => {
    const run = await trialkit('analyze', 'binomial', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('trialkit analyze survival', () => {
  it('offers exactly the engine’s CI types (the option list is written out to keep start-up light)', () => {
    expect(CONF_TYPE_CHOICES).toEqual([...CONF_TYPES]);
  });

  it('names the columns in formulas and terms, leaves out rows with a missing covariate, and writes the plot', async () => {
    const input = tempFile('trial.csv', trial);
    const plot = `${input}.svg`;
    const args = [...base, '--input', input, '--group', 'arm', '--covariates', 'age', '--format', 'json'];
    const run = await trialkit(...args, '--plot', plot, '--ties', 'efron');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.group_levels).toEqual(['control', 'experimental']);
    expect(out.survdiff.logrank.formula).toBe('Surv(days, died) ~ arm');
    const model = out.coxph.models.multivariable;
    expect(model.formula).toBe('Surv(days, died) ~ arm + age');
    expect(model.efron.terms).toEqual(['armexperimental', 'age']);
    expect(model.efron.omitted_rows).toEqual([3]);
    expect(model.breslow).toBeUndefined();
    // R: coef(coxph(Surv(days, died) ~ arm + age, data = d)) on these rows: -0.88806351, -0.05393262 (4 iterations)
    expect(model.efron.coef[0]).toBeCloseTo(-0.88806351, 7);
    expect(model.efron.coef[1]).toBeCloseTo(-0.05393262, 7);
    expect(model.efron.iter).toBe(4);
    expect(out.km.conf_types).toEqual(['log', 'log-log']);
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('experimental vs control: HR');
  });

  it('draws no hazard ratio when it is not estimable (monotone likelihood), and says why on stderr', async () => {
    const monotone = 'days,died,arm\n1,1,a\n2,1,a\n3,1,b\n4,1,b\n5,0,b\n';
    const input = tempFile('m.csv', monotone);
    const run = await trialkit(...base, '--input', input, '--group', 'arm', '--plot', `${input}.svg`);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('coefficient may be infinite');
    const svg = readFileSync(`${input}.svg`, 'utf8');
    expect(svg).not.toContain('HR');
    expect(svg).toContain('Log-rank p');
  });

  it('treats a text covariate as a factor, as R does', async () => {
    const input = tempFile('trial.csv', trial);
    const run = await trialkit(
      ...base,
      '--input',
      input,
      '--group',
      'arm',
      '--covariates',
      'site',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).coxph.models.multivariable.efron.terms).toEqual([
      'armexperimental',
      'siteB',
    ]);
  });

  it('keeps the --covariates order in the formula, and treats --factors columns as factors', async () => {
    const input = tempFile('trial.csv', trial);
    const args = [
      ...base,
      '--input',
      input,
      '--group',
      'arm',
      '--covariates',
      'site,age',
      '--format',
      'json',
    ];
    const run = await trialkit(...args);
    expect(JSON.parse(run.stdout).coxph.models.multivariable.formula).toBe(
      'Surv(days, died) ~ arm + site + age',
    );
    const factor = await trialkit(
      ...base,
      '--input',
      input,
      '--group',
      'arm',
      '--covariates',
      'age',
      '--factors',
      'age',
      '--format',
      'json',
    );
    expect(JSON.parse(factor.stdout).coxph.models.multivariable.efron.terms[1]).toBe('age50');
  });

  it('takes factor levels from the rows the model uses, as R does after na.omit', async () => {
    const rows = [
      'days,died,arm,z,f',
      '5,1,control,1.2,a',
      '8,0,control,0.4,b',
      '4,1,experimental,,rare',
      '3,1,control,2.2,b',
      '20,0,experimental,0.1,a',
      '15,1,experimental,1.7,b',
      '9,1,control,0.9,a',
      '25,1,experimental,0.3,b',
      '11,1,experimental,1.1,a',
      '7,1,control,0.5,b',
      '30,0,control,1.4,a',
      '18,1,control,0.8,b',
    ].join('\n');
    const input = tempFile('rare.csv', rows);
    const run = await trialkit(
      ...base,
      '--input',
      input,
      '--group',
      'arm',
      '--covariates',
      'z,f',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const fit = JSON.parse(run.stdout).coxph.models.multivariable.efron;
    // R: coef(coxph(Surv(days, died) ~ arm + z + f, data = d)) — the level "rare" is only on the dropped row.
    expect(fit.terms).toEqual(['armexperimental', 'z', 'fb']);
    expect(fit.coef[0]).toBeCloseTo(-0.532252533287, 7);
    expect(fit.coef[1]).toBeCloseTo(0.850971013035, 7);
    expect(fit.coef[2]).toBeCloseTo(0.752227031506, 7);
  });

  it('tests proportional hazards without an aliased (constant) column, as R’s cox.zph does', async () => {
    const rows = trial.replace('4,1,experimental,NA,A', '4,1,experimental,67,A').split('\n');
    const withConstant = rows.map((r, i) => `${r},${i === 0 ? 'k' : 1}`).join('\n');
    const input = tempFile('k.csv', withConstant);
    const run = await trialkit(
      ...base,
      '--input',
      input,
      '--group',
      'arm',
      '--covariates',
      'k,age',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.coxph.models.multivariable.efron.coef[1]).toBeNull();
    // R: cox.zph(coxph(Surv(days, died) ~ arm + k + age, data = d))$table
    const zph = out.cox_zph.km;
    expect(zph.rows).toEqual(['arm', 'age', 'GLOBAL']);
    expect(zph.chisq[0]).toBeCloseTo(0.364928758226, 6);
    expect(zph.chisq[1]).toBeCloseTo(0.188672302411, 6);
    expect(zph.chisq[2]).toBeCloseTo(1.056773021327, 6);
  });

  it('reports a typo in a numeric covariate as bad data instead of reading the column as a factor', async () => {
    const typo = trial.replace('5,1,control,61,A', '5,1,control,6..1,A');
    const run = await trialkit(
      ...base,
      '--input',
      tempFile('typo.csv', typo),
      '--group',
      'arm',
      '--covariates',
      'age',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('typo.csv:2: column "age": "6..1" is not a finite number');
  });

  it('analyses one curve without a group: no tests, no Cox model', async () => {
    const run = await trialkit(
      ...base,
      '--input',
      tempFile('t.csv', trial),
      '--format',
      'json',
      '--conf-type',
      'plain',
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.km.overall.n_start).toBe(12);
    expect(Object.keys(out.km.overall.ci)).toEqual(['plain']);
    expect(out.survdiff).toBeNull();
    expect(out.coxph).toBeNull();
  });

  it('reports a model without events as R does, with a warning on stderr', async () => {
    const none = 'days,died,arm\n5,0,a\n8,0,b\n9,0,a\n';
    const run = await trialkit(...base, '--input', tempFile('none.csv', none), '--group', 'arm');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: Surv\(days, died\) ~ arm \(efron\): .*no events/i);
  });

  it.each([
    ['days,died,arm\n5,1,a\n-1,0,b\n', 'bad.csv:3: column "days": expected a finite number ≥ 0: got -1'],
    ['days,died,arm\n5,1,a\n4,2,b\n', 'bad.csv:3: column "died": expected 0 (censored) or 1 (event): got 2'],
    [
      'days,died,arm\n5,1,a\nsoon,0,b\nlater,1,a\n',
      'bad.csv:4: column "days": "later" is not a finite number',
    ],
    ['days,died,arm\n5,1,a\n,0,b\n', 'bad.csv:3: column "days" (--time) is missing; every row needs one'],
    ['days,died,arm\n5,1,a\n7,0,\n', 'bad.csv:3: column "arm" (--group) is missing'],
    ['days,died\n5,1\n', '--group names column "arm", which is not in the header (columns: days, died)'],
    ['days,died,arm\n5,1,a\n7,0,a\n', 'bad.csv: column "arm": expected at least two levels: got ["a"]'],
  ])('refuses bad data with exit 1 and names the line and column: %j', async (csv, message) => {
    const run = await trialkit(...base, '--input', tempFile('bad.csv', csv), '--group', 'arm');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it.each([
    [['--strata', 'site'], '--strata needs --group'],
    [['--rmst-horizon', '-5'], '--rmst-horizon must be a number > 0: got "-5"'],
  ])('refuses %j with a usage error', async (args, message) => {
    const run = await trialkit(...base, '--input', tempFile('t.csv', trial), ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('says when the input file cannot be read', async () => {
    const run = await trialkit(...base, '--input', '/nonexistent/data.csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/nonexistent/data.csv: cannot read');
  });
});
