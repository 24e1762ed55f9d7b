/** The problems the readers and derivations found in the data: errors (data left out) and warnings. */
import type { AnalysisProblem } from '../../contracts.ts';

export function DataProblems({ problems }: { problems: AnalysisProblem[] }) {
  if (problems.length === 0) return <p>No data problems: every row was read and used.</p>;
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <>
      <p>
        {errors} error{errors === 1 ? '' : 's'} (data left out) and {problems.length - errors} warning
        {problems.length - errors === 1 ? '' : 's'} (data used with an assumption stated).
      </p>
      <div className="table-scroll">
        <table className="problems">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Step</th>
              <th scope="col">File and line</th>
              <th scope="col">Subject</th>
              <th scope="col">Visit</th>
              <th scope="col">Lesion</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity; the list never reorders
              <tr key={i} className={p.severity === 'error' ? 'problem-error' : undefined}>
                <td>
                  <span className={`badge ${p.severity === 'error' ? 'status-not_met' : 'status-unknown'}`}>
                    {p.severity}
                  </span>
                </td>
                <td>{p.stage === 'read' ? 'reading' : p.stage === 'derive' ? 'deriving' : 'analysis'}</td>
                <td>{p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : '–'}</td>
                <td>{p.usubjid ?? '–'}</td>
                <td>{p.visit ?? '–'}</td>
                <td>{p.lesion ?? '–'}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
