/** The screening answers entered in trialkit, as a table for a reader who may not change them. */
import {
  formatAnswer,
  type GivenAnswer,
  type NamedFact,
  type questionnaireGroups,
} from '../../lib/answers.ts';
import { Time } from './Time.tsx';

/** The answers entered in trialkit, for a reader who may not change them. */
export function AnswersTable({
  given,
  groups,
  facts,
}: {
  given: ReadonlyMap<string, GivenAnswer>;
  groups: ReturnType<typeof questionnaireGroups>;
  facts: readonly NamedFact[];
}) {
  const questions = groups.flatMap((g) => g.questions).filter((q) => given.has(q.linkId));
  if (questions.length === 0)
    return (
      <p className="muted">
        No answers entered in trialkit yet (answers in uploaded questionnaires are read from the FHIR data).
      </p>
    );
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Answer</th>
            <th scope="col">Comment</th>
            <th scope="col">Entered</th>
          </tr>
        </thead>
        <tbody>
          {questions.map((q) => {
            const a = given.get(q.linkId) as GivenAnswer;
            return (
              <tr key={q.linkId}>
                <td>
                  {q.criteria}: {q.text}
                </td>
                <td>{formatAnswer(q.linkId, a.value, facts)}</td>
                <td>{a.comment ?? <span className="muted">none</span>}</td>
                <td>
                  <Time iso={a.at} /> by {a.by}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
