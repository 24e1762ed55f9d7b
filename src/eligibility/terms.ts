/**
 * Whole-term text matching: the one way the screener finds a name — a drug, brand, condition,
 * procedure, indication or catalog term — in free text (terminology/README.md, "How codes match").
 *
 * Text and term are normalized alike: accents removed, lower case, a possessive "'s" dropped
 * ("Crohn's disease" reads as "crohn disease"), every run of characters other than a–z and 0–9 made
 * one space. A term then matches only as whole words, in order: "aspira" (a catheter brand) does not
 * match "aspiration", "hiv" does not match "archive", "chronic obstructive" does not match "chronic
 * obstructive uropathy" unless it is the term itself. Two forms widen a term, both visible in the data:
 * - the last word of a term also matches with the plural "s" ("pleural effusion" matches "pleural
 *   effusions") when it has three or more letters and does not already end in "s" ("hiv" does not
 *   match "hivs", nor "aids" "aidss"); every other inflection is listed as a name of its own;
 * - a term written with a leading "-" is an INN stem ("-zumab") and matches the end of a word
 *   ("bevacizumab"), never its start or middle.
 */

/** Anything but printable ASCII: only such text needs accents folded (NFKD) first. */
const NOT_PLAIN_ASCII = /[^\x20-\x7e\t\n\r]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * Accents removed, lower case, possessive "'s" dropped, every other run of characters outside a–z and
 * 0–9 one space; padded with one space at each end, so that " word " finds a whole word.
 */
export function normalizeText(text: string): string {
  const plain = NOT_PLAIN_ASCII.test(text) ? text.normalize('NFKD').replace(COMBINING_MARKS, '') : text;
  const words = plain
    .toLowerCase()
    .replace(/['\u2019]s\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return ` ${words} `;
}

/** One term compiled for matching against normalized text. */
export class TermPattern {
  /** The normalized words, without padding ("pleural effusion"; "zumab" for the stem "-zumab"). */
  readonly core: string;
  /** A stem ("-zumab") matches the end of a word; any other term matches whole words. */
  readonly stem: boolean;
  /** Whether the last word may also carry the plural "s". */
  readonly plural: boolean;
  /** What to find in the normalized text: " words" for a term (it starts a word), the bare stem otherwise. */
  readonly needle: string;

  constructor(readonly term: string) {
    this.stem = term.trimStart().startsWith('-');
    this.core = normalizeText(this.stem ? term.trimStart().slice(1) : term).trim();
    const last = this.core.slice(this.core.lastIndexOf(' ') + 1);
    this.plural = !this.stem && /^[a-z]{3,}$/.test(last) && !last.endsWith('s');
    this.needle = this.stem ? this.core : ` ${this.core}`;
  }

  /** Whether the term is in the normalized text with its needle starting at `at`. */
  matchesAt(normal: string, at: number): boolean {
    if (this.core.length === 0 || !normal.startsWith(this.needle, at)) return false;
    const end = at + this.needle.length;
    if (normal[end] === ' ') return true;
    return this.plural && normal[end] === 's' && normal[end + 1] === ' ';
  }

  /** Whether the term is anywhere in the normalized text (see normalizeText). */
  occursIn(normal: string): boolean {
    if (this.core.length === 0) return false;
    for (let at = normal.indexOf(this.needle); at >= 0; at = normal.indexOf(this.needle, at + 1)) {
      if (this.matchesAt(normal, at)) return true;
    }
    return false;
  }
}

/**
 * A small list of terms read by one rule (an exception's words, a setting, an intent). For the
 * value sets' and drug classes' thousands of names, terminology.ts indexes the same patterns.
 */
export class TermList {
  private readonly patterns: readonly TermPattern[];

  constructor(readonly terms: readonly string[]) {
    this.patterns = terms.map((t) => new TermPattern(t));
  }

  /** A term of the list (as written in it) that the texts name, if any: the first text naming one decides. */
  find(texts: string | readonly (string | undefined)[]): string | undefined {
    // Each text on its own: the last word of one text and the first of the next are not a phrase.
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      if (!text) continue;
      const normal = normalizeText(text);
      const found = this.patterns.find((p) => p.occursIn(normal));
      if (found) return found.term;
    }
    return undefined;
  }

  /** Whether the texts name any term of the list. */
  has(texts: string | readonly (string | undefined)[]): boolean {
    return this.find(texts) !== undefined;
  }
}

const compiled = new WeakMap<readonly string[], TermList>();

/** The term list of a rule's words, compiled once per list (a protocol's rules are loaded once). */
export function termList(terms: readonly string[]): TermList {
  let list = compiled.get(terms);
  if (!list) {
    list = new TermList(terms);
    compiled.set(terms, list);
  }
  return list;
}
