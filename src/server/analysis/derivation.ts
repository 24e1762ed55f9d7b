/**
 * The request's CSV texts through the path of `trialkit derive` (readStudy + deriveStudy,
 * src/cli/derive/derive-command.ts). A request that cannot be derived at all is refused as a TrialError.
 */
import { type DeriveSettings, deriveSources } from '../../cli/derive/derive-command.ts';
import { EndpointInputError } from '../../endpoints/index.ts';
import { TrialError } from '../../store/index.ts';
import type { AnalysisRequest } from './request.ts';

export function deriveRequest(request: AnalysisRequest): ReturnType<typeof deriveSources> {
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
  try {
    return deriveSources(
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
}
