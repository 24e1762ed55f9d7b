import { describe, expect, it } from 'vitest';
import { allOf, anyOf, negate, outcome } from './status.ts';

const met = outcome('met', 'a met', ['R/a']);
const notMet = outcome('not_met', 'b not met', ['R/b']);
const unknown = outcome('unknown', 'no albumin result recorded', ['R/c']);
const review = outcome('needs_review', 'confirm d', ['R/d']);

describe('allOf', () => {
  it('is met only when every part is met, listing every reason and all evidence', () => {
    expect(allOf([met, outcome('met', 'e met', ['R/e'])])).toEqual(
      outcome('met', 'a met; e met', ['R/a', 'R/e']),
    );
  });

  it('any not_met decides, whatever else is open', () => {
    expect(allOf([met, unknown, notMet, review])).toEqual(outcome('not_met', 'b not met', ['R/b']));
  });

  it('missing data outranks a pending confirmation, and the reason lists both', () => {
    expect(allOf([met, review, unknown])).toEqual(
      outcome('unknown', 'confirm d; no albumin result recorded', ['R/d', 'R/c']),
    );
    expect(allOf([met, review]).status).toBe('needs_review');
  });

  it('says the same missing result once when two parts lack it', () => {
    expect(allOf([unknown, outcome('unknown', 'no albumin result recorded')]).reason).toBe(
      'no albumin result recorded',
    );
  });
});

describe('anyOf', () => {
  it('any met decides', () => {
    expect(anyOf([notMet, unknown, met])).toEqual(outcome('met', 'a met', ['R/a']));
  });

  it('otherwise needs_review, then unknown, then not_met, listing every alternative', () => {
    expect(anyOf([notMet, unknown, review]).status).toBe('needs_review');
    expect(anyOf([notMet, unknown]).status).toBe('unknown');
    expect(anyOf([notMet, outcome('not_met', 'f not met')])).toEqual(
      outcome('not_met', 'b not met; f not met', ['R/b']),
    );
  });
});

describe('negate', () => {
  it('swaps met and not_met and keeps open results open', () => {
    expect(negate(met).status).toBe('not_met');
    expect(negate(notMet).status).toBe('met');
    expect(negate(unknown).status).toBe('unknown');
    expect(negate(review).status).toBe('needs_review');
    expect(negate(met).reason).toBe('a met');
  });
});
