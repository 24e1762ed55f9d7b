import { formatDateTime } from '../../lib/subject-format.ts';

/** A timestamp as "YYYY-MM-DD HH:MM TZ", machine-readable in dateTime. */
export function Time({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}
