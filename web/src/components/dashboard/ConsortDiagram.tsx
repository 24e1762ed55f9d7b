/** The CONSORT 2010 enrolment and allocation diagram of the subjects screened so far. */
import type { DashboardData } from '../../contracts.ts';
import { type BoxLine, type ConsortBox, consortDiagram } from '../../lib/consort.ts';

/** A CONSORT box; the criteria under "not meeting eligibility criteria" are a list nested in its line. */
function Box({ box, className = '' }: { box: ConsortBox; className?: string }) {
  const top = box.lines.filter((l) => !l.level);
  const detailsOf = (line: BoxLine) => {
    const start = box.lines.indexOf(line) + 1;
    const next = box.lines.findIndex((l, i) => i >= start && !l.level);
    return box.lines.slice(start, next < 0 ? undefined : next);
  };
  return (
    <div className={`consort-box ${className}`}>
      <p className="consort-title">
        {box.title} <strong>(n = {box.count})</strong>
      </p>
      {top.length > 0 && (
        <ul>
          {top.map((line) => {
            const details = detailsOf(line);
            return (
              <li key={line.label}>
                {line.label} (n = {line.count})
                {details.length > 0 && (
                  <ul>
                    {details.map((d) => (
                      <li key={d.label}>
                        {d.label} (n = {d.count})
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function ConsortDiagram({ data }: { data: DashboardData }) {
  const titles = new Map(data.screenFailures.byCriterion.map((c) => [c.criterionId, c.title ?? '']));
  const diagram = consortDiagram(data.consort, data.arms, (id) => titles.get(id) ?? '');
  return (
    <figure className="consort" aria-labelledby="consort-caption">
      <figcaption id="consort-caption" className="muted">
        CONSORT 2010 enrolment and allocation. Every subject is in exactly one box under “Assessed”:{' '}
        <span className={diagram.check.ok ? 'status-met' : 'error'}>{diagram.check.message}</span>.
        {Object.keys(data.consort.excluded.byCriterion).length > 0 &&
          ' A subject may fail several criteria, so the criteria can add up to more than those excluded.'}
      </figcaption>
      <div className="consort-flow">
        <Box box={diagram.assessed} className="consort-assessed" />
        <div className="consort-spine" aria-hidden="true" />
        <div className="consort-side">
          <Box box={diagram.excluded} />
          <Box box={diagram.pending} />
        </div>
        <Box box={diagram.randomized} className="consort-randomized" />
        <div className="consort-arms">
          {diagram.allocated.map((box) => (
            <Box key={box.title} box={box} />
          ))}
        </div>
      </div>
    </figure>
  );
}
