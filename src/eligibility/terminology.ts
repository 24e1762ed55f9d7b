/**
 * Terminology compiled for matching: value sets and drug classes turned into code sets and name
 * patterns once per protocol, so that screening a patient is lookups, not parsing.
 *
 * Matching rules (documented for protocol authors in terminology/README.md):
 * - ICD-10-CM and CPT entries match by prefix, dots ignored; SNOMED CT, CVX, LOINC and RxNorm match exactly.
 * - Names match at the start of a word of the normalized text (lower case, punctuation as spaces),
 *   so "hiv" does not match "archive"; a name written "-ximab" matches anywhere (stems).
 * - A match by name is the catalog's accepted fallback and is always reported as such.
 */
import type { DrugClass, DrugClassMember, LabDefinition, ValueSet } from './terminology-schema.ts';
import { type Code, SYSTEMS } from './patient-facts.ts';

const ICD10_SYSTEMS = new Set([SYSTEMS.icd10cm, 'http://hl7.org/fhir/sid/icd-10']);

/** Lower case, punctuation to spaces, single spaces, padded so word starts can be found with ' ' + name. */
export function normalizeText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

function normalizeCode(code: string): string {
  return code.replace(/\./g, '').toUpperCase();
}

/** A name pattern: matches at a word start, or anywhere for stems written with a leading '-'. */
class NamePattern {
  readonly needle: string;
  constructor(readonly name: string) {
    const stem = name.startsWith('-');
    const core = normalizeText(stem ? name.slice(1) : name).trim();
    this.needle = stem ? core : ` ${core}`;
  }
  matches(normalized: string): boolean {
    return normalized.includes(this.needle);
  }
}

export type CodeMatch =
  | { by: 'code'; code: Code }
  | { by: 'name'; name: string; text: string };

export function describeMatch(match: CodeMatch): string {
  return match.by === 'code'
    ? `${systemLabel(match.code.system)} ${match.code.code}`
    : `matched by name "${match.name}" in "${match.text}"`;
}

export function systemLabel(system: string): string {
  switch (system) {
    case SYSTEMS.icd10cm:
      return 'ICD-10-CM';
    case 'http://hl7.org/fhir/sid/icd-10':
      return 'ICD-10';
    case SYSTEMS.snomed:
      return 'SNOMED CT';
    case SYSTEMS.loinc:
      return 'LOINC';
    case SYSTEMS.rxnorm:
      return 'RxNorm';
    case SYSTEMS.cvx:
      return 'CVX';
    case SYSTEMS.cpt:
      return 'CPT';
    default:
      return system;
  }
}

/** A compiled value set. */
export class ValueSetMatcher {
  private readonly prefixes = new Set<string>();
  private readonly cptPrefixes = new Set<string>();
  private readonly exact = new Map<string, Set<string>>();
  private readonly names: NamePattern[];
  private readonly excluded: NamePattern[];

  constructor(readonly valueSet: ValueSet) {
    const { codes } = valueSet;
    for (const c of codes.icd10cm) this.prefixes.add(normalizeCode(c));
    for (const c of codes.cpt) this.cptPrefixes.add(normalizeCode(c));
    this.exact.set(SYSTEMS.snomed, new Set(codes.snomed));
    this.exact.set(SYSTEMS.cvx, new Set(codes.cvx.map((c) => c.replace(/^0+(?=\d)/, ''))));
    this.exact.set(SYSTEMS.loinc, new Set(codes.loinc));
    this.exact.set(SYSTEMS.rxnorm, new Set(codes.rxnorm));
    this.names = valueSet.names.map((n) => new NamePattern(n));
    this.excluded = valueSet.excludeNames.map((n) => new NamePattern(n));
  }

  get id(): string {
    return this.valueSet.id;
  }

  matchCode(code: Code): boolean {
    if (ICD10_SYSTEMS.has(code.system)) return hasPrefix(this.prefixes, normalizeCode(code.code));
    if (code.system === SYSTEMS.cpt) return hasPrefix(this.cptPrefixes, normalizeCode(code.code));
    const set = this.exact.get(code.system);
    if (!set) return false;
    return set.has(code.system === SYSTEMS.cvx ? code.code.replace(/^0+(?=\d)/, '') : code.code);
  }

  /** A code match first; else a name match in any of the texts (code displays included). */
  match(codes: readonly Code[], texts: readonly (string | undefined)[]): CodeMatch | undefined {
    for (const code of codes) if (this.matchCode(code)) return { by: 'code', code };
    if (this.names.length === 0) return undefined;
    const candidates = [...texts, ...codes.map((c) => c.display)];
    for (const text of candidates) {
      if (!text) continue;
      const normalized = normalizeText(text);
      if (this.excluded.some((p) => p.matches(normalized))) continue;
      const hit = this.names.find((p) => p.matches(normalized));
      if (hit) return { by: 'name', name: hit.name, text };
    }
    return undefined;
  }
}

function hasPrefix(prefixes: ReadonlySet<string>, code: string): boolean {
  for (let length = 1; length <= code.length; length++) {
    if (prefixes.has(code.slice(0, length))) return true;
  }
  return false;
}

export interface DrugMatch {
  member: DrugClassMember;
  classId: string;
  match: CodeMatch;
}

/** A compiled drug class: RxNorm ingredient codes and ingredient names/synonyms. */
export class DrugClassMatcher {
  private readonly byRxnorm = new Map<string, DrugClassMember>();
  private readonly patterns: Array<{ member: DrugClassMember; pattern: NamePattern }> = [];

  constructor(readonly drugClass: DrugClass) {
    for (const member of drugClass.members) {
      if (member.rxnorm) this.byRxnorm.set(member.rxnorm, member);
      for (const name of [member.name, ...member.synonyms]) {
        this.patterns.push({ member, pattern: new NamePattern(name) });
      }
    }
  }

  match(codes: readonly Code[], names: readonly string[]): DrugMatch | undefined {
    for (const code of codes) {
      if (code.system !== SYSTEMS.rxnorm) continue;
      const member = this.byRxnorm.get(code.code);
      if (member) return { member, classId: this.drugClass.id, match: { by: 'code', code } };
    }
    for (const name of names) {
      const normalized = normalizeText(name);
      const hit = this.patterns.find((p) => p.pattern.matches(normalized));
      if (hit) {
        return { member: hit.member, classId: this.drugClass.id, match: { by: 'name', name: hit.pattern.name, text: name } };
      }
    }
    return undefined;
  }
}

/** Everything the screener looks codes up in, compiled once per protocol. */
export interface Terminology {
  labs: ReadonlyMap<string, LabDefinition>;
  valueSets: ReadonlyMap<string, ValueSetMatcher>;
  drugClasses: ReadonlyMap<string, DrugClassMatcher>;
}

export function compileTerminology(input: {
  labs: readonly LabDefinition[];
  valueSets: readonly ValueSet[];
  drugClasses: readonly DrugClass[];
}): Terminology {
  return {
    labs: new Map(input.labs.map((l) => [l.id, l])),
    valueSets: new Map(input.valueSets.map((v) => [v.id, new ValueSetMatcher(v)])),
    drugClasses: new Map(input.drugClasses.map((d) => [d.id, new DrugClassMatcher(d)])),
  };
}
