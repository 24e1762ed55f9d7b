import { describe, expect, it } from 'vitest';
import type { SourcePatient } from '../../fhir/index.ts';
import { IdentityKeys, identityMismatches } from './identity.ts';

const subject = { initials: 'AL', birthDate: '1958-09-03', sex: 'male' };
const file = (fields: Partial<SourcePatient>): SourcePatient => ({
  patientId: 'p',
  birthDate: '1958-09-03',
  sex: 'male',
  initials: ['AL'],
  identifiers: [],
  ...fields,
});

describe('identityMismatches', () => {
  it('finds none when the file agrees', () => {
    expect(identityMismatches(subject, file({}))).toEqual([]);
    expect(identityMismatches(subject, file({ initials: ['AL', 'ABL'] }))).toEqual([]);
    expect(identityMismatches({ ...subject, initials: 'abl' }, file({ initials: ['AL', 'ABL'] }))).toEqual(
      [],
    );
  });

  it('names each field that differs, with both values', () => {
    expect(
      identityMismatches(subject, file({ birthDate: '1961-02-17', sex: 'female', initials: ['CO'] })),
    ).toEqual([
      { field: 'birthDate', subject: '1958-09-03', document: '1961-02-17' },
      { field: 'sex', subject: 'male', document: 'female' },
      { field: 'initials', subject: 'AL', document: 'CO' },
    ]);
  });

  it('compares a birth date one day apart as different (no tolerance)', () => {
    expect(identityMismatches(subject, file({ birthDate: '1958-09-04' }))).toHaveLength(1);
    expect(identityMismatches(subject, file({ birthDate: '1958-09-02' }))).toHaveLength(1);
  });

  it('compares a partial birth date as far as it goes', () => {
    expect(identityMismatches(subject, file({ birthDate: '1958' }))).toEqual([]);
    expect(identityMismatches(subject, file({ birthDate: '1958-09' }))).toEqual([]);
    expect(identityMismatches(subject, file({ birthDate: '1959' }))).toEqual([
      { field: 'birthDate', subject: '1958-09-03', document: '1959' },
    ]);
  });

  it('treats what the file does not state as no contradiction', () => {
    expect(identityMismatches(subject, file({ birthDate: null, sex: null, initials: [] }))).toEqual([]);
    expect(identityMismatches(subject, file({ sex: 'unknown' }))).toEqual([]);
    expect(identityMismatches({ ...subject, sex: 'unknown' }, file({ sex: 'female' }))).toEqual([]);
  });
});

describe('IdentityKeys', () => {
  const keys = new IdentityKeys(Buffer.alloc(32, 1));

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new IdentityKeys(Buffer.alloc(31))).toThrow(/31 bytes; at least 32/);
  });

  it('hashes with the key: another key, another hash; the same facts, the same hash', () => {
    const other = new IdentityKeys(Buffer.alloc(32, 2));
    expect(keys.identifier('urn:mrn', 'A1')).toBe(keys.identifier('urn:mrn', ' A1 '));
    expect(keys.identifier('urn:mrn', 'A1')).not.toBe(other.identifier('urn:mrn', 'A1'));
    expect(keys.demographics(subject)).toBe(keys.demographics({ ...subject, initials: 'al' }));
    expect(keys.fingerprint()).not.toBe(other.fingerprint());
  });

  it('keeps system and value apart, and identifiers apart from demographics', () => {
    expect(keys.identifier('urn:a', 'bc')).not.toBe(keys.identifier('urn:ab', 'c'));
    expect(keys.identifier('urn:mrn', 'A1')).not.toBe(keys.identifier('urn:other', 'A1'));
    expect(keys.identifier('urn:mrn', 'a1')).not.toBe(keys.identifier('urn:mrn', 'A1'));
  });
});
