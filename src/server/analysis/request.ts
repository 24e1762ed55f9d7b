/**
 * The body of POST /api/analysis: the CSV texts, the names used in data problems, and the options.
 * The endpoint parameters (PFS rules, SD and confirmation minimums, assessment interval) default to the
 * protocol's (protocol.yaml `endpointParameters`, the schedule's tumor-assessment interval): a field
 * given overrides it for this request, one left out is filled in by `withProtocolParameters`.
 */
import { z } from 'zod';
import { endpointParametersOf, type Protocol } from '../../protocol/index.ts';

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
      /** As `trialkit derive`: the FDA 2018 PFS censoring or the admiralonco template (default: the protocol's). */
      pfsRules: z.enum(['simple', 'fda-2018']).optional(),
      responseSource: z.enum(['measurements', 'recorded']).default('measurements'),
      evaluator: z.string().trim().min(1).max(100).default('INVESTIGATOR'),
      imputeDay: z.enum(['first', 'last']).default('first'),
      /** Default: the protocol's (protocol.yaml endpointParameters and schedule.tumorAssessment). */
      sdMinDays: days.optional(),
      confirmMinDays: days.optional(),
      assessmentIntervalDays: days.optional(),
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
/** The body as sent: endpoint parameters left out are the protocol's. */
export type AnalysisRequestBody = z.infer<typeof analysisRequest>;

type ParameterField = 'pfsRules' | 'sdMinDays' | 'confirmMinDays' | 'assessmentIntervalDays';
/** The options with every endpoint parameter decided: the body's, or else the protocol's. */
export type AnalysisOptions = Omit<AnalysisRequestBody['options'], ParameterField> &
  Required<Pick<AnalysisRequestBody['options'], ParameterField>>;
export type AnalysisRequest = Omit<AnalysisRequestBody, 'options'> & { options: AnalysisOptions };

/** The body with the protocol's endpoint parameters where it gives none. */
export function withProtocolParameters(body: AnalysisRequestBody, protocol: Protocol): AnalysisRequest {
  const parameters = endpointParametersOf(protocol);
  const { options } = body;
  return {
    ...body,
    options: {
      ...options,
      pfsRules: options.pfsRules ?? parameters.pfsRules,
      sdMinDays: options.sdMinDays ?? parameters.sdMinDays,
      confirmMinDays: options.confirmMinDays ?? parameters.confirmMinDays,
      assessmentIntervalDays: options.assessmentIntervalDays ?? parameters.assessmentIntervalDays,
    },
  };
}
