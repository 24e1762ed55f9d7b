/**
 * Overall time-point response (RECIST 1.1 §4.4.1): Table 1 for subjects with target lesions (with or
 * without non-targets), Table 2 for non-target disease only, and NED when there was no disease at
 * baseline. An equivocal new lesion counts as "no new lesion" here (§4.3.5).
 */
import type { NewLesionStatus, NonTargetResponse, OverallResponse, TargetResponse } from './types.ts';

export interface OverallOutcome {
  response: OverallResponse;
  derivation: string;
}

const newText = (n: NewLesionStatus) =>
  n === 'unequivocal' ? 'new lesions' : n === 'equivocal' ? 'equivocal new lesion only' : 'no new lesions';

export function overallResponse(
  target: TargetResponse,
  nonTarget: NonTargetResponse,
  newLesions: NewLesionStatus,
): OverallOutcome {
  const hasNew = newLesions === 'unequivocal';
  if (target === 'NA' && nonTarget === 'NA') {
    const response: OverallResponse = hasNew ? 'PD' : 'NED';
    return { response, derivation: `no disease at baseline, ${newText(newLesions)} ⇒ ${response}` };
  }
  if (target === 'NA') return table2(nonTarget, newLesions);
  return table1(target, nonTarget, newLesions);
}

/** Table 1: target lesions ± non-target lesions. No non-targets at baseline reads as non-target CR. */
function table1(
  target: TargetResponse,
  nonTarget: NonTargetResponse,
  newLesions: NewLesionStatus,
): OverallOutcome {
  const nt = nonTarget === 'NA' ? 'CR' : nonTarget;
  const ntText = nonTarget === 'NA' ? 'no non-targets (as CR)' : `non-target ${nonTarget}`;
  const row = (n: number, response: OverallResponse) => ({
    response,
    derivation: `Table 1 row ${n}: target ${target}, ${ntText}, ${newText(newLesions)} ⇒ ${response}`,
  });
  // Rows 7–9: any PD component makes the time point PD.
  if (target === 'PD') return row(7, 'PD');
  if (nt === 'PD') return row(8, 'PD');
  if (newLesions === 'unequivocal') return row(9, 'PD');
  switch (target) {
    case 'CR':
      if (nt === 'CR') return row(1, 'CR');
      if (nt === 'NON-CR/NON-PD') return row(2, 'PR');
      return row(3, 'PR'); // non-target not evaluated
    case 'PR':
      return row(4, 'PR');
    case 'SD':
      return row(5, 'SD');
    default:
      return row(6, 'NE'); // target not all evaluated, non-target non-PD
  }
}

/** Table 2: non-target disease only. */
function table2(nonTarget: NonTargetResponse, newLesions: NewLesionStatus): OverallOutcome {
  const row = (n: number, response: OverallResponse) => ({
    response,
    derivation: `Table 2 row ${n}: non-target ${nonTarget}, ${newText(newLesions)} ⇒ ${response}`,
  });
  if (nonTarget === 'PD') return row(4, 'PD');
  if (newLesions === 'unequivocal') return row(5, 'PD');
  if (nonTarget === 'CR') return row(1, 'CR');
  if (nonTarget === 'NON-CR/NON-PD') return row(2, 'NON-CR/NON-PD');
  return row(3, 'NE');
}
