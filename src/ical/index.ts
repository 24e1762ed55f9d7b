/**
 * src/ical: visit calendars as iCalendar (RFC 5545) for coordinators' calendar programs. Study IDs only:
 * no name, birth date or other identifier of the patient goes into an event. Written with the `ics`
 * package; the tests read the output back with Mozilla's ical.js.
 */
import { createEvents, type EventAttributes } from 'ics';
import { addDays } from '../clinical/index.ts';
import type { Visit } from '../contracts/index.ts';

export interface IcsVisit extends Omit<Visit, 'kind'> {
  /** A visit's kind, or a specimen due (the worklist's). */
  kind: Visit['kind'] | 'specimen';
  /** The subject's study ID (`0101-003`): the only identifier an event carries. */
  studyId?: string;
}

const KIND_NAMES: Record<IcsVisit['kind'], string> = {
  specimen: 'specimen',
  treatment: 'cycle start',
  'tumor-assessment': 'tumor assessment',
  'follow-up': 'follow-up',
};

const dateArray = (date: string): [number, number, number] => {
  const [y, m, d] = date.split('-').map(Number);
  return [y as number, m as number, d as number];
};

/**
 * One all-day event per visit, on the day it happened or else its planned day, with its window and
 * status in the description. UIDs are stable (`<uidPrefix>-<study ID>-<visit ID>@trialkit`), so a
 * calendar program that imports the file again updates the events rather than adding new ones.
 */
export function visitsToIcs(
  visits: readonly IcsVisit[],
  options: { calendarName: string; uidPrefix: string },
): string {
  const events: EventAttributes[] = visits.map((v) => {
    const day = v.actual ?? v.planned;
    const who = v.studyId ? `${v.studyId} ` : '';
    return {
      uid: `${options.uidPrefix}-${v.studyId ?? 'subject'}-${v.id}@trialkit`,
      title: `${who}${v.id} ${KIND_NAMES[v.kind]} (${v.status})`,
      description: [
        `${v.id}: ${KIND_NAMES[v.kind]}, ${v.status}.`,
        `Planned ${v.planned}, window ${v.window_start} to ${v.window_end}.`,
        v.actual
          ? `Done ${v.actual}${v.actual < v.window_start || v.actual > v.window_end ? ' (out of window)' : ''}.`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
      start: dateArray(day),
      // An all-day event ends, exclusively, on the next day.
      end: dateArray(addDays(day, 1)),
      categories: [KIND_NAMES[v.kind]],
      status: v.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      transp: 'TRANSPARENT',
      productId: 'trialkit',
      calName: options.calendarName,
    };
  });
  const { error, value } = createEvents(events, { productId: 'trialkit', calName: options.calendarName });
  if (error || value === null) throw error ?? new Error('the iCalendar file could not be written');
  return value;
}
