/**
 * Terminology compiled for matching: value sets and drug classes turned into code sets and name
 * patterns once per protocol, so that screening a patient is lookups, not parsing.
 *
 * Matching rules (documented for protocol authors in terminology/README.md):
 * - ICD-10-CM and CPT entries match by prefix, dots ignored; SNOMED CT, CVX, LOINC and RxNorm match exactly.
 * - Names match as whole terms of the normalized text (terms.ts): "hiv" does not match "archive", the
 *   catheter brand "aspira" does not match "aspiration"; a name written "-ximab" is a stem that
 *   matches the end of a word.
 * - A match by name is the catalog's accepted fallback and is always reported as such.
 */

import { type Code, SYSTEMS } from './patient-facts.ts';
import type { DrugClass, DrugClassMember, LabDefinition, ValueSet } from './terminology-schema.ts';
import { normalizeText, TermPattern } from './terms.ts';

const ICD10_SYSTEMS = new Set([SYSTEMS.icd10cm, 'http://hl7.org/fhir/sid/icd-10']);

function normalizeCode(code: string): string {
  return code.replace(/\./g, '').toUpperCase();
}

const KEY_LENGTH = 3;

interface OwnedPattern {
  /** Which value set names, value set exclusions or drug class the pattern belongs to. */
  owner: number;
  pattern: TermPattern;
}

/**
 * Every name pattern of the terminology in one index, keyed by the first letters of the pattern's
 * first word: a text is scanned once, word by word, whatever number of value sets and drug classes
 * later ask about it, and the result is remembered per text (the same drug and condition names
 * recur across criteria and patients).
 */
class SharedNameIndex {
  private readonly byKey = new Map<string, OwnedPattern[]>();
  private readonly unindexed: OwnedPattern[] = [];
  private readonly cache = new Map<string, readonly OwnedPattern[]>();
  private owners = 0;

  /** Registers a set of names; returns the owner number its hits carry (-1 when there are none). */
  register(names: readonly string[]): number {
    if (names.length === 0) return -1;
    const owner = this.owners++;
    for (const name of names) {
      const entry = { owner, pattern: new TermPattern(name) };
      const key = entry.pattern.needle.slice(1, 1 + KEY_LENGTH);
      if (entry.pattern.stem || key.length < KEY_LENGTH || key.includes(' ')) this.unindexed.push(entry);
      else {
        const list = this.byKey.get(key);
        if (list) list.push(entry);
        else this.byKey.set(key, [entry]);
      }
    }
    return owner;
  }

  /** Every registered pattern found in the text, in the order its words appear. */
  hits(text: string): readonly OwnedPattern[] {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const found: OwnedPattern[] = [];
    const normal = normalizeText(text);
    for (
      let space = normal.indexOf(' ');
      space >= 0 && space < normal.length - 1;
      space = normal.indexOf(' ', space + 1)
    ) {
      const candidates = this.byKey.get(normal.slice(space + 1, space + 1 + KEY_LENGTH));
      if (!candidates) continue;
      for (const c of candidates) if (c.pattern.matchesAt(normal, space) && !found.includes(c)) found.push(c);
    }
    for (const c of this.unindexed) if (c.pattern.occursIn(normal)) found.push(c);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(text, found);
    return found;
  }
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
  private readonly namesOwner: number;
  private readonly excludedOwner: number;

  constructor(
    readonly valueSet: ValueSet,
    private readonly names: SharedNameIndex,
    private readonly memberships: CodeMemberships,
  ) {
    const { codes } = valueSet;
    for (const c of codes.icd10cm) this.prefixes.add(normalizeCode(c));
    for (const c of codes.cpt) this.cptPrefixes.add(normalizeCode(c));
    this.exact.set(SYSTEMS.snomed, new Set(codes.snomed));
    this.exact.set(SYSTEMS.cvx, new Set(codes.cvx.map((c) => c.replace(/^0+(?=\d)/, ''))));
    this.exact.set(SYSTEMS.loinc, new Set(codes.loinc));
    this.exact.set(SYSTEMS.rxnorm, new Set(codes.rxnorm));
    this.namesOwner = names.register(valueSet.names);
    this.excludedOwner = names.register(valueSet.excludeNames);
    memberships.add(this);
  }

  get id(): string {
    return this.valueSet.id;
  }

  matchCode(code: Code): boolean {
    return this.memberships.of(code).has(this);
  }

  /** Whether the code is in this value set (uncached: CodeMemberships remembers the answers). */
  contains(code: Code): boolean {
    if (ICD10_SYSTEMS.has(code.system)) return hasPrefix(this.prefixes, normalizeCode(code.code));
    if (code.system === SYSTEMS.cpt) return hasPrefix(this.cptPrefixes, normalizeCode(code.code));
    const set = this.exact.get(code.system);
    if (!set) return false;
    return set.has(code.system === SYSTEMS.cvx ? code.code.replace(/^0+(?=\d)/, '') : code.code);
  }

  /** A code match first; else a name match in any of the texts (code displays included). */
  match(codes: readonly Code[], texts: readonly (string | undefined)[]): CodeMatch | undefined {
    for (const code of codes) if (this.matchCode(code)) return { by: 'code', code };
    if (this.namesOwner < 0) return undefined;
    for (const text of [...texts, ...codes.map((c) => c.display)]) {
      if (!text) continue;
      const hits = this.names.hits(text);
      if (hits.length === 0) continue;
      if (this.excludedOwner >= 0 && hits.some((h) => h.owner === this.excludedOwner)) continue;
      const hit = hits.find((h) => h.owner === this.namesOwner);
      if (hit) return { by: 'name', name: hit.pattern.term, text };
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

/**
 * For each code, every value set it belongs to — computed once per distinct code for all value sets
 * together, and remembered per Code object, since each code is asked about by many criteria.
 */
class CodeMemberships {
  private readonly matchers: ValueSetMatcher[] = [];
  private readonly byKey = new Map<string, ReadonlySet<ValueSetMatcher>>();
  private readonly byCode = new WeakMap<Code, ReadonlySet<ValueSetMatcher>>();

  add(matcher: ValueSetMatcher): void {
    this.matchers.push(matcher);
  }

  of(code: Code): ReadonlySet<ValueSetMatcher> {
    let sets = this.byCode.get(code);
    if (sets) return sets;
    const key = `${code.system}|${code.code}`;
    sets = this.byKey.get(key);
    if (!sets) {
      sets = new Set(this.matchers.filter((m) => m.contains(code)));
      if (this.byKey.size > 100_000) this.byKey.clear();
      this.byKey.set(key, sets);
    }
    this.byCode.set(code, sets);
    return sets;
  }
}

export interface DrugMatch {
  member: DrugClassMember;
  classId: string;
  match: CodeMatch;
}

/** A compiled drug class: RxNorm ingredient codes and ingredient names/synonyms. */
export class DrugClassMatcher {
  readonly owner: number;
  readonly byRxnorm = new Map<string, DrugClassMember>();
  readonly byName = new Map<string, DrugClassMember>();

  constructor(
    readonly drugClass: DrugClass,
    names: SharedNameIndex,
    private readonly index: DrugIndex,
  ) {
    const all: string[] = [];
    for (const member of drugClass.members) {
      if (member.rxnorm) this.byRxnorm.set(member.rxnorm, member);
      for (const name of [member.name, ...member.synonyms]) {
        this.byName.set(name, member);
        all.push(name);
      }
    }
    this.owner = names.register(all);
    index.add(this);
  }

  /**
   * Every member a record names: by RxNorm ingredient code, else by name (a combination product
   * such as "atezolizumab and bevacizumab" names two). Pass the record's own `codes` and `names`.
   */
  matchAll(codes: readonly Code[], names: readonly string[]): readonly DrugMatch[] {
    return this.index.matches(codes, names).get(this) ?? NO_MATCHES;
  }
}

const NO_MATCHES: readonly DrugMatch[] = [];

/**
 * Every drug class a medication record belongs to, computed once per record for all classes
 * together (remembered per record's `names` array, which intake creates per record).
 */
class DrugIndex {
  private readonly matchers: DrugClassMatcher[] = [];
  private readonly byOwner = new Map<number, DrugClassMatcher>();
  private readonly cache = new WeakMap<readonly string[], Map<DrugClassMatcher, DrugMatch[]>>();

  constructor(private readonly names: SharedNameIndex) {}

  add(matcher: DrugClassMatcher): void {
    this.matchers.push(matcher);
    this.byOwner.set(matcher.owner, matcher);
  }

  matches(codes: readonly Code[], names: readonly string[]): Map<DrugClassMatcher, DrugMatch[]> {
    let result = this.cache.get(names);
    if (result) return result;
    result = new Map();
    const add = (matcher: DrugClassMatcher, member: DrugClassMember, match: CodeMatch) => {
      const list = result?.get(matcher) ?? [];
      if (!list.some((f) => f.member === member)) list.push({ member, classId: matcher.drugClass.id, match });
      result?.set(matcher, list);
    };
    for (const code of codes) {
      if (code.system !== SYSTEMS.rxnorm) continue;
      for (const matcher of this.matchers) {
        const member = matcher.byRxnorm.get(code.code);
        if (member) add(matcher, member, { by: 'code', code });
      }
    }
    // By name only for classes the codes did not already match (a coded record is read by its code).
    const coded = new Set(result.keys());
    for (const text of names) {
      for (const hit of this.names.hits(text)) {
        const matcher = this.byOwner.get(hit.owner);
        const member = matcher?.byName.get(hit.pattern.term);
        if (matcher && member && !coded.has(matcher))
          add(matcher, member, { by: 'name', name: hit.pattern.term, text });
      }
    }
    this.cache.set(names, result);
    return result;
  }
}

/** Everything the screener looks codes up in, compiled once per protocol. */
export interface Terminology {
  labs: ReadonlyMap<string, LabDefinition>;
  /** Lab IDs by each of their LOINC codes. */
  labsByLoinc: ReadonlyMap<string, readonly string[]>;
  valueSets: ReadonlyMap<string, ValueSetMatcher>;
  drugClasses: ReadonlyMap<string, DrugClassMatcher>;
}

export function compileTerminology(input: {
  labs: readonly LabDefinition[];
  valueSets: readonly ValueSet[];
  drugClasses: readonly DrugClass[];
}): Terminology {
  const names = new SharedNameIndex();
  const memberships = new CodeMemberships();
  const drugs = new DrugIndex(names);
  const labsByLoinc = new Map<string, string[]>();
  for (const lab of input.labs) {
    for (const code of lab.loinc) labsByLoinc.set(code, [...(labsByLoinc.get(code) ?? []), lab.id]);
  }
  return {
    labs: new Map(input.labs.map((l) => [l.id, l])),
    labsByLoinc,
    valueSets: new Map(input.valueSets.map((v) => [v.id, new ValueSetMatcher(v, names, memberships)])),
    drugClasses: new Map(input.drugClasses.map((d) => [d.id, new DrugClassMatcher(d, names, drugs)])),
  };
}
