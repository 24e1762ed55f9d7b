/**
 * The on-study pages' pure parts: the record form's fields per kind and the body they make, one line
 * per study event, the dose levels a drug offers, and the worklist as CSV (missed and overdue visits
 * exported, as monitors ask of every EDC).
 */
import type {
  DoseLevel,
  ProtocolDocument,
  StudyEvent,
  StudyEventKind,
  VisitStatus,
  Worklist,
} from '../contracts.ts';

export const KIND_LABELS: Record<StudyEventKind, string> = {
  'cycle-start': 'Cycle start',
  dose: 'Dose of a drug',
  visit: 'Visit (vital signs)',
  'missed-visit': 'Missed visit',
  'tumor-assessment': 'Tumor assessment (overall response)',
  'end-of-treatment': 'End of treatment',
  'follow-up': 'Follow-up contact',
  death: 'Death',
  withdrawal: 'Withdrawal of consent',
  'off-study': 'Off study',
  specimen: 'Specimen',
};

export const STATUS_LABELS: Record<VisitStatus, string> = {
  done: 'Done',
  missed: 'Missed',
  cancelled: 'Cancelled',
  overdue: 'Overdue',
  due: 'Due',
  planned: 'Planned',
};

/** The form's fields as typed (text inputs, selects, checkboxes). */
export type FormValues = Record<string, string | boolean | undefined>;

/** The form fields each kind shows, in order (besides `date`, which all but a missed visit have). */
export const KIND_FIELDS: Record<StudyEventKind, string[]> = {
  'cycle-start': ['cycle', 'date'],
  dose: [
    'cycle',
    'drug',
    'date',
    'action',
    'level',
    'daysTaken',
    'pillsDispensed',
    'pillsReturned',
    'reason',
  ],
  visit: ['visitId', 'date', 'weightKg', 'ecog', 'systolicMmHg', 'diastolicMmHg', 'heartRate'],
  'missed-visit': ['visitId', 'reason', 'contactAttempts'],
  'tumor-assessment': ['date', 'response'],
  'end-of-treatment': ['date', 'reason', 'details'],
  'follow-up': ['date', 'vitalStatus', 'therapyName', 'therapyStart', 'lostToFollowUp'],
  death: ['date', 'cause'],
  withdrawal: ['date', 'scope', 'reason'],
  'off-study': ['date', 'reason'],
  specimen: ['specimenId', 'timepoint', 'date', 'status', 'containerId', 'shippedOn', 'receivedOn', 'reason'],
};

const NUMBERS = new Set([
  'cycle',
  'daysTaken',
  'pillsDispensed',
  'pillsReturned',
  'weightKg',
  'ecog',
  'systolicMmHg',
  'diastolicMmHg',
  'heartRate',
  'contactAttempts',
]);

/** `"4 QOD"` ↔ a dose level: the value of the level select. */
export const levelValue = (l: DoseLevel) => `${l.mg}${l.everyOtherDay ? ' QOD' : ''}`;
export const levelLabel = (l: DoseLevel) =>
  `${l.mg} mg ${l.everyOtherDay ? 'every other day' : 'daily or per dose'}`;

/**
 * The request body for `kind` from the form: numbers parsed (a field left empty is left out, and a
 * field that is not a number is sent as typed so the server names it), the dose level split into mg and
 * frequency, a new therapy nested.
 */
export function eventBody(kind: StudyEventKind, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { kind };
  // A visit's forms: `form:<id>` fields, each required / entered / not-required (left out when unset).
  if (kind === 'visit') {
    const forms = Object.fromEntries(
      Object.entries(values).flatMap(([key, value]) =>
        key.startsWith(FORM_PREFIX) && typeof value === 'string' && value !== ''
          ? [[key.slice(FORM_PREFIX.length), value]]
          : [],
      ),
    );
    if (Object.keys(forms).length) body.forms = forms;
  }
  for (const field of KIND_FIELDS[kind]) {
    const value = values[field];
    if (value === undefined || value === '') continue;
    if (field === 'level' && typeof value === 'string') {
      const [mg, qod] = value.split(' ');
      body.doseMg = Number(mg);
      if (qod) body.everyOtherDay = true;
    } else if (field === 'therapyName' || field === 'therapyStart') {
      const therapy = (body.newAnticancerTherapy ?? {}) as Record<string, unknown>;
      therapy[field === 'therapyName' ? 'name' : 'start'] = value;
      body.newAnticancerTherapy = therapy;
    } else if (NUMBERS.has(field) && typeof value === 'string') {
      const n = Number(value);
      body[field] = Number.isFinite(n) && value.trim() !== '' ? n : value;
    } else body[field] = value;
  }
  return body;
}

/** The prefix of a visit's form-state fields in FormValues (`form:vital-signs`). */
export const FORM_PREFIX = 'form:';

/** The form's values from a recorded event (to correct it). */
export function formValuesOf(event: StudyEvent): FormValues {
  const data = event.data as Record<string, unknown>;
  const values: FormValues = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'kind') continue;
    if (key === 'forms' && value && typeof value === 'object') {
      for (const [form, state] of Object.entries(value as Record<string, string>))
        values[`${FORM_PREFIX}${form}`] = state;
    } else if (key === 'newAnticancerTherapy' && value && typeof value === 'object') {
      const t = value as { name?: string; start?: string };
      values.therapyName = t.name;
      values.therapyStart = t.start;
    } else if (typeof value === 'number') values[key] = String(value);
    else if (typeof value === 'string' || typeof value === 'boolean') values[key] = value;
  }
  if (typeof data.doseMg === 'number')
    values.level = levelValue({ mg: data.doseMg, everyOtherDay: data.everyOtherDay === true });
  return values;
}

/** One line about an event: what, when, the essentials. */
export function describeEvent(event: StudyEvent): string {
  const d = event.data as Record<string, unknown>;
  switch (event.kind) {
    case 'cycle-start':
      return `Cycle ${d.cycle} started ${d.date}`;
    case 'dose':
      return `Cycle ${d.cycle} ${d.drug}: ${d.action}${d.doseMg !== undefined ? ` ${d.doseMg} mg${d.everyOtherDay ? ' every other day' : ''}` : ''}${d.daysTaken !== undefined ? `, ${d.daysTaken} days` : ''}${d.reason ? ` (${d.reason})` : ''}`;
    case 'visit':
      return `Visit ${d.visitId} on ${d.date}${d.weightKg !== undefined ? `, ${d.weightKg} kg` : ''}${d.ecog !== undefined ? `, ECOG ${d.ecog}` : ''}${d.systolicMmHg !== undefined ? `, BP ${d.systolicMmHg}/${d.diastolicMmHg ?? '?'}` : ''}`;
    case 'missed-visit':
      return `${d.visitId} missed: ${d.reason} (${d.contactAttempts ?? 0} contact attempts)`;
    case 'tumor-assessment':
      return `Tumor assessment ${d.date}: ${d.response}`;
    case 'end-of-treatment':
      return `End of treatment ${d.date}: ${d.reason}${d.details ? ` (${d.details})` : ''}`;
    case 'follow-up': {
      const t = d.newAnticancerTherapy as { name: string; start: string } | undefined;
      return `Follow-up ${d.date}: ${d.vitalStatus}${t ? `, new therapy ${t.name} from ${t.start}` : ''}${d.lostToFollowUp ? ', lost to follow-up' : ''}`;
    }
    case 'death':
      return `Death ${d.date}: ${d.cause}`;
    case 'withdrawal':
      return `Withdrawal from ${d.scope} ${d.date}: ${d.reason}`;
    case 'off-study':
      return `Off study ${d.date}: ${d.reason}`;
    case 'specimen':
      return `${d.specimenId} at ${d.timepoint}: ${d.status === 'collected' ? `collected ${d.date}${d.containerId ? ` (${d.containerId})` : ''}${d.shippedOn ? `, shipped ${d.shippedOn}` : ''}${d.receivedOn ? `, received ${d.receivedOn}` : ''}` : `not collected (${d.reason})`}`;
  }
}

/** The dose levels of a drug of the protocol (every weight band's for a drug dosed by weight). */
export function doseLevelsOf(protocol: ProtocolDocument | null, drug: string): DoseLevel[] {
  const intervention = protocol?.interventions.find((i) => i.id === drug);
  if (!intervention) return [];
  const { dose } = intervention;
  if (dose.levels) return dose.levels;
  const seen = new Set<string>();
  return (dose.byBodyWeight ?? [])
    .flatMap((b) => b.levels ?? [{ mg: b.value, everyOtherDay: false }])
    .filter((l) => !seen.has(levelValue(l)) && seen.add(levelValue(l)) !== undefined);
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The worklist as CSV: one row per visit, overdue first. */
export function worklistCsv(list: Worklist): string {
  const header = ['status', 'study_id', 'site_id', 'visit', 'kind', 'planned', 'window_start', 'window_end'];
  const rows = [...list.overdue, ...list.due, ...list.upcoming].map((v) =>
    [v.status, v.studyId, v.siteId, v.id, v.kind, v.planned, v.window_start, v.window_end]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
