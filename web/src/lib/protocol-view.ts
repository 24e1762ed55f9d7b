/**
 * The public trial page's data: the shapes of GET /api/protocol, /api/sites and /api/accrual, a check
 * of the protocol JSON at the boundary, and functions that turn them into what the page shows. Every
 * word about the trial comes from this data (protocols/nct05168163/*.yaml via src/protocol/render.ts);
 * this module only adds labels for ClinicalTrials.gov codes and joins fields into sentences. The shapes
 * are the API's (src/contracts).
 */
import type { Accrual, CriterionDocument, Intervention, ProtocolDocument, Site } from '../contracts.ts';

/**
 * The parts of GET /api/protocol the public page reads: the registry facts, arms, schedule, endpoints
 * and criteria (the answer also holds the sites, questionnaire and terminology, which the forms read).
 */
export type PublicProtocol = Omit<
  ProtocolDocument,
  'sites' | 'questionnaire' | 'terminology' | 'endpointParameters'
>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the parts of the protocol JSON the page reads, so a server that answers something else
 * gives one message naming the field instead of a blank page.
 */
export function readProtocol(json: unknown): ProtocolDocument {
  const need = (path: string, test: (v: unknown) => boolean, what: string) => {
    let value: unknown = json;
    for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
    if (!test(value)) throw new Error(`protocol JSON: ${path} should be ${what}`);
  };
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const number = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const list = (v: unknown) => Array.isArray(v);
  if (!isObject(json)) throw new Error('protocol JSON: expected an object');
  for (const path of [
    'id',
    'registry.lastUpdated',
    'registry.url',
    'titles.brief',
    'status',
    'phase',
    'studyType',
    'dates.start',
    'dates.completion',
    'design.allocation',
    'design.masking',
    'eligibility.minimumAge',
    'eligibility.sex',
    'identifiers.orgStudyId',
    'schedule.treatment',
  ])
    need(path, text, 'text');
  need('enrollment.target', number, 'a number');
  need('schedule.cycleLengthDays', number, 'a number');
  for (const path of [
    'conditions',
    'objectives.primary',
    'objectives.secondary',
    'objectives.exploratory',
    'sponsors',
    'principalInvestigators',
    'identifiers.secondary',
    'interventions',
    'arms',
    'endpoints.primary',
    'endpoints.secondary',
    'endpoints.exploratory',
    'criteria',
  ])
    need(path, list, 'a list');
  return json as ProtocolDocument;
}

/** The page's sections, in order: their ids are the page's anchors (and what the e2e test looks for). */
export const PUBLIC_SECTIONS = [
  { id: 'status', heading: 'Status and dates' },
  { id: 'enrollment', heading: 'Enrollment' },
  { id: 'summary', heading: 'Summary, objectives and endpoints' },
  { id: 'design', heading: 'Design and schedule' },
  { id: 'arms', heading: 'Arms and interventions' },
  { id: 'eligibility', heading: 'Eligibility criteria' },
  { id: 'sponsors', heading: 'Sponsors and collaborators' },
  { id: 'investigators', heading: 'Principal investigator' },
  { id: 'sites', heading: 'Sites' },
  { id: 'identifiers', heading: 'Identifiers' },
] as const;
export type PublicSectionId = (typeof PUBLIC_SECTIONS)[number]['id'];

// ClinicalTrials.gov enumeration codes whose words are not the code itself in sentence case.
const CODE_LABELS: Record<string, string> = {
  ACTIVE_NOT_RECRUITING: 'Active, not recruiting',
  NON_RANDOMIZED: 'Non-randomized',
  NA: 'Not applicable',
  NIH: 'NIH',
  FED: 'Federal (US)',
  EARLY_PHASE1: 'Early phase 1',
  IV: 'IV (intravenous)',
  PO: 'PO (by mouth)',
  SC: 'SC (subcutaneous)',
  IM: 'IM (intramuscular)',
};

/** A registry code as words: RECRUITING → "Recruiting", PHASE2 → "Phase 2", ACTIVE_COMPARATOR → "Active comparator". */
export function codeLabel(code: string): string {
  const known = CODE_LABELS[code];
  if (known) return known;
  const phases = code.match(/^PHASE(\d)(?:_PHASE(\d))?$/);
  if (phases) return phases[2] ? `Phase ${phases[1]}/Phase ${phases[2]}` : `Phase ${phases[1]}`;
  const words = code.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The masking code as ClinicalTrials.gov shows it: NONE is an open-label study. */
export const maskingLabel = (code: string): string =>
  code === 'NONE' ? 'None (open label)' : codeLabel(code);

/** YYYY-MM-DD of a date or timestamp, or null when it is missing or not a date. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export interface Fact {
  term: string;
  value: string;
}

/** Status, phase, type and the dates: the "Status and dates" section. */
export function statusFacts(p: PublicProtocol): Fact[] {
  return [
    { term: 'Overall status', value: codeLabel(p.status) },
    { term: 'Phase', value: codeLabel(p.phase) },
    { term: 'Study type', value: codeLabel(p.studyType) },
    { term: 'Enrollment target', value: plural(p.enrollment.target, 'participant') },
    { term: 'Study start', value: isoDate(p.dates.start) ?? 'not stated' },
    { term: 'Completion', value: isoDate(p.dates.completion) ?? 'not stated' },
    { term: 'Registry record last updated', value: isoDate(p.registry.lastUpdated) ?? 'not stated' },
  ];
}

export interface AccrualProgress {
  randomized: number;
  target: number;
  /** Share of the target randomized, 0–100, one decimal; the bar stops at 100 when accrual overruns. */
  percent: number;
  remaining: number;
  text: string;
}

export function accrualProgress({ randomized, target }: Accrual): AccrualProgress {
  const done = Math.max(0, Math.floor(randomized));
  const percent = target > 0 ? Math.min(100, Math.round((done / target) * 1000) / 10) : 0;
  const remaining = Math.max(0, target - done);
  const text =
    `${plural(done, 'participant')} randomized of a target of ${target.toLocaleString('en-US')} ` +
    `(${percent.toFixed(1)} %); ${remaining === 0 ? 'target reached' : `${remaining.toLocaleString('en-US')} to go`}`;
  return { randomized: done, target, percent, remaining, text };
}

/** Design facts and the treatment schedule, as sentences made from the protocol's fields. */
export function designFacts(p: PublicProtocol): Fact[] {
  const { design, schedule } = p;
  const facts: Fact[] = [
    { term: 'Allocation', value: `${codeLabel(design.allocation)}, ${design.ratio}` },
    { term: 'Intervention model', value: codeLabel(design.interventionModel) },
    { term: 'Primary purpose', value: codeLabel(design.primaryPurpose) },
    { term: 'Masking', value: maskingLabel(design.masking) },
  ];
  for (const s of p.stratification ?? [])
    facts.push({ term: `Stratified by: ${s.label}`, value: s.levels.join(', ') });
  facts.push(
    { term: 'Cycle length', value: plural(schedule.cycleLengthDays, 'day') },
    { term: 'Treatment', value: schedule.treatment },
    {
      term: 'Tumor assessment',
      value: `every ${plural(schedule.tumorAssessment.everyWeeks, 'week')} (${schedule.tumorAssessment.criteria})`,
    },
    {
      term: 'Follow-up',
      value: `every ${plural(schedule.followUp.everyWeeks, 'week')} for up to ${plural(schedule.followUp.durationYears, 'year')} after ${schedule.followUp.after}`,
    },
  );
  return facts;
}

/** A dose as text: "1200 mg", or by body weight "8 mg if < 60 kg; 12 mg if ≥ 60 kg". */
export function doseText(dose: Intervention['dose']): string {
  if (dose.value !== undefined) return `${dose.value} ${dose.unit ?? ''}`.trim();
  const steps = (dose.byBodyWeight ?? []).map((d) => {
    const bound = d.below !== undefined ? `< ${d.below}` : d.atLeast !== undefined ? `≥ ${d.atLeast}` : '';
    return `${d.value} ${d.doseUnit}${bound ? ` if ${bound} ${d.unit}` : ''}`;
  });
  return steps.length ? steps.join('; ') : 'not stated';
}

export interface ArmView {
  id: string;
  label: string;
  type: string;
  description: string;
  interventions: {
    id: string;
    name: string;
    route: string;
    schedule: string;
    dose: string;
    doseSource: string;
  }[];
  /** Intervention IDs the arm names that the protocol does not define (shown, never dropped silently). */
  unknownInterventions: string[];
}

export function armsView(p: PublicProtocol): ArmView[] {
  const byId = new Map(p.interventions.map((i) => [i.id, i]));
  return p.arms.map((arm) => ({
    id: arm.id,
    label: arm.label,
    type: codeLabel(arm.type),
    description: arm.description,
    interventions: arm.interventions.flatMap((id) => {
      const i = byId.get(id);
      return i
        ? [
            {
              id,
              name: i.name,
              route: codeLabel(i.route),
              schedule: i.schedule,
              dose: doseText(i.dose),
              doseSource: i.dose.source,
            },
          ]
        : [];
    }),
    unknownInterventions: arm.interventions.filter((id) => !byId.has(id)),
  }));
}

export interface CriterionItem {
  id: string;
  title: string;
  text: string;
}

/** Inclusion and exclusion criteria in the protocol's order, each with its ID and the registry text. */
export function criteriaLists(p: PublicProtocol): { inclusion: CriterionItem[]; exclusion: CriterionItem[] } {
  const pick = (type: CriterionDocument['type']) =>
    p.criteria.filter((c) => c.type === type).map((c) => ({ id: c.id, title: c.title, text: c.text }));
  return { inclusion: pick('inclusion'), exclusion: pick('exclusion') };
}

export function eligibilityFacts(p: PublicProtocol): Fact[] {
  return [
    { term: 'Minimum age', value: p.eligibility.minimumAge.toLowerCase() },
    { term: 'Sexes eligible', value: codeLabel(p.eligibility.sex) },
    { term: 'Healthy volunteers', value: p.eligibility.healthyVolunteers ? 'Accepted' : 'Not accepted' },
  ];
}

/** Sites in site-number order with a label for their status, and a one-line count by status. */
export function sitesView(sites: Site[]): {
  rows: (Site & { statusLabel: string })[];
  summary: string;
} {
  const rows = [...sites]
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map((s) => ({ ...s, statusLabel: codeLabel(s.recruitingStatus) }));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.statusLabel, (counts.get(r.statusLabel) ?? 0) + 1);
  const parts = [...counts].map(([label, n]) => `${n} ${label.toLowerCase()}`);
  return { rows, summary: `${plural(rows.length, 'site')}${parts.length ? `: ${parts.join(', ')}` : ''}` };
}

export function identifierFacts(p: PublicProtocol): Fact[] {
  return [
    { term: 'ClinicalTrials.gov ID', value: p.id },
    { term: 'Organization study ID', value: p.identifiers.orgStudyId },
    ...p.identifiers.secondary.map((s) => ({ term: `Secondary ID (${codeLabel(s.type)})`, value: s.id })),
  ];
}
