/**
 * A page about one subject (GET /api/subjects/:id from the route's `:id`): says it is loading or why
 * it could not be loaded, and renders its children with the subject once it is here.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { get } from '../../api.ts';
import type { SubjectDetail } from '../../contracts.ts';
import { describeError } from '../screening/errors.ts';

export function WithSubject({ children }: { children: (subject: SubjectDetail) => ReactNode }) {
  const { id = '' } = useParams();
  const [subject, setSubject] = useState<SubjectDetail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    get<SubjectDetail>(`/api/subjects/${encodeURIComponent(id)}`)
      .then((s) => live && setSubject(s))
      .catch((e) => live && setFailure(describeError(e)));
    return () => {
      live = false;
    };
  }, [id]);
  if (subject) return <>{children(subject)}</>;
  return failure ? (
    <p role="alert" className="error">
      The subject could not be loaded: {failure} <Link to="/subjects">Back to the subjects</Link>
    </p>
  ) : (
    <p role="status">Loading the subject…</p>
  );
}
