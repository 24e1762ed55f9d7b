/**
 * The analysis report of the statistician's view (POST /api/analysis): SDTM TU, TR, (RS) and ADSL as
 * CSV text through the path of `trialkit derive` (readStudy + deriveStudy, src/cli/derive/derive-command.ts),
 * then per arm: Kaplan–Meier of PFS and OS with number at risk, medians with CIs, the Cox hazard ratio
 * and the log-rank test (src/stats, as `trialkit analyze survival`), ORR with exact Clopper–Pearson CIs,
 * and the figures of `trialkit analyze survival --plot` and `trialkit plot` as SVG with the CSV data
 * behind each. Data problems come back as a list beside whatever could be computed, never as a crash.
 * No I/O: the route reads the request and the example files.
 *
 * The CLI's helpers are imported from their files, not the folders' index.ts: those load the command
 * code lazily so the CLI starts fast.
 */
import { z } from 'zod';
import type { AdrsRow, AdtteRow } from '../cdisc/adam/derive.ts';
import { type Problem, writeCsv } from '../cdisc/index.ts';
import { kaplanMeierPlotInput } from '../cli/analyze/survival-plot.ts';
import { DataFileError, readTable } from '../cli/analyze/table.ts';
import { type AdamFile, adamCsv, type DeriveSettings, deriveSources } from '../cli/derive/derive-command.ts';
import { spiderInput, swimmerInput, waterfallInput } from '../cli/derive/plot-command.ts';
import { EndpointInputError } from '../endpoints/index.ts';
import type { Protocol } from '../protocol/index.ts';
import { analyzeSurvival, binomialTest, fisherTest, StatsInputError } from '../stats/index.ts';
import {
  renderKaplanMeierSvg,
  renderSpiderSvg,
  renderSwimmerSvg,
  renderWaterfallSvg,
  TIME_UNITS,
} from '../stats/plot/index.ts';
import { TrialError } from '../store/index.ts';

const RESPONDERS = new Set(['CR', 'PR']);

const csvText = (domain: string) =>
  z.string().refine((text) => text.trim().length > 0, `the ${domain} file is empty`);
const fileName = z.string().trim().min(1).max(255);
const days = z.number().int().min(0).max(3650);

export const analysisRequest = z.strictObject({
  tu: csvText('TU'),
  tr: csvText('TR'),
  rs: csvText('RS').optional(),
  adsl: csvText('ADSL'),
  /** Names used in data problems (default tu.csv, tr.csv, rs.csv, adsl.csv). */
  fileNames: z
    .strictObject({ tu: fileName, tr: fileName, rs: fileName, adsl: fileName })
    .partial()
    .optional(),
  options: z
    .strictObject({
      /** As `trialkit derive`: FDA 2018 PFS censoring (NCT05168163), or the admiralonco template. */
      pfsRules: z.enum(['simple', 'fda-2018']).default('fda-2018'),
      responseSource: z.enum(['measurements', 'recorded']).default('measurements'),
      evaluator: z.string().trim().min(1).max(100).default('INVESTIGATOR'),
      imputeDay: z.enum(['first', 'last']).default('first'),
      sdMinDays: days.default(42),
      confirmMinDays: days.default(28),
      assessmentIntervalDays: days.default(63),
      timeUnit: z.enum(['days', 'weeks', 'months']).default('months'),
      confLevel: z.number().gt(0.5).lt(1).default(0.95),
      /**
       * ORR from BOR (confirmation not required: RECIST 1.1 §4.6.1 waives confirmation in randomized
       * trials) or from the confirmed best overall response (CBOR).
       */
      orrResponse: z.enum(['unconfirmed', 'confirmed']).default('unconfirmed'),
    })
    .prefault({}),
});
export type AnalysisRequest = z.infer<typeof analysisRequest>;
type AnalysisOptions = AnalysisRequest['options'];

export interface AnalysisProblem extends Partial<Omit<Problem, 'severity' | 'message'>> {
  /** read: the SDTM/ADSL readers; derive: RECIST and endpoints; analysis: statistics and figures. */
  stage: 'read' | 'derive' | 'analysis';
  severity: 'error' | 'warning';
  message: string;
}

export interface DataFile {
  /** File stem, e.g. `adtte-pfs`: the browser adds the study and the extension. */
  name: string;
  csv: string;
}

interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** Non-finite numbers (an odds ratio of Infinity, NaN limits) as null, so JSON keeps them. */
const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/** The arms of the data in analysis order, and the short names the figures use. */
interface Arms {
  /** Comparator arms of the protocol first (the Cox and Fisher reference), then the others. */
  levels: string[];
  /**
   * "Arm A" for an ARM that is a protocol arm's label, so legends, at-risk rows and the HR annotation
   * fit the figure; tables and CSVs keep the full label.
   */
  short(arm: string): string;
}

function armsOf(values: readonly string[], protocol: Protocol): Arms {
  const protocolArm = (arm: string) => protocol.registry.arms.find((a) => a.label === arm || a.id === arm);
  const rank = (arm: string) => {
    const type = protocolArm(arm)?.type;
    return type === undefined ? 1 : type === 'EXPERIMENTAL' ? 2 : 0;
  };
  return {
    levels: [...new Set(values)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)),
    short: (arm) => {
      const found = protocolArm(arm);
      return found ? `Arm ${found.id}` : arm;
    },
  };
}

const ENDPOINTS = {
  PFS: 'Progression-free survival',
  OS: 'Overall survival',
} as const;

function survivalReport(
  paramcd: keyof typeof ENDPOINTS,
  adtte: readonly AdtteRow[],
  arms: Arms,
  options: AnalysisOptions,
  problems: AnalysisProblem[],
) {
  const rows = adtte.filter((r) => r.PARAMCD === paramcd && r.ARM !== null);
  const title = `${ENDPOINTS[paramcd]} by arm`;
  if (rows.length === 0) {
    problems.push({
      stage: 'analysis',
      severity: 'error',
      message: `${paramcd}: no ADTTE records with an arm`,
    });
    return null;
  }
  const unit = TIME_UNITS[options.timeUnit];
  const present = arms.levels.filter((arm) => rows.some((r) => r.ARM === arm));
  try {
    const analysis = analyzeSurvival(
      {
        time: rows.map((r) => r.AVAL / unit.days),
        event: rows.map((r) => (r.CNSR === 0 ? 1 : 0)),
        group: rows.map((r) => r.ARM as string),
        names: { time: 'AVAL', event: 'EVENT', group: 'ARM' },
        groupLevels: present,
      },
      { ties: 'efron', confTypes: ['log'], confLevel: options.confLevel },
    );
    const plot = { ...kaplanMeierPlotInput(analysis, { time: options.timeUnit }), title };
    const hr = plot.annotation?.hazardRatio;
    const svg = renderKaplanMeierSvg(
      {
        ...plot,
        curves: plot.curves.map((c) => ({ ...c, label: arms.short(c.label) })),
        annotation: {
          ...plot.annotation,
          ...(hr
            ? {
                hazardRatio: {
                  ...hr,
                  reference: arms.short(hr.reference),
                  comparison: arms.short(hr.comparison),
                },
              }
            : {}),
        },
      },
      { idPrefix: `km-${paramcd.toLowerCase()}` },
    );
    const fit = analysis.coxph?.models.group?.efron;
    // Estimable unless the likelihood is monotone (a limit of 0 or ∞): the rule of the CLI's figure.
    const estimable =
      fit !== undefined && [fit.hr[0], fit.hr_lower[0], fit.hr_upper[0]].every((v) => (finite(v) ?? 0) > 0);
    const hazardRatio =
      present.length === 2 && fit
        ? {
            comparison: present[1] as string,
            reference: present[0] as string,
            estimable,
            estimate: estimable ? finite(fit.hr[0]) : null,
            lower: estimable ? finite(fit.hr_lower[0]) : null,
            upper: estimable ? finite(fit.hr_upper[0]) : null,
            waldP: estimable ? finite(fit.p[0]) : null,
          }
        : null;
    const logrank = analysis.survdiff?.logrank;
    const curves = analysis.km.by_group;
    const estimates = curves.flatMap((c) =>
      c.time.map((t, i) => ({
        ARM: c.group,
        TIME: t,
        NRISK: c.n_risk[i],
        NEVENT: c.n_event[i],
        NCENSOR: c.n_censor[i],
        SURV: c.surv[i],
        LOWER: c.ci.log?.lower[i],
        UPPER: c.ci.log?.upper[i],
      })),
    );
    for (const warning of analysis.warnings)
      problems.push({ stage: 'analysis', severity: 'warning', message: `${paramcd}: ${warning}` });
    return {
      paramcd,
      title,
      timeUnit: options.timeUnit,
      confLevel: options.confLevel,
      arms: curves.map((c) => ({
        arm: c.group as string,
        n: c.n_start,
        events: c.events,
        censored: c.n_start - c.events,
        median: (c.ci.log?.median ?? { estimate: null, lower: null, upper: null }) satisfies Interval,
      })),
      atRisk: {
        times: plot.atRisk?.times ?? [],
        byArm: curves.map((c, i) => ({ arm: c.group as string, counts: plot.atRisk?.counts[i] ?? [] })),
      },
      hazardRatio,
      logRank: logrank ? { chisq: logrank.chisq, df: logrank.df, p: logrank.p } : null,
      svg,
      data: [
        { name: `adtte-${paramcd.toLowerCase()}`, csv: adamCsv('adtte', rows) },
        {
          name: `km-${paramcd.toLowerCase()}-estimates`,
          csv: writeCsv(['ARM', 'TIME', 'NRISK', 'NEVENT', 'NCENSOR', 'SURV', 'LOWER', 'UPPER'], estimates),
        },
      ] satisfies DataFile[],
    };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    problems.push({ stage: 'analysis', severity: 'error', message: `${paramcd}: ${error.message}` });
    return null;
  }
}

function orrReport(
  adrs: readonly AdrsRow[],
  { levels }: Arms,
  options: AnalysisOptions,
  problems: AnalysisProblem[],
) {
  const paramcd = options.orrResponse === 'confirmed' ? 'CBOR' : 'BOR';
  const rows = adrs.filter((r) => r.PARAMCD === paramcd && r.ARM !== null);
  if (rows.length === 0) {
    problems.push({
      stage: 'analysis',
      severity: 'error',
      message: `ORR: no ${paramcd} records with an arm`,
    });
    return null;
  }
  const arms = levels.flatMap((arm) => {
    const inArm = rows.filter((r) => r.ARM === arm);
    if (inArm.length === 0) return [];
    const responders = inArm.filter((r) => RESPONDERS.has(r.AVALC ?? '')).length;
    const test = binomialTest(responders, inArm.length, { confLevel: options.confLevel });
    const bestResponse: Record<string, number> = {};
    for (const r of inArm) bestResponse[r.AVALC ?? 'MISSING'] = (bestResponse[r.AVALC ?? 'MISSING'] ?? 0) + 1;
    return [
      {
        arm,
        n: inArm.length,
        responders,
        rate: {
          estimate: test.estimate,
          lower: test.conf_int[0],
          upper: test.conf_int[1],
        } satisfies Interval,
        bestResponse,
      },
    ];
  });
  const [reference, comparison] = arms;
  const fisher =
    arms.length === 2 && reference && comparison
      ? fisherTest(
          [
            [comparison.responders, comparison.n - comparison.responders],
            [reference.responders, reference.n - reference.responders],
          ],
          { confLevel: options.confLevel },
        )
      : null;
  return {
    paramcd,
    definition:
      paramcd === 'BOR'
        ? 'CR or PR as best overall response, confirmation not required (RECIST 1.1 §4.6.1, randomized trial)'
        : 'CR or PR as best confirmed overall response (RECIST 1.1 §4.6.1)',
    confLevel: options.confLevel,
    interval: 'Clopper–Pearson exact',
    arms,
    comparison:
      fisher && reference && comparison
        ? {
            test: "Fisher's exact test",
            comparison: comparison.arm,
            reference: reference.arm,
            oddsRatio: {
              estimate: finite(fisher.estimate),
              lower: finite(fisher.conf_int[0]),
              upper: finite(fisher.conf_int[1]),
            } satisfies Interval,
            p: fisher.p_value,
          }
        : null,
    data: [{ name: `adrs-${paramcd.toLowerCase()}`, csv: adamCsv('adrs', rows) }] satisfies DataFile[],
  };
}

/** A figure from the derived CSVs through the code of `trialkit plot`; a data problem leaves it out. */
function figure<T>(
  name: string,
  problems: AnalysisProblem[],
  build: () => { svg: string; data: DataFile[]; detail: T },
) {
  try {
    return { title: name, ...build() };
  } catch (error) {
    if (!(error instanceof StatsInputError || error instanceof DataFileError)) throw error;
    problems.push({
      stage: 'analysis',
      severity: 'warning',
      message: `${name}: not drawn (${error.message})`,
    });
    return null;
  }
}

export function runAnalysis(request: AnalysisRequest, protocol: Protocol) {
  const { options } = request;
  if (options.responseSource === 'recorded' && !request.rs)
    throw new TrialError('invalid', 'body.rs: responses "recorded" are read from RS: send the RS file', {
      fields: [{ path: 'body.rs', message: 'required when options.responseSource is "recorded"' }],
    });
  const names = { tu: 'tu.csv', tr: 'tr.csv', rs: 'rs.csv', adsl: 'adsl.csv', ...request.fileNames };
  const settings: DeriveSettings = {
    responseSource: options.responseSource,
    pfsRules: options.pfsRules,
    sdMinDays: options.sdMinDays,
    confirmMinDays: options.confirmMinDays,
    assessmentIntervalDays: options.assessmentIntervalDays,
    imputeDay: options.imputeDay,
    evaluator: options.evaluator,
  };
  const problems: AnalysisProblem[] = [];
  let derivation: ReturnType<typeof deriveSources>;
  try {
    derivation = deriveSources(
      {
        tu: { file: names.tu, text: request.tu },
        tr: { file: names.tr, text: request.tr },
        ...(request.rs ? { rs: { file: names.rs, text: request.rs } } : {}),
        adsl: { file: names.adsl, text: request.adsl },
      },
      settings,
    );
  } catch (error) {
    if (!(error instanceof EndpointInputError)) throw error;
    throw new TrialError('refused', `the endpoints cannot be derived: ${error.message}`, {
      fields: [{ path: 'body.adsl', message: error.message }],
    });
  }
  const { study, derived } = derivation;
  for (const { severity, message, ...where } of study.problems)
    problems.push({ stage: 'read', severity, message, ...where });
  // Derivation problems are lines that start with the subject's USUBJID (src/cdisc/adam/derive.ts).
  const subjectOf = (message: string) =>
    study.subjects.find((s) => message.startsWith(`${s.usubjid} `) || message.startsWith(`${s.usubjid}:`))
      ?.usubjid;
  for (const message of derived.problems) {
    const usubjid = subjectOf(message);
    problems.push({ stage: 'derive', severity: 'warning', message, ...(usubjid ? { usubjid } : {}) });
  }
  const withoutArm = new Set(derived.adtte.filter((r) => r.ARM === null).map((r) => r.USUBJID));
  for (const usubjid of withoutArm)
    problems.push({
      stage: 'analysis',
      severity: 'warning',
      usubjid,
      message: `${usubjid}: no ARM in ADSL; left out of the comparisons by arm`,
    });

  const armNames = armsOf(
    derived.adtte.flatMap((r) => (r.ARM === null ? [] : [r.ARM])),
    protocol,
  );
  const { levels, short } = armNames;
  const csv = (name: AdamFile, rows: readonly object[]) => adamCsv(name, rows);
  const table = (name: string, text: string) => readTable(text, name);
  const bor = derived.adrs.filter((r) => r.PARAMCD === 'BOR');
  const ovr = derived.adrs.filter((r) => r.PARAMCD === 'OVR');
  const os = derived.adtte.filter((r) => r.PARAMCD === 'OS');
  /** The figure's arms in analysis order, by their short names. */
  const arms = (present: readonly string[]) => levels.filter((arm) => present.includes(arm)).map(short);

  const waterfall = figure('Waterfall plot of best change in target lesions', problems, () => {
    const input = waterfallInput(
      table('adtr.csv', csv('adtr', derived.adtr)),
      table('adrs.csv', csv('adrs', bor)),
    );
    const plot = {
      bars: input.bars.map((b) => ({ ...b, arm: short(b.arm) })),
      title: 'Best change from baseline in sum of diameters',
      arms: arms(input.bars.map((b) => b.arm)),
    };
    return {
      svg: renderWaterfallSvg(plot),
      data: [
        { name: 'adtr', csv: csv('adtr', derived.adtr) },
        { name: 'adrs-bor', csv: csv('adrs', bor) },
      ],
      detail: { bars: input.bars },
    };
  });
  const spider = figure('Spider plot of change in target lesions', problems, () => {
    const input = spiderInput(
      table('adtr.csv', csv('adtr', derived.adtr)),
      table('adrs.csv', csv('adrs', bor)),
    );
    const plot = {
      lines: input.lines.map((l) => ({ ...l, arm: short(l.arm) })),
      title: 'Change from baseline in sum of diameters over time',
      arms: arms(input.lines.map((l) => l.arm)),
      timeUnit: options.timeUnit,
    };
    return {
      svg: renderSpiderSvg(plot),
      data: [{ name: 'adtr', csv: csv('adtr', derived.adtr) }],
      detail: { subjects: input.lines.length },
    };
  });
  const swimmer = figure('Swimmer plot of time on study and responses', problems, () => {
    const input = swimmerInput(table('adtte.csv', csv('adtte', os)), table('adrs.csv', csv('adrs', ovr)));
    const plot = {
      lanes: input.lanes.map((l) => ({ ...l, arm: short(l.arm) })),
      title: 'Time on study with responses',
      arms: arms(input.lanes.map((l) => l.arm)),
      timeUnit: options.timeUnit,
    };
    return {
      svg: renderSwimmerSvg(plot),
      data: [
        { name: 'adtte-os', csv: csv('adtte', os) },
        { name: 'adrs-ovr', csv: csv('adrs', ovr) },
      ],
      detail: { lanes: input.lanes },
    };
  });

  return {
    summary: {
      subjects: study.subjects.length,
      analysed: new Set(derived.adtte.map((r) => r.USUBJID)).size,
      arms: levels,
      records: {
        adrs: derived.adrs.length,
        adtte: derived.adtte.length,
        adtr: derived.adtr.length,
        timepoints: derived.timepoints.length,
      },
      disagreements: derived.disagreements,
      ignored: study.ignored,
      errors: problems.filter((p) => p.severity === 'error').length,
      options,
    },
    problems,
    survival: {
      pfs: survivalReport('PFS', derived.adtte, armNames, options, problems),
      os: survivalReport('OS', derived.adtte, armNames, options, problems),
    },
    orr: orrReport(derived.adrs, armNames, options, problems),
    figures: { waterfall, spider, swimmer },
    datasets: [
      { name: 'adtte', csv: csv('adtte', derived.adtte) },
      { name: 'adrs', csv: csv('adrs', derived.adrs) },
      { name: 'adtr', csv: csv('adtr', derived.adtr) },
      { name: 'timepoints', csv: csv('timepoints', derived.timepoints) },
    ] satisfies DataFile[],
  };
}
export type AnalysisReport = ReturnType<typeof runAnalysis>;
