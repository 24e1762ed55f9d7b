/**
 * Collects one patient's mapped resources, keeps one copy of each `ResourceType/id`, and assembles
 * the PatientFacts. Duplicates: identical content (JSON text up to whitespace) is dropped with a
 * warning; differing content keeps the later meta.lastUpdated, else the later one in input order.
 */
import { emptyPatientFacts, type PatientFacts } from '../eligibility/index.ts';
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
  warnings?: string[];
  /** True for the Patient resource itself. */
  isPatient: boolean;
  /** A medication use whose Medication was not found yet; mapped when the input has been read. */
  deferred?: { resourceType: string; resource: Record<string, unknown>; reference: string } | undefined;
}

/** Loads a resource's JSON text again by locator, in a canonical (compact) form. */
export type ContentLoader = (locator: unknown) => string;

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
      if (entry.warnings !== undefined) facts.warnings.push(...entry.warnings);
      const produced = entry.produced;
      if (produced === undefined) continue;
      // Only the lists this resource produced (mostly one), not every list for every resource.
      for (const key in produced) {
        if (key === 'demographics') {
          Object.assign(facts, produced.demographics);
          continue;
        }
        const items = produced[key as FactListKey];
        if (items !== undefined) (facts[key as FactListKey] as unknown[]).push(...items);
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
  sortIfNeeded(facts.observations, ORDER.observations);
  sortIfNeeded(facts.conditions, ORDER.conditions);
  sortIfNeeded(facts.medications, ORDER.medications);
  sortIfNeeded(facts.procedures, ORDER.procedures);
  sortIfNeeded(facts.immunizations, ORDER.immunizations);
  sortIfNeeded(facts.allergies, ORDER.allergies);
  sortIfNeeded(facts.adverseEvents, ORDER.adverseEvents);
  sortIfNeeded(facts.tumorLesions, ORDER.tumorLesions);
  sortIfNeeded(facts.answers, ORDER.answers);
}

type Order<T> = (x: T, y: T) => number;

/** (date, ref) order for a list; built once per date accessor. */
function byDate<T extends { ref: string }>(date: (item: T) => string | undefined): Order<T> {
  return (x, y) => compare(date(x) ?? '', date(y) ?? '') || compare(x.ref, y.ref);
}

type ListOf<K extends FactListKey> = PatientFacts[K][number];

const ORDER: { [K in FactListKey]: Order<ListOf<K>> } = {
  observations: (x, y) =>
    compare(x.date ?? '', y.date ?? '') || compare(x.instant ?? '', y.instant ?? '') || compare(x.ref, y.ref),
  conditions: byDate((c) => c.onset ?? c.recorded),
  medications: byDate((m) => m.start),
  procedures: byDate((p) => p.date),
  immunizations: byDate((i) => i.date),
  allergies: byDate((a) => a.recorded),
  adverseEvents: byDate((a) => a.date),
  tumorLesions: byDate((t) => t.date),
  answers: byDate((a) => a.authored),
};

/** Sorts in place unless the list is already in order (input often is). */
function sortIfNeeded<T>(list: T[], order: Order<T>): void {
  for (let i = 1; i < list.length; i++) {
    if (order(list[i - 1] as T, list[i] as T) > 0) {
      list.sort(order);
      return;
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
