import { describe, expect, it } from 'vitest';
import type { RecruitingStatus, Site } from '../contracts.ts';
import {
  accrualProgress,
  armsView,
  codeLabel,
  criteriaLists,
  designFacts,
  doseText,
  eligibilityFacts,
  identifierFacts,
  isoDate,
  PUBLIC_SECTIONS,
  type PublicProtocol,
  readProtocol,
  sitesView,
  statusFacts,
} from './protocol-view.ts';

// A small protocol in the shape GET /api/protocol answers (src/protocol/render.ts protocolToJson).
const protocol = (): PublicProtocol => ({
  id: 'NCT05168163',
  registry: { lastUpdated: '2025-09-16', url: 'https://clinicaltrials.gov/study/NCT05168163' },
  titles: { brief: 'Brief title' },
  status: 'RECRUITING',
  phase: 'PHASE2',
  studyType: 'INTERVENTIONAL',
  enrollment: { target: 122 },
  dates: { start: '2022-05-27', completion: '2026-12-31' },
  design: {
    allocation: 'RANDOMIZED',
    interventionModel: 'PARALLEL',
    primaryPurpose: 'TREATMENT',
    masking: 'NONE',
    ratio: '1:1',
  },
  conditions: ['Hepatocellular carcinoma'],
  eligibility: { minimumAge: '18 Years', sex: 'ALL', healthyVolunteers: false },
  objectives: { primary: ['PFS and OS'], secondary: ['ORR'], exploratory: [] },
  sponsors: [{ name: 'National Cancer Institute (NCI)', class: 'NIH' }],
  principalInvestigators: [{ name: 'A. Person', role: 'PRINCIPAL_INVESTIGATOR', affiliation: 'ACCRU' }],
  identifiers: {
    orgStudyId: 'ACCRU-GI-2008',
    secondary: [{ id: 'NCI-2021-12091', type: 'REGISTRY' }],
  },
  interventions: [
    {
      id: 'atezolizumab',
      name: 'Atezolizumab',
      type: 'DRUG',
      route: 'IV',
      schedule: 'Day 1',
      dose: { value: 1200, unit: 'mg', configurable: true, source: 'label' },
    },
    {
      id: 'lenvatinib',
      name: 'Lenvatinib',
      type: 'DRUG',
      route: 'PO',
      schedule: 'Days 1–21',
      dose: {
        configurable: true,
        byBodyWeight: [
          { below: 60, unit: 'kg', value: 8, doseUnit: 'mg' },
          { atLeast: 60, unit: 'kg', value: 12, doseUnit: 'mg' },
        ],
        source: 'catalog',
      },
    },
  ],
  arms: [
    {
      id: 'A',
      label: 'Arm A',
      type: 'EXPERIMENTAL',
      interventions: ['atezolizumab', 'lenvatinib'],
      description: 'both',
    },
    {
      id: 'B',
      label: 'Arm B',
      type: 'ACTIVE_COMPARATOR',
      interventions: ['lenvatinib', 'sorafenib'],
      description: 'one',
    },
  ],
  stratification: [
    { id: 'planned-mki', label: 'Planned multi-kinase inhibitor', levels: ['cabozantinib', 'lenvatinib'] },
  ],
  schedule: {
    cycleLengthDays: 21,
    treatment: 'Until disease progression or unacceptable toxicity',
    cycleWindows: {
      first: { before: 0, after: 7 },
      later: { before: 3, after: 3 },
      configurable: true,
      source: 's',
    },
    tumorAssessment: {
      everyWeeks: 9,
      criteria: 'RECIST 1.1',
      window: { before: 7, after: 7 },
      configurable: false,
      source: 's',
    },
    visitForms: {
      treatment: ['vital-signs'],
      'tumor-assessment': ['tumor-measurements'],
      'follow-up': ['survival-status'],
      configurable: true,
      source: 's',
    },
    followUp: {
      everyWeeks: 9,
      durationYears: 2,
      after: 'completion of study treatment',
      window: { before: 7, after: 7 },
      configurable: true,
      source: 's',
    },
  },
  endpoints: { primary: [{ id: 'pfs', name: 'PFS', type: 'time-to-event' }], secondary: [], exploratory: [] },
  criteria: [
    {
      id: 'I00',
      type: 'inclusion',
      title: 'Consent',
      text: 'Consent ≤ 28 days',
      source: 's',
      rule: null,
      decidedBy: 'd',
    },
    {
      id: 'E01',
      type: 'exclusion',
      title: 'Prior MKI',
      text: 'Prior cabozantinib',
      source: 's',
      rule: null,
      decidedBy: 'd',
    },
    {
      id: 'I02',
      type: 'inclusion',
      title: 'Age',
      text: 'Age >= 18 years',
      source: 's',
      rule: null,
      decidedBy: 'd',
    },
  ],
});

const site = (code: string, id: string, recruitingStatus: RecruitingStatus): Site => ({
  id,
  code,
  name: id,
  city: 'City',
  state: 'State',
  country: 'United States',
  recruitingStatus,
  version: 1,
});

describe('readProtocol', () => {
  it('accepts the shape the server answers', () => {
    const json: unknown = JSON.parse(JSON.stringify(protocol()));
    expect(readProtocol(json).id).toBe('NCT05168163');
  });

  it('names the first field that is missing or of the wrong kind', () => {
    const { titles: _titles, ...noTitles } = protocol();
    expect(() => readProtocol(noTitles)).toThrow('protocol JSON: titles.brief should be text');
    expect(() => readProtocol({ ...protocol(), enrollment: { target: '122' } })).toThrow(
      'enrollment.target should be a number',
    );
    expect(() => readProtocol({ ...protocol(), criteria: null })).toThrow('criteria should be a list');
    expect(() => readProtocol([])).toThrow('expected an object');
  });
});

describe('codeLabel', () => {
  it.each([
    ['RECRUITING', 'Recruiting'],
    ['ACTIVE_NOT_RECRUITING', 'Active, not recruiting'],
    ['NOT_YET_RECRUITING', 'Not yet recruiting'],
    ['PHASE2', 'Phase 2'],
    ['PHASE1_PHASE2', 'Phase 1/Phase 2'],
    ['ACTIVE_COMPARATOR', 'Active comparator'],
    ['NIH', 'NIH'],
    ['PO', 'PO (by mouth)'],
  ])('%s → %s', (code, label) => expect(codeLabel(code)).toBe(label));
});

describe('isoDate', () => {
  it('keeps YYYY-MM-DD, cuts a timestamp to its UTC date, and says null for no date', () => {
    expect(isoDate('2022-05-27')).toBe('2022-05-27');
    expect(isoDate('2026-03-30T23:59:00.000Z')).toBe('2026-03-30');
    expect(isoDate('not a date')).toBeNull();
    expect(isoDate(null)).toBeNull();
  });
});

describe('statusFacts', () => {
  it('gives status, phase and dates as words and ISO dates, the target with its unit', () => {
    expect(statusFacts(protocol())).toEqual([
      { term: 'Overall status', value: 'Recruiting' },
      { term: 'Phase', value: 'Phase 2' },
      { term: 'Study type', value: 'Interventional' },
      { term: 'Enrollment target', value: '122 participants' },
      { term: 'Study start', value: '2022-05-27' },
      { term: 'Completion', value: '2026-12-31' },
      { term: 'Registry record last updated', value: '2025-09-16' },
    ]);
  });
});

describe('accrualProgress', () => {
  it('reports randomized of target with a one-decimal percentage and what is left', () => {
    const p = accrualProgress({ randomized: 12, target: 122 });
    expect(p).toMatchObject({ randomized: 12, target: 122, percent: 9.8, remaining: 110 });
    expect(p.text).toBe('12 participants randomized of a target of 122 (9.8 %); 110 to go');
  });

  it('uses the singular for one participant and starts at zero', () => {
    expect(accrualProgress({ randomized: 1, target: 122 }).text).toMatch(/^1 participant randomized/);
    expect(accrualProgress({ randomized: 0, target: 122 })).toMatchObject({ percent: 0, remaining: 122 });
  });

  it('stops the bar at 100 % when accrual passes the target, but keeps the true count', () => {
    const p = accrualProgress({ randomized: 130, target: 122 });
    expect(p).toMatchObject({ randomized: 130, percent: 100, remaining: 0 });
    expect(p.text).toContain('target reached');
  });

  it('does not divide by a zero target', () => {
    expect(accrualProgress({ randomized: 3, target: 0 }).percent).toBe(0);
  });
});

describe('designFacts', () => {
  it('joins design, stratification and schedule fields into sentences with units', () => {
    const facts = Object.fromEntries(designFacts(protocol()).map((f) => [f.term, f.value]));
    expect(facts).toEqual({
      Allocation: 'Randomized, 1:1',
      'Intervention model': 'Parallel',
      'Primary purpose': 'Treatment',
      Masking: 'None (open label)',
      'Stratified by: Planned multi-kinase inhibitor': 'cabozantinib, lenvatinib',
      'Cycle length': '21 days',
      Treatment: 'Until disease progression or unacceptable toxicity',
      'Tumor assessment': 'every 9 weeks (RECIST 1.1)',
      'Follow-up': 'every 9 weeks for up to 2 years after completion of study treatment',
    });
  });
});

describe('doseText', () => {
  it('gives a fixed dose with its unit, a weight-based dose as its steps', () => {
    const [atezolizumab, lenvatinib] = protocol().interventions;
    expect(doseText(atezolizumab?.dose ?? { configurable: false, source: '' })).toBe('1200 mg');
    expect(doseText(lenvatinib?.dose ?? { configurable: false, source: '' })).toBe(
      '8 mg if < 60 kg; 12 mg if ≥ 60 kg',
    );
    expect(doseText({ configurable: true, source: 'x' })).toBe('not stated');
  });
});

describe('armsView', () => {
  it("resolves each arm's interventions and reports the ones the protocol does not define", () => {
    const [a, b] = armsView(protocol());
    expect(a?.type).toBe('Experimental');
    expect(a?.interventions.map((i) => [i.name, i.route, i.dose])).toEqual([
      ['Atezolizumab', 'IV (intravenous)', '1200 mg'],
      ['Lenvatinib', 'PO (by mouth)', '8 mg if < 60 kg; 12 mg if ≥ 60 kg'],
    ]);
    expect(b?.type).toBe('Active comparator');
    expect(b?.interventions.map((i) => i.id)).toEqual(['lenvatinib']);
    expect(b?.unknownInterventions).toEqual(['sorafenib']);
  });
});

describe('criteriaLists', () => {
  it('splits inclusion and exclusion, keeping the protocol order, ID and registry text', () => {
    expect(criteriaLists(protocol())).toEqual({
      inclusion: [
        { id: 'I00', title: 'Consent', text: 'Consent ≤ 28 days' },
        { id: 'I02', title: 'Age', text: 'Age >= 18 years' },
      ],
      exclusion: [{ id: 'E01', title: 'Prior MKI', text: 'Prior cabozantinib' }],
    });
  });
});

describe('eligibilityFacts', () => {
  it('says age, sexes and healthy volunteers in words', () => {
    expect(eligibilityFacts(protocol()).map((f) => f.value)).toEqual(['18 years', 'All', 'Not accepted']);
  });
});

describe('sitesView', () => {
  it('orders sites by number (10 after 9) and counts them by status', () => {
    const view = sitesView([
      site('10', 'ten', 'SUSPENDED'),
      site('02', 'two', 'RECRUITING'),
      site('09', 'nine', 'RECRUITING'),
    ]);
    expect(view.rows.map((r) => r.code)).toEqual(['02', '09', '10']);
    expect(view.rows[2]?.statusLabel).toBe('Suspended');
    expect(view.summary).toBe('3 sites: 2 recruiting, 1 suspended');
  });

  it('says so when there are no sites', () => {
    expect(sitesView([]).summary).toBe('0 sites');
  });
});

describe('identifierFacts', () => {
  it('lists the NCT ID, the organization ID and typed secondary IDs', () => {
    expect(identifierFacts(protocol())).toEqual([
      { term: 'ClinicalTrials.gov ID', value: 'NCT05168163' },
      { term: 'Organization study ID', value: 'ACCRU-GI-2008' },
      { term: 'Secondary ID (Registry)', value: 'NCI-2021-12091' },
    ]);
  });
});

describe('PUBLIC_SECTIONS', () => {
  it('has unique ids, including the ones the e2e test checks', () => {
    const ids = PUBLIC_SECTIONS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['status', 'eligibility', 'sites', 'arms', 'identifiers']));
  });
});
