/**
 * The current screening result: overall, as-of date, counts per status, and every criterion grouped
 * inclusion / exclusion with its status (symbol and words), reason and evidence references — filtered
 * to what fails, what data is missing, what awaits a person's confirmation, or all.
 */
import { useId, useState } from 'react';
import type { CriterionDocument, CriterionResult, Episode } from '../../contracts.ts';
import {
  type ChecklistFilter,
  CRITERION_STATUSES,
  countByStatus,
  countFor,
  defaultFilter,
  describeEvidence,
  evidenceSummary,
  FILTERS,
  filterCriteria,
  groupCriteria,
  STATUS_LABEL,
} from '../../lib/checklist.ts';
import { CriterionStatusBadge, OverallBadge } from './badges.tsx';
import { Time } from './Time.tsx';

export function CriteriaChecklist({
  episode,
  criteria,
}: {
  episode: Episode;
  criteria: ReadonlyMap<string, CriterionDocument>;
}) {
  const id = useId();
  const counts = countByStatus(episode.result.criteria);
  const [filter, setFilter] = useState<ChecklistFilter>(() => defaultFilter(counts));
  const shown = filterCriteria(episode.result.criteria, filter);
  const groups = groupCriteria(shown);
  const all = groupCriteria(episode.result.criteria);
  const filterLabel = FILTERS.find((f) => f.id === filter)?.label ?? 'All';

  return (
    <section aria-labelledby={`${id}-heading`} className="checklist">
      <h2 id={`${id}-heading`}>Eligibility criteria</h2>
      <p className="overall">
        Overall: <OverallBadge overall={episode.overall} /> as of <strong>{episode.asOf}</strong> (screening
        episode {episode.number}, run <Time iso={episode.screenedAt} />)
      </p>
      <ul className="status-counts" aria-label="Criteria by status">
        {CRITERION_STATUSES.map((s) => (
          <li key={s} className={`status-${s}`}>
            {STATUS_LABEL[s]}: <strong>{counts[s]}</strong>
          </li>
        ))}
        <li>
          Total: <strong>{counts.total}</strong>
        </li>
      </ul>
      {episode.result.warnings.length > 0 && (
        <div className="warnings">
          <h3>Data-quality notes</h3>
          <ul>
            {episode.result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset className="filters">
        <legend>Show criteria</legend>
        {FILTERS.map((f) => (
          <label key={f.id} className="choice">
            <input
              type="radio"
              name={`${id}-filter`}
              value={f.id}
              checked={filter === f.id}
              onChange={() => setFilter(f.id)}
            />
            {f.label} ({countFor(f.id, counts)})
          </label>
        ))}
      </fieldset>
      <p className="muted" aria-live="polite">
        Showing {shown.length} of {counts.total} criteria ({filterLabel.toLowerCase()}).
      </p>
      <CriteriaTable
        title="Inclusion criteria"
        rows={groups.inclusion}
        total={all.inclusion.length}
        criteria={criteria}
      />
      <CriteriaTable
        title="Exclusion criteria"
        note="For an exclusion, Met means the exclusion does not apply."
        rows={groups.exclusion}
        total={all.exclusion.length}
        criteria={criteria}
      />
    </section>
  );
}

function CriteriaTable({
  title,
  note,
  rows,
  total,
  criteria,
}: {
  title: string;
  note?: string;
  rows: CriterionResult[];
  total: number;
  criteria: ReadonlyMap<string, CriterionDocument>;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>
        {title}{' '}
        <span className="muted">
          ({rows.length} of {total} shown)
        </span>
      </h3>
      {note && <p className="muted">{note}</p>}
      {rows.length === 0 ? (
        <p className="muted">None with this filter.</p>
      ) : (
        <table className="criteria">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Status</th>
              <th scope="col">Criterion and reason</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} className={`criterion criterion-${c.status}`}>
                <th scope="row">{c.id}</th>
                <td>
                  <CriterionStatusBadge status={c.status} />
                </td>
                <td>
                  {criteria.get(c.id) && <div className="criterion-title">{criteria.get(c.id)?.title}</div>}
                  <div className="reason">{c.reason}</div>
                </td>
                <td>
                  {c.evidence.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <details>
                      <summary>{evidenceSummary(c.evidence)}</summary>
                      <ul className="evidence">
                        {c.evidence.map((ref) => {
                          const e = describeEvidence(ref);
                          return (
                            <li key={ref}>
                              <code>{e.ref}</code> <span className="muted">({e.label})</span>
                            </li>
                          );
                        })}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
