/** The swimmer plot of each subject's time on study and responses, with the same as a table. */
import type { AnalysisReport } from '../../contracts.ts';
import { ChartFigure } from './ChartFigure.tsx';

export function SwimmerPlot({ figure }: { figure: NonNullable<AnalysisReport['figures']['swimmer']> }) {
  return (
    <>
      <ChartFigure svg={figure.svg} what="swimmer" title="Swimmer plot" data={figure.data} />
      <details>
        <summary>Time on study and responses per subject as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Days on study
              </th>
              <th scope="col">Status</th>
              <th scope="col">Responses (day)</th>
            </tr>
          </thead>
          <tbody>
            {figure.detail.lanes.map((l) => (
              <tr key={l.subject}>
                <th scope="row">{l.subject}</th>
                <td>{l.arm}</td>
                <td className="num">{l.endDay} d</td>
                <td>
                  {l.events.some((e) => e.kind === 'death')
                    ? 'died'
                    : l.ongoing
                      ? 'alive, on study'
                      : 'off study'}
                </td>
                <td>
                  {l.events
                    .filter((e) => e.kind !== 'death')
                    .map((e) => `${e.kind} (${e.day})`)
                    .join(', ') || '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
