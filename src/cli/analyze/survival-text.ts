/** The text report of `trialkit analyze survival`: what a statistician reads first, R's print in spirit. */
import type { Curve, LogRankResult, ReportedCoxFit, SurvivalAnalysis } from '../../stats/index.ts';
import { formatP, formatNumber as num } from './text-format.ts';

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map(
    (r) =>
      `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')}`,
  );
}

function interval(estimate: number | null, lower: number | null, upper: number | null): string {
  if (estimate === null) return 'not reached';
  return `${num(estimate)} (${lower === null ? 'NA' : num(lower)} to ${upper === null ? 'NA' : num(upper)})`;
}

function curveRows(analysis: SurvivalAnalysis): string[] {
  const { km } = analysis;
  const type = km.conf_types[0] ?? 'log';
  const curves: Curve[] = [km.overall, ...km.by_group];
  const horizons = km.overall.rmean.map((r) => `RMST to ${num(r.horizon)} (SE)`);
  const rows = [
    ['curve', 'n', 'events', 'median (CI)', ...horizons],
    ...curves.map((c) => {
      const median = c.ci[type]?.median;
      return [
        c.label,
        String(c.n_start),
        String(c.events),
        median ? interval(median.estimate, median.lower, median.upper) : 'NA',
        ...c.rmean.map((r) => `${num(r.rmean)} (${num(r.se)})`),
      ];
    }),
  ];
  return [`Kaplan–Meier (${num(km.conf_level * 100)}% CI, ${type})`, ...table(rows)];
}

function testRows(title: string, test: LogRankResult): string[] {
  return [
    `${title}: chi-square ${num(test.chisq)} on ${test.df} df, p ${formatP(test.p)}`,
    ...table([
      ['group', 'n', 'observed', 'expected', '(O-E)^2/E', '(O-E)^2/V'],
      ...test.groups.map((g, i) => [
        g,
        String(test.n[i]),
        num(test.observed[i]),
        num(test.expected[i]),
        num(test.oe2_over_e[i]),
        num(test.oe2_over_v[i]),
      ]),
    ]),
  ];
}

function omitted(count: number): string {
  if (count === 0) return '';
  return `, ${count} ${count === 1 ? 'row' : 'rows'} with missing values left out`;
}

function coxRows(formula: string, fit: ReportedCoxFit, confLevel: number): string[] {
  const level = `${num(confLevel * 100)}% CI`;
  const concordance =
    fit.concordance?.c == null
      ? ''
      : `; concordance ${num(fit.concordance.c)} (SE ${num(fit.concordance.se)})`;
  return [
    `Cox model ${formula} (${fit.ties} ties; n = ${fit.n}, ${fit.nevent} events${omitted(fit.omitted_rows.length)}; ${fit.iter} iterations)`,
    ...table([
      ['term', 'coef', `HR (${level})`, 'SE', 'z', 'p'],
      ...fit.terms.map((term, i) => [
        term,
        num(fit.coef[i]),
        interval(fit.hr[i] ?? null, fit.hr_lower[i] ?? null, fit.hr_upper[i] ?? null),
        num(fit.se[i]),
        num(fit.z[i]),
        formatP(fit.p[i]),
      ]),
    ]),
    `  likelihood ratio ${num(fit.lr_test.statistic)} on ${fit.lr_test.df} df, p ${formatP(fit.lr_test.p)}; Wald ${num(fit.wald_test.statistic)}, p ${formatP(fit.wald_test.p)}; score ${num(fit.score_test.statistic)}, p ${formatP(fit.score_test.p)}${concordance}`,
  ];
}

export function survivalText(analysis: SurvivalAnalysis): string {
  const out: string[] = [...curveRows(analysis)];
  const tests = analysis.survdiff;
  if (tests) {
    out.push(
      '',
      ...testRows('Log-rank test', tests.logrank),
      '',
      ...testRows('Peto–Peto test', tests.peto_peto),
    );
    if (tests.stratified_logrank)
      out.push('', ...testRows('Stratified log-rank test', tests.stratified_logrank));
    if (tests.stratified_peto_peto)
      out.push('', ...testRows('Stratified Peto–Peto test', tests.stratified_peto_peto));
  }
  for (const model of Object.values(analysis.coxph?.models ?? {})) {
    for (const fit of [model.efron, model.breslow]) {
      if (fit) out.push('', ...coxRows(model.formula, fit, analysis.km.conf_level));
    }
  }
  const zph = analysis.cox_zph;
  if (zph) {
    out.push(
      '',
      `Proportional hazards test (cox.zph of ${zph.model_formula}, ${zph.ties}): p by time transform`,
    );
    out.push(
      ...table([
        ['term', 'df', 'km', 'identity', 'rank'],
        ...zph.km.rows.map((row, i) => [
          row,
          String(zph.km.df[i]),
          formatP(zph.km.p[i]),
          formatP(zph.identity.p[i]),
          formatP(zph.rank.p[i]),
        ]),
      ]),
    );
  }
  if (analysis.warnings.length) out.push('', 'Warnings:', ...analysis.warnings.map((w) => `  ${w}`));
  return `${out.join('\n')}\n`;
}
