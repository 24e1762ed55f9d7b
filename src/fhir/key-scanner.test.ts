import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScannedKeys, scanKeys } from './key-scanner.ts';

/** What JSON.parse says the four values are (the scanner must agree on valid JSON). */
function viaParse(text: string): ScannedKeys | null {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const ref = (x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? str((x as Record<string, unknown>).reference)
      : undefined;
  return {
    resourceType: str(r.resourceType),
    id: str(r.id),
    subjectReference: ref(r.subject),
    patientReference: ref(r.patient),
  };
}

function scan(text: string): ScannedKeys | null {
  const buf = Buffer.from(`garbage before\n${text}\ngarbage "after {`);
  const start = 'garbage before\n'.length;
  const result = scanKeys(buf, start, start + Buffer.byteLength(text));
  return (
    result && {
      resourceType: result.resourceType,
      id: result.id,
      subjectReference: result.subjectReference,
      patientReference: result.patientReference,
    }
  );
}

/** Spells a key with \uXXXX escapes, as a JSON writer may. */
function escapeKey(key: string): string {
  return `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

describe('key scanner', () => {
  it('reads the four values from a typical line', () => {
    expect(
      scan(
        '{"resourceType":"Observation","id":"o1","code":{"text":"x"},"subject":{"reference":"Patient/p1","display":"A"}}',
      ),
    ).toEqual({
      resourceType: 'Observation',
      id: 'o1',
      subjectReference: 'Patient/p1',
      patientReference: undefined,
    });
  });

  it('ignores the same keys inside nested values (contained resources, extensions)', () => {
    const text = JSON.stringify({
      resourceType: 'MedicationStatement',
      contained: [{ resourceType: 'Medication', id: 'm', subject: { reference: 'Patient/wrong' } }],
      extension: [{ url: 'x', valueReference: { reference: 'Patient/wrong2' } }],
      note: [{ text: '"subject":{"reference":"Patient/wrong3"}' }],
      subject: { reference: 'Patient/right', identifier: { value: 'reference' } },
      id: 'ms',
    });
    expect(scan(text)).toEqual(viaParse(text));
    expect(scan(text)?.subjectReference).toBe('Patient/right');
  });

  it('agrees with JSON.parse on duplicate keys (last wins), escapes and whitespace', () => {
    for (const text of [
      '{"subject":{"reference":"Patient/a"},"resourceType":"Condition","subject":{"reference":"Patient/b"}}',
      '{"subject":{"reference":"Patient/a"},"subject":5,"resourceType":"Condition"}',
      '{ "resourceType" : "Patient" , "id" : "p\\u0031\\"q" }',
      `{${escapeKey('resourceType')}:"Immunization",${escapeKey('patient')}:{${escapeKey('reference')}:"Patient/\\u00e9"}}`,
      '\t{"id":"x","resourceType":"Patient","id":"y"}  ',
      '{"subject":{"reference":"Patient/a","reference":null},"resourceType":"Observation"}',
      '{"subject":[{"reference":"Patient/a"}],"resourceType":"Observation","id":12}',
      '{}',
      '{"résumé":"ü","resourceType":"Patient","id":"ü-1"}',
    ]) {
      expect(scan(text), text).toEqual(viaParse(text));
    }
  });

  it('returns null for what is not a JSON object', () => {
    for (const text of ['[1,2]', '"Patient"', '42', '', '{"a":1', '{"a":1}}', '{"a" 1}'])
      expect(scan(text), text).toBeNull();
  });

  it('agrees with JSON.parse on any object built from the keys it reads and arbitrary JSON', () => {
    const key = fc.oneof(
      fc.constantFrom('resourceType', 'id', 'subject', 'patient', 'reference', 'meta', 'Subject'),
      fc.string(),
    );
    const value = fc.oneof(
      fc.jsonValue(),
      fc.string().map((s) => `Patient/${s}`),
      fc.dictionary(fc.constantFrom('reference', 'display', 'x'), fc.oneof(fc.string(), fc.jsonValue())),
    );
    const member = fc.record({
      key,
      value,
      escaped: fc.boolean(),
      space: fc.constantFrom('', ' ', '\t', ' \r '),
    });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 8 }), (members) => {
        const text = `{${members
          .map(
            ({ key, value, escaped, space }) =>
              `${space}${escaped ? escapeKey(key) : JSON.stringify(key)}${space}:${space}${JSON.stringify(value)}`,
          )
          .join(',')}}`;
        expect(scan(text)).toEqual(viaParse(text));
      }),
      { numRuns: 2000 },
    );
  });
});
