/**
 * Whole-term matching (terms.ts) and the terminology's name fallback built on it: a name matches only
 * as whole words of the text — never inside another word — whatever the case, punctuation or spacing.
 * The clinical review (issue 12 item 13) found the catheter brand "Aspira" matched inside "aspiration".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYSTEMS } from './patient-facts.ts';
import { compileTerminology } from './terminology.ts';
import { normalizeText, TermList, TermPattern } from './terms.ts';

const occurs = (term: string, text: string) => new TermPattern(term).occursIn(normalizeText(text));

describe('normalizeText', () => {
  it('lower-cases, turns punctuation and runs of spaces into one space, and pads both ends', () => {
    expect(normalizeText('  Thoracentesis,\tNEEDLE-aspiration (R)  ')).toBe(
      ' thoracentesis needle aspiration r ',
    );
    expect(normalizeText('')).toBe('  ');
  });

  it('removes accents and drops a possessive "\'s"', () => {
    expect(normalizeText('Sjögren syndrome')).toBe(' sjogren syndrome ');
    expect(normalizeText("Crohn's disease")).toBe(' crohn disease ');
    expect(normalizeText('Crohn’s disease')).toBe(' crohn disease ');
    expect(normalizeText("Graves' disease")).toBe(' graves disease ');
  });
});

describe('TermPattern: whole terms', () => {
  it('matches a term at the start, middle or end of a text, and the whole text', () => {
    expect(occurs('aspira', 'Aspira catheter placement')).toBe(true);
    expect(occurs('aspira', 'drainage via Aspira')).toBe(true);
    expect(occurs('aspira', 'home drainage, Aspira, weekly')).toBe(true);
    expect(occurs('aspira', 'ASPIRA')).toBe(true);
  });

  it('never matches a term inside another word (the reviewer case: "aspira" in "aspiration")', () => {
    expect(occurs('aspira', 'Thoracentesis, needle aspiration of pleural fluid')).toBe(false);
    expect(occurs('aspira', 'ascitic fluid aspirated')).toBe(false);
    expect(occurs('aspira', 'preaspira')).toBe(false);
    expect(occurs('hiv', 'archive')).toBe(false);
    expect(occurs('pneumonia', 'Streptococcus pneumoniae antigen')).toBe(false);
    expect(occurs('thyroid', 'thyroidectomy')).toBe(false);
    expect(occurs('azt', 'aztreonam')).toBe(false);
    expect(occurs('sirt', 'Sirturo 100 MG Oral Tablet')).toBe(false);
    expect(occurs('pain', 'painless mass')).toBe(false);
    expect(occurs('liver', 'delivery')).toBe(false);
  });

  it('ignores case, punctuation and spacing on both sides', () => {
    expect(occurs('PleurX', 'pleurx')).toBe(true);
    expect(occurs('pleurx', 'PLEURX®-catheter')).toBe(true);
    expect(occurs('port-a-cath', 'Port a Cath insertion')).toBe(true);
    expect(occurs('port a cath', 'port-a-cath insertion')).toBe(true);
    expect(occurs('i-131', 'I 131 therapy')).toBe(true);
    expect(occurs("st. john's wort", 'St John wort extract')).toBe(true);
  });

  it('matches a multi-word term only with its words whole and in order', () => {
    expect(occurs('indwelling pleural catheter', 'Indwelling  pleural\ncatheter, tunneled')).toBe(true);
    expect(occurs('indwelling pleural catheter', 'indwelling pleural catheters')).toBe(true);
    expect(occurs('indwelling pleural catheter', 'pleural catheter, indwelling')).toBe(false);
    expect(occurs('indwelling pleural catheter', 'indwelling pleural catheterization')).toBe(false);
    expect(occurs('chronic obstructive', 'chronic obstructive uropathy')).toBe(true);
    expect(occurs('chronic obstructive pulmonary disease', 'chronic obstructive uropathy')).toBe(false);
    expect(occurs('brain metastasis', 'brain metastases')).toBe(false);
  });

  it('lets the last word carry the plural "s" (three or more letters, not already ending in s), nothing else', () => {
    expect(occurs('pleural effusion', 'bilateral pleural effusions')).toBe(true);
    expect(occurs('paracentesis', 'paracentesises')).toBe(false);
    expect(occurs('aids', 'aidss')).toBe(false);
    expect(occurs('tb', 'tbs')).toBe(false);
    expect(occurs('kidney transplant', 'kidney transplantation')).toBe(false);
    expect(occurs('kidney transplant', 'kidneys transplant')).toBe(false);
  });

  it('reads a leading "-" as an INN stem that ends a word, never its start or middle', () => {
    expect(occurs('-zumab', 'bevacizumab 400 mg')).toBe(true);
    expect(occurs('-ximab', 'Rituximab-abbs')).toBe(true);
    expect(occurs('-zumab', 'zumabine')).toBe(false);
    expect(occurs('-zumab', 'bevacizumabs')).toBe(false);
  });

  it('matches nothing for an empty term', () => {
    expect(occurs('', 'anything')).toBe(false);
    expect(occurs(' - ', 'anything')).toBe(false);
  });

  it('never matches a term that is only a proper part of one word of the text (property)', () => {
    const word = fc.stringMatching(/^[a-z]{3,8}$/);
    fc.assert(
      fc.property(word, word, word, (before, term, after) => {
        // `before + term + after` is one word containing `term` with letters on at least one side.
        fc.pre(before.length > 0);
        expect(occurs(term, `a ${before}${term}${after} b`)).toBe(false);
        expect(occurs(term, `a ${before} ${term} ${after} b`)).toBe(true);
      }),
    );
  });
});

describe('TermList', () => {
  const list = new TermList(['peripheral sensory neuropathy', 'alopecia']);

  it('finds the first text that names a term, and reports the term as written in the list', () => {
    expect(list.find(['Diarrhea', 'Peripheral Sensory Neuropathy (CTCAE v5)'])).toBe(
      'peripheral sensory neuropathy',
    );
    expect(list.has('Alopecia areata')).toBe(true);
    expect(list.has('Peripheral motor neuropathy')).toBe(false);
  });

  it('does not join the last word of one text to the first word of the next', () => {
    expect(list.has(['peripheral', 'sensory neuropathy'])).toBe(false);
    expect(list.has([undefined, 'alopecia'])).toBe(true);
  });
});

describe('the terminology name fallback is whole-term', () => {
  const terminology = compileTerminology({
    labs: [],
    valueSets: [
      {
        id: 'catheter',
        title: 'Indwelling catheter',
        sources: ['test'],
        codes: { icd10cm: [], snomed: [], cpt: ['32550'], cvx: [], loinc: [], rxnorm: [] },
        names: ['aspira', 'pleurx', 'indwelling pleural catheter'],
        excludeNames: ['removal'],
      },
    ],
    drugClasses: [
      {
        id: 'antiretrovirals',
        title: 'Antiretrovirals',
        sources: ['test'],
        members: [{ name: 'zidovudine', rxnorm: '11413', synonyms: ['AZT', 'Retrovir'] }],
      },
    ],
  });
  const catheter = terminology.valueSets.get('catheter');
  const antiretrovirals = terminology.drugClasses.get('antiretrovirals');

  it('matches a brand by name as a whole word, and by code', () => {
    expect(catheter?.match([], ['Aspira drainage catheter placement'])).toEqual({
      by: 'name',
      name: 'aspira',
      text: 'Aspira drainage catheter placement',
    });
    expect(catheter?.match([{ system: SYSTEMS.cpt, code: '32550' }], [])?.by).toBe('code');
  });

  it('does not take "aspiration" for the Aspira catheter, nor "removal of PleurX" for a catheter in place', () => {
    expect(catheter?.match([], ['Thoracentesis, needle aspiration'])).toBeUndefined();
    expect(catheter?.match([], ['Removal of PleurX catheter'])).toBeUndefined();
  });

  it('matches a drug synonym as a whole word only', () => {
    expect(antiretrovirals?.matchAll([], ['azt 300 mg oral tablet'])).toHaveLength(1);
    expect(antiretrovirals?.matchAll([], ['aztreonam 1 g injection'])).toHaveLength(0);
  });
});
