/**
 * Non-target lesion response at one time point (RECIST 1.1 §4.3.3, §4.3.4) and new lesions (§4.3.5).
 * Tumour markers (needed for a non-target CR in §4.3.3) are not modelled: CR here means every
 * non-target lesion gone and every non-target node < 10 mm short axis.
 */
import { PATHOLOGICAL_NODE, readDiameter } from './measure.ts';
import type {
  Lesion,
  Measurement,
  NewLesionFinding,
  NewLesionResult,
  NonTargetResult,
  Problem,
} from './types.ts';

type Reading = 'absent' | 'present' | 'progression' | 'not assessed';

function readNonTarget(
  lesion: Lesion,
  m: Measurement | undefined,
  date: string,
  problems: Problem[],
): Reading {
  if (!m) return 'not assessed';
  switch (m.state) {
    case 'UNEQUIVOCAL PROGRESSION':
      return 'progression';
    case 'NOT EVALUABLE':
    case 'NOT ASSESSED':
      return 'not assessed';
    case 'ABSENT':
      return 'absent';
  }
  const d = readDiameter(m);
  if (!d.ok) problems.push({ date, lesionId: lesion.id, message: d.message });
  const h = d.ok ? d.h : null;
  if (lesion.nodal) {
    // §4.3.3: a node is normal again below 10 mm short axis.
    if (h !== null) return h < PATHOLOGICAL_NODE ? 'absent' : 'present';
    if (m.state === undefined) {
      problems.push({
        date,
        lesionId: lesion.id,
        message: `nodal lesion ${lesion.id} without a short axis or state`,
      });
      return 'not assessed';
    }
    return 'present';
  }
  if (m.state === undefined) {
    if (h === null) {
      problems.push({ date, lesionId: lesion.id, message: `non-target lesion ${lesion.id} without a state` });
      return 'not assessed';
    }
    return h === 0 ? 'absent' : 'present';
  }
  return 'present'; // PRESENT, TOO SMALL TO MEASURE, EQUIVOCAL (a change that is not unequivocal)
}

export function assessNonTargets(
  date: string,
  nonTargets: readonly Lesion[],
  byId: ReadonlyMap<string, Measurement>,
  afterOverallCr: boolean,
): { result: NonTargetResult; problems: Problem[] } {
  const problems: Problem[] = [];
  if (nonTargets.length === 0) {
    return { result: { response: 'NA', derivation: 'no non-target lesions at baseline' }, problems };
  }
  const readings = nonTargets.map((l) => ({ id: l.id, r: readNonTarget(l, byId.get(l.id), date, problems) }));
  const ids = (r: Reading) => readings.filter((x) => x.r === r).map((x) => x.id);
  const [gone, present, progressing, unassessed] = [
    ids('absent'),
    ids('present'),
    ids('progression'),
    ids('not assessed'),
  ];
  const parts = [
    gone.length ? `absent ${gone.join(', ')}` : '',
    present.length ? `present ${present.join(', ')}` : '',
    progressing.length ? `unequivocal progression ${progressing.join(', ')}` : '',
    unassessed.length ? `not assessed ${unassessed.join(', ')}` : '',
  ].filter(Boolean);
  const seen = parts.join('; ');
  const result = (response: NonTargetResult['response'], why: string) => ({
    result: { response, derivation: `${seen} ⇒ ${response} (${why})` },
    problems,
  });
  if (progressing.length > 0)
    return result('PD', '§4.3.3: unequivocal progression of existing non-target lesions');
  if (afterOverallCr && present.length > 0) {
    return result('PD', 'reappeared after CR (RECIST FAQ: reappearance after CR is PD)');
  }
  if (unassessed.length > 0) return result('NE', '§4.4.2: not all non-target lesions assessed');
  if (present.length > 0)
    return result('NON-CR/NON-PD', '§4.3.3: persistence of one or more non-target lesions');
  return result('CR', '§4.3.3: every non-target lesion gone, nodes < 10 mm');
}

/**
 * §4.3.5: an unequivocal new lesion is PD; an equivocal one is not (yet): if a later scan confirms
 * it, PD dates from the scan where it was first seen. Measurements of lesions of kind `new` count as
 * new-lesion findings too (ABSENT: none; EQUIVOCAL: equivocal; anything else: unequivocal).
 */
export function assessNewLesions(
  date: string,
  findings: readonly NewLesionFinding[],
  newLesionMeasurements: readonly Measurement[],
  baselineIds: ReadonlySet<string>,
): { result: NewLesionResult; problems: Problem[] } {
  const problems: Problem[] = [];
  const all: NewLesionFinding[] = [...findings];
  for (const m of newLesionMeasurements) {
    if (m.state === 'ABSENT' || m.state === 'NOT EVALUABLE' || m.state === 'NOT ASSESSED') continue;
    if (all.some((f) => f.id === m.lesionId)) continue;
    all.push({ id: m.lesionId, equivocal: m.state === 'EQUIVOCAL' });
  }
  for (const f of all) {
    if (baselineIds.has(f.id)) {
      problems.push({ date, lesionId: f.id, message: `new lesion ${f.id} has the id of a baseline lesion` });
    }
  }
  const unequivocalIds = all.filter((f) => !f.equivocal).map((f) => f.id);
  const equivocalIds = all.filter((f) => f.equivocal).map((f) => f.id);
  let derivation: string;
  if (unequivocalIds.length > 0) {
    derivation = `unequivocal new lesion ${unequivocalIds.join(', ')} ⇒ PD (§4.3.5)`;
    if (equivocalIds.length) derivation += `; equivocal ${equivocalIds.join(', ')}`;
  } else if (equivocalIds.length > 0) {
    derivation = `equivocal new lesion ${equivocalIds.join(', ')}: not PD; if confirmed later, PD dates from ${date} (§4.3.5)`;
  } else {
    derivation = 'no new lesions';
  }
  const status = unequivocalIds.length ? 'unequivocal' : equivocalIds.length ? 'equivocal' : 'none';
  return { result: { status, unequivocalIds, equivocalIds, derivation }, problems };
}
