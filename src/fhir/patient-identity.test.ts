import { describe, expect, it } from 'vitest';
import { sourcePatients } from './index.ts';

const patient = (fields: Record<string, unknown>) => ({ resourceType: 'Patient', id: 'p1', ...fields });

describe('sourcePatients', () => {
  it('reads birth date, sex, identifiers, and only from Patient resources', () => {
    const [p, ...rest] = sourcePatients([
      patient({
        birthDate: '1958-09-03',
        gender: 'male',
        identifier: [
          { system: 'urn:example:mrn', value: ' MRN-1 ' },
          { value: 'no-system' },
          { system: 'urn:empty', value: '' },
        ],
      }),
      { resourceType: 'Observation', id: 'o1' },
    ]);
    expect(rest).toEqual([]);
    expect(p).toEqual({
      patientId: 'p1',
      birthDate: '1958-09-03',
      sex: 'male',
      initials: [],
      identifiers: [
        { system: 'urn:example:mrn', value: 'MRN-1' },
        { system: '', value: 'no-system' },
      ],
    });
  });

  it.each([
    [{ given: ['Arne'], family: 'Lindqvist' }, ['AL']],
    [{ given: ['Arne', 'Bo'], family: 'Lindqvist' }, ['AL', 'ABL']],
    [{ given: ['Jean-Luc'], family: 'Picard' }, ['JP', 'JLP']],
    [{ given: ['Éva'], family: 'Øvergård' }, ['EO']],
    [{ given: ['Cher'] }, ['C']],
    [{ family: 'Nakamura' }, ['N']],
    [{ text: 'Arne B. Lindqvist' }, ['AL', 'ABL']],
    [{ text: 'Madonna' }, ['M']],
    [{}, []],
  ])('the initials of %j are %j', (name, initials) => {
    expect(sourcePatients([patient({ name: [name] })])[0]?.initials).toEqual(initials);
  });

  it('takes the initials of every recorded name (maiden, usual) together', () => {
    const [p] = sourcePatients([
      patient({
        name: [
          { use: 'official', given: ['Giulia'], family: 'Marchetti' },
          { use: 'maiden', given: ['Giulia'], family: 'Rossi' },
        ],
      }),
    ]);
    expect(p?.initials).toEqual(['GM', 'GR']);
  });

  it('keeps a partial birth date as written, drops malformed ones and unknown genders', () => {
    const read = (birthDate: unknown, gender: unknown) => sourcePatients([patient({ birthDate, gender })])[0];
    expect(read('1958', 'female')).toMatchObject({ birthDate: '1958', sex: 'female' });
    expect(read('1958-09', 'other')).toMatchObject({ birthDate: '1958-09', sex: 'other' });
    expect(read('03/09/1958', 'M')).toMatchObject({ birthDate: null, sex: null });
    expect(read(19580903, undefined)).toMatchObject({ birthDate: null, sex: null });
  });
});
