import { describe, expect, it } from 'vitest';
import * as clinical from './index.ts';

describe('src/clinical public entry', () => {
  it('exports exactly the agreed values (other modules are written against this list)', () => {
    expect(Object.keys(clinical).sort()).toEqual(
      [
        'CHILD_PUGH_GRADES',
        'MOLAR_MASS',
        'addDays',
        'addMonths',
        'addYears',
        'ageInYears',
        'childPugh',
        'childPughClassOf',
        'cockcroftGault',
        'convertUnit',
        'correctedCalcium',
        'daysBetween',
        'isValidUcum',
        'parseIsoDate',
        'ulnMultiple',
      ].sort(),
    );
  });

  it('gives the molar masses of the criteria catalog (bilirubin, creatinine) and calcium', () => {
    expect(clinical.MOLAR_MASS).toEqual({ bilirubin: 584.66, creatinine: 113.12, calcium: 40.078 });
    expect(Object.isFrozen(clinical.MOLAR_MASS)).toBe(true);
  });
});
