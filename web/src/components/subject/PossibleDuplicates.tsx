/**
 * Other subjects that may be the same person: by source identifier (the same person as the hospital
 * records it — randomizing both is refused) or by initials, birth date and sex (a warning to check).
 */
import { Link } from 'react-router-dom';
import type { PossibleDuplicate } from '../../contracts.ts';
import { describeDuplicate, isSamePerson } from '../../lib/identity.ts';

export function PossibleDuplicates({ duplicates }: { duplicates: readonly PossibleDuplicate[] }) {
  if (!duplicates.length) return null;
  const samePerson = duplicates.some(isSamePerson);
  return (
    <section
      className="panel duplicates"
      aria-labelledby="duplicates-heading"
      role={samePerson ? 'alert' : undefined}
    >
      <h2 id="duplicates-heading">Possible duplicates</h2>
      <p>
        {samePerson
          ? 'Another subject has this patient’s source identifier: it is the same person. One person is randomized once — check which subject to keep, and withdraw the other.'
          : 'Another subject has the same initials, birth date and sex. Check that this is not the same person.'}
      </p>
      <ul>
        {duplicates.map((d, i) => (
          <li key={d.subjectId ?? `hidden-${i}`}>
            {describeDuplicate(d)}
            {d.subjectId && (
              <>
                {' '}
                <Link to={`/subjects/${d.subjectId}`}>Open {d.studyId}</Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
