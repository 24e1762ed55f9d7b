/** The waterfall plot of each subject's best change in the sum of diameters, with the same as a table. */
import type { AnalysisReport } from '../../contracts.ts';
import { formatNumber } from '../../lib/analysis-format.ts';
import { ChartFigure } from './ChartFigure.tsx';

export function WaterfallPlot({ figure }: { figure: NonNullable<AnalysisReport['figures']['waterfall']> }) {
  return (
    <>
      <ChartFigure svg={figure.svg} what="waterfall" title="Waterfall plot" data={figure.data} />
      <details>
        <summary>Best change per subject as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Best change in sum of diameters
              </th>
              <th scope="col">Best overall response</th>
            </tr>
          </thead>
          <tbody>
            {[...figure.detail.bars]
              .sort((a, b) => a.bestPercentChange - b.bestPercentChange)
              .map((b) => (
                <tr key={b.subject}>
                  <th scope="row">{b.subject}</th>
                  <td>{b.arm}</td>
                  <td className="num">
                    {b.bestPercentChange > 0 ? '+' : ''}
                    {formatNumber(b.bestPercentChange)}%
                  </td>
                  <td>{b.bestResponse ?? '–'}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
