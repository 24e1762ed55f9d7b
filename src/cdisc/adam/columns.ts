/**
 * The ADaM-style datasets' column specification (ADRS, ADTTE, ADTR and the time-point listing) and
 * their CSV text: one definition for `trialkit derive`'s files and the analysis view's downloads.
 */
import { writeCsv } from '../write-csv.ts';

/** The columns of each derived dataset, in order: the files `trialkit derive` writes and the analysis view offers. */
export const ADAM_COLUMNS = {
  adrs: [
    'USUBJID',
    'ARM',
    'PARAMCD',
    'PARAM',
    'AVALC',
    'AVAL',
    'ADT',
    'AVISIT',
    'ANL01FL',
    'ANL02FL',
    'DERIVATION',
  ],
  adtte: [
    'USUBJID',
    'ARM',
    'PARAMCD',
    'PARAM',
    'STARTDT',
    'ADT',
    'AVAL',
    'CNSR',
    'EVNTDESC',
    'CNSDTDSC',
    'SRCDOM',
    'SRCVAR',
    'DERIVATION',
  ],
  adtr: [
    'USUBJID',
    'ARM',
    'PARAMCD',
    'PARAM',
    'AVISIT',
    'ADT',
    'ADY',
    'AVAL',
    'BASE',
    'CHG',
    'PCHG',
    'NADIR',
    'CHGNAD',
    'PCHGNAD',
    'ABLFL',
    'ANL01FL',
  ],
  timepoints: [
    'USUBJID',
    'AVISIT',
    'ADT',
    'EVALUATOR',
    'SUMDIAM',
    'NADIR',
    'PCHG',
    'PCHGNAD',
    'TRGRESP',
    'NTRGRESP',
    'NEWLPROG',
    'OVRLRESP',
    'RECORDED',
    'DISAGREE',
    'DERIVATION',
  ],
} as const;

export type AdamFile = keyof typeof ADAM_COLUMNS;

/** One derived dataset as CSV text with its columns in order. */
export function adamCsv(name: AdamFile, rows: readonly object[]): string {
  return writeCsv([...ADAM_COLUMNS[name]], rows as Record<string, never>[]);
}
