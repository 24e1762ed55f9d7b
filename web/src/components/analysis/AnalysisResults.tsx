/**
 * The analysis results in order: summary, data problems, PFS, OS, ORR, then the waterfall, spider and
 * swimmer plots.
 */
import type { AnalysisReport } from '../../contracts.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { DataProblems } from './DataProblems.tsx';
import { Downloads } from './Downloads.tsx';
import { OrrResults } from './OrrResults.tsx';
import { ResultSection } from './ResultSection.tsx';
import { SurvivalResults } from './SurvivalResults.tsx';
import { SwimmerPlot } from './SwimmerPlot.tsx';
import { WaterfallPlot } from './WaterfallPlot.tsx';

export function AnalysisResults({ report, source }: { report: AnalysisReport; source: string }) {
  const { summary, survival, orr, figures } = report;
  const unit = summary.options.timeUnit;
  return (
    <>
      <ResultSection id="summary" title="Summary">
        <dl className="summary-list">
          <dt>Data</dt>
          <dd>{source}</dd>
          <dt>Subjects</dt>
          <dd>
            {summary.subjects} read, {summary.analysed} with endpoints derived
          </dd>
          <dt>Arms (reference first)</dt>
          <dd>{summary.arms.join(' · ') || '–'}</dd>
          <dt>Derived records</dt>
          <dd>
            {summary.records.adtte} ADTTE, {summary.records.adrs} ADRS, {summary.records.adtr} ADTR,{' '}
            {summary.records.timepoints} time points; recorded response differs from the measurements at{' '}
            {summary.disagreements} visit{summary.disagreements === 1 ? '' : 's'}
          </dd>
          <dt>Rules</dt>
          <dd>
            {[
              `PFS censoring: ${summary.options.pfsRules === 'fda-2018' ? 'FDA 2018 guidance' : 'admiralonco template'}`,
              `responses ${summary.options.responseSource === 'measurements' ? 'computed from the measurements (RECIST 1.1)' : 'as recorded in RS'}`,
              `times in ${unit}`,
            ].join(' · ')}
          </dd>
        </dl>
        <Downloads what="adam" title="Derived ADaM datasets" data={report.datasets} />
      </ResultSection>

      <ResultSection id="problems" title={`Data problems (${report.problems.length})`}>
        <DataProblems problems={report.problems} />
      </ResultSection>

      <ResultSection id="pfs" title="Progression-free survival">
        {survival.pfs ? (
          <SurvivalResults report={survival.pfs} />
        ) : (
          <p>PFS could not be analysed: see the data problems.</p>
        )}
      </ResultSection>
      <ResultSection id="os" title="Overall survival">
        {survival.os ? (
          <SurvivalResults report={survival.os} />
        ) : (
          <p>OS could not be analysed: see the data problems.</p>
        )}
      </ResultSection>

      <ResultSection id="orr" title="Objective response rate">
        {orr ? <OrrResults report={orr} /> : <p>ORR could not be computed: see the data problems.</p>}
      </ResultSection>

      <ResultSection id="waterfall" title="Waterfall plot">
        {figures.waterfall ? (
          <WaterfallPlot figure={figures.waterfall} />
        ) : (
          <p>No target-lesion measurements after baseline to draw.</p>
        )}
      </ResultSection>

      <ResultSection id="spider" title="Spider plot">
        {figures.spider ? (
          <ChartFigure
            svg={figures.spider.svg}
            what="spider"
            title="Spider plot"
            data={figures.spider.data}
          />
        ) : (
          <p>No target-lesion measurements after baseline to draw.</p>
        )}
      </ResultSection>

      <ResultSection id="swimmer" title="Swimmer plot">
        {figures.swimmer ? (
          <SwimmerPlot figure={figures.swimmer} />
        ) : (
          <p>No overall survival records to draw.</p>
        )}
      </ResultSection>
    </>
  );
}
