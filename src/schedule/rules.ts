/**
 * The calendar's rules as the engine takes them: intervals and windows in days. src/protocol builds
 * them from protocol.yaml (`scheduleRulesOf`); the defaults of issue 15 are NCT05168163's.
 */
import type { VisitWindow } from '../contracts/index.ts';

export interface ScheduleRules {
  /** Cycle k ≥ 2 is planned this many days after the actual start of cycle k − 1 (its planned date if none). */
  cycleLengthDays: number;
  /** C1D1 is planned on the randomization date. */
  firstCycleWindow: VisitWindow;
  cycleWindow: VisitWindow;
  /** TA<j> is planned on randomization + j × this. */
  assessmentIntervalDays: number;
  assessmentWindow: VisitWindow;
  /** FU<j> is planned on the end of treatment + j × this. */
  followUpIntervalDays: number;
  followUpWindow: VisitWindow;
  /**
   * Follow-up visits are planned up to this many days after the end of treatment; tumor assessments
   * after the end of treatment too.
   */
  followUpDurationDays: number;
}
