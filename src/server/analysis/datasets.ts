/** The derived ADaM datasets as the CSV texts `trialkit derive` writes, offered for download. */

import { adamCsv, type StudyDerivation } from '../../cdisc/index.ts';
import type { DataFile } from '../../contracts/index.ts';

export type { DataFile };

export function adamDatasets(derived: StudyDerivation): DataFile[] {
  return [
    { name: 'adtte', csv: adamCsv('adtte', derived.adtte) },
    { name: 'adrs', csv: adamCsv('adrs', derived.adrs) },
    { name: 'adtr', csv: adamCsv('adtr', derived.adtr) },
    { name: 'timepoints', csv: adamCsv('timepoints', derived.timepoints) },
  ];
}
