/**
 * The body of POST /api/analysis: the CSV texts, the names used in data problems, and the options.
 * The endpoint parameters (PFS rules, SD and confirmation minimums, assessment interval) default to the
 * protocol's (protocol.yaml `endpointParameters`, the schedule's tumor-assessment interval): a field
 * given overrides it for this request, one left out is filled in by `withProtocolParameters`.
 */
import { type AnalysisOptions, type AnalysisRequestBody, analysisRequest } from '../../contracts/index.ts';
import { endpointParametersOf, type Protocol } from '../../protocol/index.ts';

export type { AnalysisOptions, AnalysisRequestBody };
export { analysisRequest };
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
