/**
 * The analysis report of the statistician's view (POST /api/analysis): SDTM TU, TR, (RS) and ADSL as
 * CSV text through the path of `trialkit derive` (derivation.ts), then per arm: Kaplan–Meier of PFS and
 * OS with number at risk, medians with CIs, the Cox hazard ratio and the log-rank test (survival.ts),
 * ORR with exact Clopper–Pearson CIs (response-rate.ts), and the figures of `trialkit plot` as SVG with
 * the CSV data behind each (figures.ts). Data problems come back as a list beside whatever could be
 * computed, never as a crash (problems.ts). No I/O: the route reads the request and the example files.
 * The derivation, the datasets' columns and the figures' inputs are src/cdisc's, shared with the CLI.
 */
import type { Protocol } from '../../protocol/index.ts';
import { armsOf } from './arms.ts';
import { adamDatasets } from './datasets.ts';
import { deriveRequest } from './derivation.ts';
import { responseFigures } from './figures.ts';
import { derivationProblems } from './problems.ts';
import { type AnalysisRequestBody, withProtocolParameters } from './request.ts';
import { orrReport } from './response-rate.ts';
import { survivalReport } from './survival.ts';

export type { DataFile } from './datasets.ts';
export type { AnalysisProblem } from './problems.ts';
export { type AnalysisRequest, type AnalysisRequestBody, analysisRequest } from './request.ts';

export function runAnalysis(body: AnalysisRequestBody, protocol: Protocol) {
  // The endpoint parameters the body leaves out are the protocol's (request.ts).
  const request = withProtocolParameters(body, protocol);
  const { options } = request;
  const { study, derived } = deriveRequest(request);
  const problems = derivationProblems(study, derived);
  const arms = armsOf(
    derived.adtte.flatMap((r) => (r.ARM === null ? [] : [r.ARM])),
    protocol,
  );
  const figures = responseFigures(derived, arms, options, problems);
  // The reports add their own problems (an arm without events, a model that does not converge):
  // computed before the summary so that its error count includes them.
  const survival = {
    pfs: survivalReport('PFS', derived.adtte, arms, options, problems),
    os: survivalReport('OS', derived.adtte, arms, options, problems),
  };
  const orr = orrReport(derived.adrs, arms, options, problems);

  return {
    summary: {
      subjects: study.subjects.length,
      analysed: new Set(derived.adtte.map((r) => r.USUBJID)).size,
      arms: arms.levels,
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
    survival,
    orr,
    figures,
    datasets: adamDatasets(derived),
  };
}
export type AnalysisReport = ReturnType<typeof runAnalysis>;
