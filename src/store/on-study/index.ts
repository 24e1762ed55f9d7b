/** On-study conduct (issue 15): study events' one write path, the calendar and the site worklist. */
export { correctStudyEvent, listStudyEvents, recordStudyEvent, removeStudyEvent } from './events.ts';
export { enrolmentOf, type Trial } from './records.ts';
export { subjectCalendar, worklist } from './visits.ts';
