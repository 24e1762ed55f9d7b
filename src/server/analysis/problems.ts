/**
 * Data problems, listed beside whatever could be computed instead of failing the report: the readers'
 * problems, the derivation's, and the subjects that the comparisons by arm leave out.
 */

import type { StudyDerivation, StudyRead } from '../../cdisc/index.ts';
import type { AnalysisProblem } from '../../contracts/index.ts';

export type { AnalysisProblem };

/** The problems of reading and deriving the study, in that order, then the subjects without an arm. */
export function derivationProblems(study: StudyRead, derived: StudyDerivation): AnalysisProblem[] {
  const problems: AnalysisProblem[] = [];
  for (const { severity, message, ...where } of study.problems)
    problems.push({ stage: 'read', severity, message, ...where });
  // Derivation problems are lines that start with the subject's USUBJID (src/cdisc/adam/derive.ts).
  const subjectOf = (message: string) =>
    study.subjects.find((s) => message.startsWith(`${s.usubjid} `) || message.startsWith(`${s.usubjid}:`))
      ?.usubjid;
  for (const message of derived.problems) {
    const usubjid = subjectOf(message);
    problems.push({ stage: 'derive', severity: 'warning', message, ...(usubjid ? { usubjid } : {}) });
  }
  const withoutArm = new Set(derived.adtte.filter((r) => r.ARM === null).map((r) => r.USUBJID));
  for (const usubjid of withoutArm)
    problems.push({
      stage: 'analysis',
      severity: 'warning',
      usubjid,
      message: `${usubjid}: no ARM in ADSL; left out of the comparisons by arm`,
    });
  return problems;
}
