/**
 * The statistician's analysis (POST /api/analysis): SDTM TU/TR/RS and ADSL as CSV text in; Kaplan–Meier
 * of PFS and OS by arm, ORR with exact CIs, the response figures as SVG, the derived ADaM datasets and
 * the data problems out.
 */
import { z } from 'zod';
import { dataText, fileName, singleLine } from './text.ts';
import { TIME_UNIT_NAMES } from './vocabulary.ts';

/** A CSV file's text: any size the body limit lets through (src/contracts/limits.ts). */
const csvText = (domain: string) =>
  dataText(Number.MAX_SAFE_INTEGER).refine((text) => text.trim().length > 0, `the ${domain} file is empty`);
const days = z.number().int().min(0).max(3650);

/**
 * The endpoint parameters (PFS rules, SD and confirmation minimums, assessment interval) default to the
 * protocol's (protocol.yaml `endpointParameters`, the schedule's tumor-assessment interval): a field
 * given overrides it for this request, one left out is the protocol's.
 */
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
      /** As `trialkit derive`: the FDA 2018 PFS censoring or the admiralonco template (default: the protocol's). */
      pfsRules: z.enum(['simple', 'fda-2018']).optional(),
      responseSource: z.enum(['measurements', 'recorded']).default('measurements'),
      evaluator: singleLine(100).default('INVESTIGATOR'),
      imputeDay: z.enum(['first', 'last']).default('first'),
      /** Default: the protocol's (protocol.yaml endpointParameters and schedule.tumorAssessment). */
      sdMinDays: days.optional(),
      confirmMinDays: days.optional(),
      assessmentIntervalDays: days.optional(),
      timeUnit: z.enum(TIME_UNIT_NAMES).default('months'),
      confLevel: z.number().gt(0.5).lt(1).default(0.95),
      /**
       * ORR from BOR (confirmation not required: RECIST 1.1 §4.6.1 waives confirmation in randomized
       * trials) or from the confirmed best overall response (CBOR).
       */
      orrResponse: z.enum(['unconfirmed', 'confirmed']).default('unconfirmed'),
    })
    .prefault({}),
});
/** The body as sent (input: defaults not yet applied). */
export type AnalysisRequestInput = z.input<typeof analysisRequest>;
/** The body as validated: endpoint parameters left out are the protocol's. */
export type AnalysisRequestBody = z.infer<typeof analysisRequest>;
type ParameterField = 'pfsRules' | 'sdMinDays' | 'confirmMinDays' | 'assessmentIntervalDays';
/** The options with every endpoint parameter decided: the body's, or else the protocol's. */
export type AnalysisOptions = Omit<AnalysisRequestBody['options'], ParameterField> &
  Required<Pick<AnalysisRequestBody['options'], ParameterField>>;

/** The example study of examples/cdisc (GET /api/analysis/example). */
export const exampleStudy = z.strictObject({
  tu: z.string(),
  tr: z.string(),
  rs: z.string(),
  adsl: z.string(),
  fileNames: z.strictObject({ tu: z.string(), tr: z.string(), rs: z.string(), adsl: z.string() }),
});
export type ExampleStudy = z.infer<typeof exampleStudy>;

/** An estimate with its confidence limits: null where there is no number (JSON has no Infinity). */
export const interval = z.strictObject({
  estimate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
export type Interval = z.infer<typeof interval>;

/** A CSV file behind a figure or a table, to download. */
export const dataFile = z.strictObject({ name: z.string(), csv: z.string() });
export type DataFile = z.infer<typeof dataFile>;

export const survivalReport = z.strictObject({
  paramcd: z.enum(['PFS', 'OS']),
  title: z.string(),
  timeUnit: z.enum(TIME_UNIT_NAMES),
  confLevel: z.number(),
  arms: z.array(
    z.strictObject({
      arm: z.string(),
      n: z.number(),
      events: z.number(),
      censored: z.number(),
      median: interval,
    }),
  ),
  atRisk: z.strictObject({
    times: z.array(z.number()),
    byArm: z.array(z.strictObject({ arm: z.string(), counts: z.array(z.number()) })),
  }),
  hazardRatio: z
    .strictObject({
      comparison: z.string(),
      reference: z.string(),
      estimable: z.boolean(),
      estimate: z.number().nullable(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      waldP: z.number().nullable(),
    })
    .nullable(),
  logRank: z.strictObject({ chisq: z.number(), df: z.number(), p: z.number() }).nullable(),
  svg: z.string(),
  data: z.array(dataFile),
});
export type SurvivalReport = z.infer<typeof survivalReport>;

export const orrReport = z.strictObject({
  paramcd: z.enum(['BOR', 'CBOR']),
  definition: z.string(),
  confLevel: z.number(),
  interval: z.string(),
  arms: z.array(
    z.strictObject({
      arm: z.string(),
      n: z.number(),
      responders: z.number(),
      rate: interval,
      bestResponse: z.record(z.string(), z.number()),
    }),
  ),
  comparison: z
    .strictObject({
      test: z.string(),
      comparison: z.string(),
      reference: z.string(),
      oddsRatio: interval,
      p: z.number(),
    })
    .nullable(),
  data: z.array(dataFile),
});
export type OrrReport = z.infer<typeof orrReport>;

const figure = <Detail extends z.ZodType>(detail: Detail) =>
  z.strictObject({ title: z.string(), svg: z.string(), data: z.array(dataFile), detail }).nullable();

export const waterfallBar = z.strictObject({
  subject: z.string(),
  arm: z.string(),
  bestPercentChange: z.number(),
  bestResponse: z.enum(['CR', 'PR', 'SD', 'PD', 'NE']).optional(),
});
export type WaterfallBar = z.infer<typeof waterfallBar>;
export const swimmerLane = z.strictObject({
  subject: z.string(),
  arm: z.string(),
  endDay: z.number(),
  ongoing: z.boolean().optional(),
  events: z.array(
    z.strictObject({
      day: z.number(),
      kind: z.enum(['CR', 'PR', 'SD', 'PD', 'death', 'response-start', 'response-end']),
    }),
  ),
});
export type SwimmerLane = z.infer<typeof swimmerLane>;

/** A data problem, listed beside whatever could be computed. */
export const analysisProblem = z.strictObject({
  /** read: the SDTM/ADSL readers; derive: RECIST and endpoints; analysis: statistics and figures. */
  stage: z.enum(['read', 'derive', 'analysis']),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
  usubjid: z.string().optional(),
  visit: z.string().optional(),
  lesion: z.string().optional(),
  code: z.string().optional(),
});
export type AnalysisProblem = z.infer<typeof analysisProblem>;

export const analysisReport = z.strictObject({
  summary: z.strictObject({
    subjects: z.number(),
    analysed: z.number(),
    arms: z.array(z.string()),
    records: z.strictObject({
      adrs: z.number(),
      adtte: z.number(),
      adtr: z.number(),
      timepoints: z.number(),
    }),
    disagreements: z.number(),
    /** Rows the readers left out, by file and reason. */
    ignored: z.record(z.string(), z.record(z.string(), z.number())),
    errors: z.number(),
    /** The options the analysis ran with: the request's, the protocol's where the request gave none. */
    options: z.strictObject({
      pfsRules: z.enum(['simple', 'fda-2018']),
      responseSource: z.enum(['measurements', 'recorded']),
      evaluator: z.string(),
      imputeDay: z.enum(['first', 'last']),
      sdMinDays: z.number(),
      confirmMinDays: z.number(),
      assessmentIntervalDays: z.number(),
      timeUnit: z.enum(TIME_UNIT_NAMES),
      confLevel: z.number(),
      orrResponse: z.enum(['unconfirmed', 'confirmed']),
    }),
  }),
  problems: z.array(analysisProblem),
  survival: z.strictObject({ pfs: survivalReport.nullable(), os: survivalReport.nullable() }),
  orr: orrReport.nullable(),
  figures: z.strictObject({
    waterfall: figure(z.strictObject({ bars: z.array(waterfallBar) })),
    spider: figure(z.strictObject({ subjects: z.number() })),
    swimmer: figure(z.strictObject({ lanes: z.array(swimmerLane) })),
  }),
  datasets: z.array(dataFile),
});
export type AnalysisReport = z.infer<typeof analysisReport>;
