/** Status badges: colour and words together, never colour alone (WCAG 1.4.1). */
import type { CriterionStatus, EligibilityState, SubjectStatus } from '../../contracts.ts';
import { OVERALL_LABEL, STATUS_LABEL, STATUS_SYMBOL } from '../../lib/checklist.ts';
import { SUBJECT_STATUS_LABEL } from '../../lib/subject-format.ts';

export function CriterionStatusBadge({ status }: { status: CriterionStatus }) {
  return (
    <span className={`badge status-${status}`}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]} </span>
      {STATUS_LABEL[status]}
    </span>
  );
}

const OVERALL_CLASS: Record<EligibilityState['overall'], string> = {
  eligible: 'status-met',
  ineligible: 'status-not_met',
  incomplete: 'status-unknown',
  not_screened: 'muted',
};

export function OverallBadge({ overall }: { overall: EligibilityState['overall'] }) {
  return <span className={`badge ${OVERALL_CLASS[overall]}`}>{OVERALL_LABEL[overall]}</span>;
}

const SUBJECT_CLASS: Record<SubjectStatus, string> = {
  screening: 'status-unknown',
  eligible: 'status-met',
  screen_failed: 'status-not_met',
  randomized: 'subject-randomized',
  withdrawn: 'muted',
};

export function SubjectStatusBadge({ status }: { status: SubjectStatus }) {
  return <span className={`badge ${SUBJECT_CLASS[status]}`}>{SUBJECT_STATUS_LABEL[status]}</span>;
}
