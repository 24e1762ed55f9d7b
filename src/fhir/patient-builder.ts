/**
 * Collects one patient's mapped resources, keeps one copy of each `ResourceType/id`, and assembles
 * the PatientFacts. Duplicates: identical content (JSON text up to whitespace) is dropped with a
 * warning; differing content keeps the later meta.lastUpdated, else the later one in input order.
 */
import { emptyPatientFacts, type PatientFacts } from '../eligibility/patient-facts.ts';
import type { FactListKey, Produced } from './mapping.ts';

export interface BuilderEntry {
  /** `ResourceType/id`; undefined for resources without id (never deduplicated). */
  ref: string | undefined;
  source: string;
  lastUpdated: string | undefined;
  /** Whatever `loadContent` needs to fetch the resource's JSON again, only when a duplicate turns up. */
  locator: unknown;
  /** The mapped facts; undefined when the resource was dropped (entered-in-error…) or is not yet mapped. */
  produced: Produced | undefined;
  /** Warnings about this resource (they leave with it when a later copy replaces it). */
  warnings: string[];
  /** True for the Patient resource itself. */
  isPatient: boolean;
  /** A medication use whose Medication was not found yet; mapped when the input has been read. */
  deferred?: { resourceType: string; resource: Record<string, unknown>; reference: string } | undefined;
}

/** Loads a resource's JSON text again by locator, in a canonical (compact) form. */
export type ContentLoader = (locator: unknown) => string;

const LISTS: readonly FactListKey[] = [
  'observations',
  'conditions',
  'medications',
  'procedures',
  'immunizations',
  'allergies',
  'adverseEvents',
  'tumorLesions',
  'answers',
];

export class PatientBuilder {
  private readonly entries = new Map<string, BuilderEntry>();
  private readonly notes: string[] = [];
  private anonymous = 0;

  constructor(
    readonly key: string,
    private readonly loadContent: ContentLoader,
  ) {}

  /** Adds a resource's entry; returns the entry that is kept (the new one, or the earlier copy). */
  add(entry: BuilderEntry): BuilderEntry {
    if (entry.ref === undefined) {
      this.anonymous += 1;
      this.entries.set(`\u0000${this.anonymous}`, entry);
      return entry;
    }
    const earlier = this.entries.get(entry.ref);
    if (earlier === undefined) {
      this.entries.set(entry.ref, entry);
      return entry;
    }
    const kept = this.resolveDuplicate(earlier, entry);
    this.entries.set(entry.ref, kept);
    return kept;
  }

  private resolveDuplicate(earlier: BuilderEntry, later: BuilderEntry): BuilderEntry {
    const where = `${earlier.ref} appears twice (${earlier.source}, ${later.source})`;
    if (this.sameContent(earlier, later)) {
      this.notes.push(`${where}; identical copy ignored`);
      return earlier;
    }
    const a = earlier.lastUpdated === undefined ? Number.NaN : Date.parse(earlier.lastUpdated);
    const b = later.lastUpdated === undefined ? Number.NaN : Date.parse(later.lastUpdated);
    const byDate = Number.isFinite(a) && Number.isFinite(b) && a !== b;
    const kept = byDate && a > b ? earlier : later;
    const why = byDate ? 'later meta.lastUpdated' : 'later in input order';
    this.notes.push(`${where} with different content; kept ${kept.source} (${why})`);
    return kept;
  }

  private sameContent(a: BuilderEntry, b: BuilderEntry): boolean {
    try {
      return this.loadContent(a.locator) === this.loadContent(b.locator);
    } catch {
      return false;
    }
  }

  entriesInOrder(): IterableIterator<BuilderEntry> {
    return this.entries.values();
  }

  finish(): PatientFacts {
    const facts = emptyPatientFacts(this.key);
    let hasPatient = false;
    for (const entry of this.entries.values()) {
      if (entry.isPatient) hasPatient = true;
      facts.warnings.push(...entry.warnings);
      const produced = entry.produced;
      if (produced === undefined) continue;
      if (produced.demographics !== undefined) Object.assign(facts, produced.demographics);
      for (const list of LISTS) {
        const items = produced[list];
        if (items !== undefined) (facts[list] as unknown[]).push(...items);
      }
    }
    if (!hasPatient) facts.warnings.unshift('no Patient resource; birth date and sex unknown');
    facts.warnings.push(...this.notes);
    sortFacts(facts);
    return facts;
  }
}

/**
 * Lists come out in date order (undated first), then by ref, whatever the input order was, so the
 * same resources give the same PatientFacts however the input was arranged (sort is stable, which
 * keeps the components of one Observation in their order).
 */
function sortFacts(facts: PatientFacts): void {
  const by = <T extends { ref: string }>(list: T[], date: (item: T) => string | undefined) =>
    list.sort((x, y) => compare(date(x) ?? '', date(y) ?? '') || compare(x.ref, y.ref));
  by(facts.observations, (o) => o.date);
  by(facts.conditions, (c) => c.onset ?? c.recorded);
  by(facts.medications, (m) => m.start);
  by(facts.procedures, (p) => p.date);
  by(facts.immunizations, (i) => i.date);
  by(facts.allergies, (a) => a.recorded);
  by(facts.adverseEvents, (a) => a.date);
  by(facts.tumorLesions, (t) => t.date);
  by(facts.answers, (a) => a.authored);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
