/**
 * The request's CSV texts through the path of `trialkit derive` (src/cdisc's deriveSources: readStudy +
 * deriveStudy). A subject the endpoints cannot be derived for at all is the engine's InputError, read
 * from the ADSL of the body (a 400 from the server's error handler).
 */
import { type DeriveSettings, deriveSources } from '../../cdisc/index.ts';
import { inputAt } from '../../contracts/index.ts';
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
  return inputAt('body.adsl', () =>
    deriveSources(
      {
        tu: { file: names.tu, text: request.tu },
        tr: { file: names.tr, text: request.tr },
        ...(request.rs ? { rs: { file: names.rs, text: request.rs } } : {}),
        adsl: { file: names.adsl, text: request.adsl },
      },
      settings,
    ),
  );
}
