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

import { type Code, SYSTEMS } from './patient-facts.ts';
import type { DrugClass, DrugClassMember, LabDefinition, ValueSet } from './terminology-schema.ts';

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
  /** Normalized text to find: ' word…' for word-start patterns, the bare stem for stems. */
  readonly needle: string;
  readonly stem: boolean;
  constructor(readonly name: string) {
    this.stem = name.startsWith('-');
    const core = normalizeText(this.stem ? name.slice(1) : name).trim();
    this.needle = this.stem ? core : ` ${core}`;
  }
}

const KEY_LENGTH = 3;

/**
 * Name patterns indexed by the first letters of their first word, so a text is checked only against
 * patterns that can start at one of its words (hundreds of drug names per class, dozens of classes
 * per patient). Returns the patterns found, in the order their words appear in the text.
 */
class NameIndex {
  private readonly byKey = new Map<string, NamePattern[]>();
  private readonly unindexed: NamePattern[] = [];

  constructor(names: readonly string[]) {
    for (const name of names) {
      const pattern = new NamePattern(name);
      const key = pattern.needle.slice(1, 1 + KEY_LENGTH);
      if (pattern.stem || key.length < KEY_LENGTH || key.includes(' ')) this.unindexed.push(pattern);
      else {
        const list = this.byKey.get(key);
        if (list) list.push(pattern);
        else this.byKey.set(key, [pattern]);
      }
    }
  }

  get size(): number {
    return this.byKey.size + this.unindexed.length;
  }

  /** Every pattern that occurs in the normalized text (see normalizeText). */
  findAll(normalized: string): NamePattern[] {
    const found: NamePattern[] = [];
    for (
      let space = normalized.indexOf(' ');
      space >= 0 && space < normalized.length - 1;
      space = normalized.indexOf(' ', space + 1)
    ) {
      const candidates = this.byKey.get(normalized.slice(space + 1, space + 1 + KEY_LENGTH));
      if (!candidates) continue;
      for (const p of candidates)
        if (normalized.startsWith(p.needle, space) && !found.includes(p)) found.push(p);
    }
    for (const p of this.unindexed) if (normalized.includes(p.needle)) found.push(p);
    return found;
  }
}

const normalizedCache = new Map<string, string>();

/** normalizeText, remembered: the same names are read by many criteria of many patients. */
function normalized(text: string): string {
  let value = normalizedCache.get(text);
  if (value === undefined) {
    if (normalizedCache.size > 50_000) normalizedCache.clear();
    value = normalizeText(text);
    normalizedCache.set(text, value);
  }
  return value;
}

export type CodeMatch = { by: 'code'; code: Code } | { by: 'name'; name: string; text: string };

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
  private readonly names: NameIndex;
  private readonly excluded: NameIndex;

  constructor(readonly valueSet: ValueSet) {
    const { codes } = valueSet;
    for (const c of codes.icd10cm) this.prefixes.add(normalizeCode(c));
    for (const c of codes.cpt) this.cptPrefixes.add(normalizeCode(c));
    this.exact.set(SYSTEMS.snomed, new Set(codes.snomed));
    this.exact.set(SYSTEMS.cvx, new Set(codes.cvx.map((c) => c.replace(/^0+(?=\d)/, ''))));
    this.exact.set(SYSTEMS.loinc, new Set(codes.loinc));
    this.exact.set(SYSTEMS.rxnorm, new Set(codes.rxnorm));
    this.names = new NameIndex(valueSet.names);
    this.excluded = new NameIndex(valueSet.excludeNames);
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
    if (this.names.size === 0) return undefined;
    for (const text of [...texts, ...codes.map((c) => c.display)]) {
      if (!text) continue;
      const normal = normalized(text);
      if (this.excluded.size > 0 && this.excluded.findAll(normal).length > 0) continue;
      const hit = this.names.findAll(normal)[0];
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
  private readonly byName = new Map<string, DrugClassMember>();
  private readonly names: NameIndex;
  /** Matches per record's `names` array: many criteria ask about the same record. */
  private readonly cache = new WeakMap<readonly string[], DrugMatch[]>();

  constructor(readonly drugClass: DrugClass) {
    const names: string[] = [];
    for (const member of drugClass.members) {
      if (member.rxnorm) this.byRxnorm.set(member.rxnorm, member);
      for (const name of [member.name, ...member.synonyms]) {
        this.byName.set(name, member);
        names.push(name);
      }
    }
    this.names = new NameIndex(names);
  }

  /**
   * Every member a record names: by RxNorm ingredient code, else by name (a combination product
   * such as "atezolizumab and bevacizumab" names two). Results are remembered per `names` array.
   */
  matchAll(codes: readonly Code[], names: readonly string[]): DrugMatch[] {
    const cached = this.cache.get(names);
    if (cached) return cached;
    const found: DrugMatch[] = [];
    for (const code of codes) {
      const member = code.system === SYSTEMS.rxnorm ? this.byRxnorm.get(code.code) : undefined;
      if (member && !found.some((f) => f.member === member)) {
        found.push({ member, classId: this.drugClass.id, match: { by: 'code', code } });
      }
    }
    if (found.length === 0) {
      for (const text of names) {
        for (const pattern of this.names.findAll(normalized(text))) {
          const member = this.byName.get(pattern.name);
          if (member && !found.some((f) => f.member === member)) {
            found.push({
              member,
              classId: this.drugClass.id,
              match: { by: 'name', name: pattern.name, text },
            });
          }
        }
      }
    }
    this.cache.set(names, found);
    return found;
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
