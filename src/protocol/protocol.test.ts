import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { criterionSchema } from '../eligibility/index.ts';
import {
  attestedCriteria,
  DEFAULT_PROTOCOL_DIR,
  DEFAULT_TERMINOLOGY_DIR,
  endpointParametersOf,
  loadProtocol,
  ProtocolError,
  protocolToJson,
  protocolToText,
  siteIdOf,
} from './index.ts';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const catalog = readFileSync(join(SHARED, 'protocol/NCT05168163-criteria.md'), 'utf8');
const record = readFileSync(join(SHARED, 'seed/NCT05168163-registry-record.txt'), 'utf8');
const protocol = loadProtocol();

describe('the NCT05168163 protocol', () => {
  it('has exactly the criteria of the catalog, I00 included, each typed by its ID', () => {
    const catalogIds = [...catalog.matchAll(/^\| ([IE]\d\d) \|/gm)].map((m) => m[1]);
    expect(catalogIds).toHaveLength(55);
    expect(protocol.criteria.map((c) => c.id).sort()).toEqual(['I00', ...catalogIds].sort());
    for (const c of protocol.criteria) {
      expect(c.type).toBe(c.id.startsWith('I') ? 'inclusion' : 'exclusion');
      expect(c.text.length, c.id).toBeGreaterThan(10);
      expect(c.source, c.id).toMatch(/catalog/);
    }
  });

  it('carries the registry wording of each criterion', () => {
    const normalize = (s: string) =>
      s.replace(/\\/g, '').replace(/=</g, '≤').replace(/≤ =≤/g, '≤').replace(/\s+/g, ' ');
    const registry = normalize(record);
    for (const id of ['I02', 'I06', 'I16', 'I20', 'E06', 'E19', 'E23']) {
      const text = protocol.criteria.find((c) => c.id === id)?.text ?? '';
      expect(registry, id).toContain(normalize(text).replace(/≤/g, '≤'));
    }
  });

  it('lists the 16 sites of the registry with IDs by the catalog rule', () => {
    const locations = record.split('Locations')[1]?.split('Countries')[0] ?? '';
    const lines = locations.split('\n').map((l) => l.trim());
    const names = lines.filter((_l, i) => /, United States$/.test(lines[i + 1] ?? ''));
    expect(names).toHaveLength(16);
    expect(protocol.sites.map((s) => s.name)).toEqual(names);
    expect(protocol.sites.map((s) => s.id)).toEqual(names.map(siteIdOf));
    expect(siteIdOf('Mayo Clinic in Arizona')).toBe('mayo-clinic-in-arizona');
    expect(siteIdOf('Froedtert and the Medical College of Wisconsin LAPS')).toBe(
      'froedtert-and-the-medical-college-of-wisconsin-laps',
    );
  });

  it('holds the registry facts, arms and schedule', () => {
    const r = protocol.registry;
    expect(r.id).toBe('NCT05168163');
    expect(r.enrollment.target).toBe(122);
    expect(r.phase).toBe('PHASE2');
    expect(r.dates).toEqual({ start: '2022-05-27', completion: '2026-12-31' });
    expect(r.arms.map((a) => a.id)).toEqual(['A', 'B']);
    expect(r.arms[0]?.interventions).toEqual(['atezolizumab', 'cabozantinib', 'lenvatinib']);
    expect(r.schedule.cycleLengthDays).toBe(21);
    expect(r.schedule.followUp).toMatchObject({ everyWeeks: 9, durationYears: 2 });
    expect(r.identifiers.secondary.map((s) => s.id)).toEqual(['NCI-2021-12091', 'ACCRU-GI-2008']);
    expect(r.principalInvestigators[0]?.name).toBe('Wen Wee Ma');
    expect(r.interventions.find((i) => i.id === 'lenvatinib')?.dose.byBodyWeight).toHaveLength(2);
  });

  it('serializes to JSON whose criteria validate against the vocabulary again', () => {
    const json = JSON.parse(JSON.stringify(protocolToJson(protocol))) as {
      criteria: unknown[];
      sites: unknown[];
    };
    expect(json.sites).toHaveLength(16);
    for (const c of json.criteria) {
      const { decidedBy: _text, ...criterion } = c as Record<string, unknown>;
      expect(criterionSchema.safeParse(criterion).success).toBe(true);
    }
  });

  it('names the criteria a person confirms under their own ID: attestations and partly attested criteria', () => {
    expect(attestedCriteria(protocol)).toEqual([
      'I01',
      'I04',
      'I09',
      'I11',
      'I12',
      'I13',
      'I24',
      'I25',
      'I26',
      'E10',
      'E11',
      'E12',
      'E13',
      'E17',
      'E26',
      'E28',
    ]);
  });

  it('holds the endpoint parameters with their sources, as the engine takes them', () => {
    expect(endpointParametersOf(protocol)).toEqual({
      pfsRules: 'fda-2018',
      confirmMinDays: 28,
      sdMinDays: 42,
      // schedule.tumorAssessment: every 9 weeks.
      assessmentIntervalDays: 63,
    });
    const p = protocol.registry.endpointParameters;
    expect(p.pfsCensoring.source).toMatch(/FDA guidance .*2018/);
    expect(p.confirmMinDays.source).toMatch(/RECIST 1\.1 §4\.6\.1/);
    expect(p.sdMinDays.source).toMatch(/RECIST 1\.1 §4\.6\.1/);
    expect(protocol.registry.schedule.tumorAssessment.source).toMatch(/every 9 weeks/);
  });

  it('holds the questionnaire’s named facts of the catalog, with their linkIds and codes as contracts', () => {
    const items = protocol.questionnaire.items;
    expect(items.map((i) => [i.linkId, i.kind, (i.answers ?? []).map((a) => a.code)])).toEqual([
      ['consent-date', 'date', []],
      ['hcc-diagnosis-basis', 'code', ['histology', 'cytology', 'clinical-aasld', 'clinical-wasl']],
      ['first-line-progression-date', 'date', []],
      ['ascites', 'code', ['none', 'mild', 'moderate-severe']],
      ['encephalopathy', 'code', ['none', 'grade-1-2', 'grade-3-4']],
      ['childbearing-potential', 'boolean', []],
      ['planned-mki', 'code', ['cabozantinib', 'lenvatinib']],
    ]);
    // The catalog's table names each linkId with the criteria it decides.
    const section = catalog.split('## The screening questionnaire')[1]?.split('\n## ')[0] ?? '';
    for (const item of items) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${item.linkId}\``)) ?? '';
      for (const id of item.decides) expect(row, item.linkId).toContain(id);
      for (const a of item.answers ?? []) expect(row, item.linkId).toContain(a.code);
    }
    expect(protocolToText(protocol)).toContain('planned-mki                  code: cabozantinib, lenvatinib');
  });

  it('renders every criterion as plain text without gaps', () => {
    const text = protocolToText(protocol);
    for (const c of protocol.criteria) expect(text).toContain(`  ${c.id}  `);
    expect(text).not.toMatch(/undefined|\[object Object\]|NaN/);
    expect(text).toContain('excluded when: any history of brain or leptomeningeal metastasis');
  });
});

describe('loading a broken protocol', () => {
  function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'trialkit-protocol-'));
    cpSync(DEFAULT_PROTOCOL_DIR, dir, { recursive: true });
    return dir;
  }

  it('names the file and the path of an invalid value', () => {
    const dir = copy();
    const file = join(dir, 'protocol.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('target: 122', 'target: many'));
    expect(() => loadProtocol(dir)).toThrow(ProtocolError);
    expect(() => loadProtocol(dir)).toThrow(/protocol\.yaml is not valid:\n {2}at enrollment\.target/);
  });

  it('refuses criteria that refer to labs or value sets that do not exist', () => {
    const dir = copy();
    const file = join(dir, 'criteria.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('lab: platelets', 'lab: platelet-typo'));
    expect(() => loadProtocol(dir)).toThrow(/I16: unknown lab "platelet-typo"/);
  });

  it('refuses a site whose ID does not follow the rule', () => {
    const dir = copy();
    const file = join(dir, 'sites.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('id: mayo-clinic-in-florida', 'id: mayo-florida'));
    expect(() => loadProtocol(dir)).toThrow(/must have ID "mayo-clinic-in-florida"/);
  });

  function changed(file: string, from: string, to: string): string {
    const dir = copy();
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    expect(text, `${file} holds ${from}`).toContain(from);
    writeFileSync(path, text.replace(from, to));
    return dir;
  }

  it.each([
    [
      'a rule reading an item the questionnaire lacks',
      'criteria.yaml',
      'item: consent-date',
      'item: consent-day',
      /I00: reads questionnaire item "consent-day", which questionnaire\.yaml lacks/,
    ],
    [
      'a rule reading an item as another kind',
      'criteria.yaml',
      'progressionItem: first-line-progression-date',
      'progressionItem: childbearing-potential',
      /I05: reads item childbearing-potential as date, but it is a boolean item/,
    ],
    [
      'an attestation accepting a code the item does not define',
      'criteria.yaml',
      'accept: [histology, cytology, clinical-aasld, clinical-wasl]',
      'accept: [histology, biopsy]',
      /I03: accepts code "biopsy", which item hcc-diagnosis-basis does not define/,
    ],
    [
      'an item deciding a criterion that does not exist',
      'questionnaire.yaml',
      'decides: [I05]',
      'decides: [I55]',
      /item first-line-progression-date: decides unknown criterion I55/,
    ],
    [
      'a planned intervention that is not one of the protocol’s',
      'questionnaire.yaml',
      'intervention: lenvatinib',
      'intervention: sorafenib',
      /code lenvatinib plans unknown intervention "sorafenib"/,
    ],
    [
      'codes that are not the stratification factor’s levels',
      'questionnaire.yaml',
      '{ code: lenvatinib, label: Lenvatinib, intervention: lenvatinib }',
      '{ code: lenvima, label: Lenvatinib, intervention: lenvatinib }',
      /item planned-mki: codes cabozantinib, lenvima must be the levels of stratification factor planned-mki/,
    ],
    [
      'a code mapped to no Child-Pugh grade',
      'questionnaire.yaml',
      'childPugh: mild }',
      'childPugh: slight }',
      /questionnaire\.yaml is not valid:\n {2}at items\.3\.answers\.1\.childPugh: expected childPugh: one of none, mild, moderate-severe/,
    ],
    [
      'an encephalopathy code without its West Haven grades',
      'questionnaire.yaml',
      ', westHaven: [1, 2] }',
      ' }',
      /at items\.4\.answers\.1\.westHaven: expected westHaven/,
    ],
    [
      'a code that FHIR could never match (codes are read lower-cased)',
      'questionnaire.yaml',
      'code: histology,',
      'code: Histology,',
      /at items\.1\.answers\.0\.code: expected a lower-case code/,
    ],
    [
      'PFS censoring that is not a rule set',
      'protocol.yaml',
      'value: fda-2018',
      'value: ema-2012',
      /protocol\.yaml is not valid:\n {2}at endpointParameters\.pfsCensoring\.value/,
    ],
  ])('refuses %s, naming it', (_what, file, from, to, message) => {
    const dir = changed(file, from, to);
    expect(() => loadProtocol(dir)).toThrow(ProtocolError);
    expect(() => loadProtocol(dir)).toThrow(message);
  });

  it('refuses a questionnaire without the items the rules read by role', () => {
    const dir = copy();
    const file = join(dir, 'questionnaire.yaml');
    const data = parse(readFileSync(file, 'utf8')) as { items: Array<{ linkId: string }> };
    data.items = data.items.filter((i) => i.linkId !== 'ascites' && i.linkId !== 'planned-mki');
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadProtocol(dir)).toThrow(/I07: needs a questionnaire item with role child-pugh-ascites/);
    expect(() => loadProtocol(dir)).toThrow(/E18: needs a questionnaire item with role planned-intervention/);
  });

  it('refuses an unknown block kind with the criterion path', () => {
    const dir = copy();
    const file = join(dir, 'criteria.yaml');
    const data = parse(readFileSync(file, 'utf8')) as { criteria: Array<{ rule: unknown }> };
    (data.criteria[0] as { rule: unknown }).rule = { kind: 'crystal-ball' };
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadProtocol(dir, DEFAULT_TERMINOLOGY_DIR)).toThrow(
      /criteria\.yaml is not valid:\n {2}at 0\.rule/,
    );
  });
});
