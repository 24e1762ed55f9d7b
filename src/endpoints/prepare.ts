/**
 * Selection of the overall-response records the endpoints are derived from, as the admiralonco ADRS
 * vignette ("Creating ADRS (Including Non-standard Endpoints)", Pre-processing of Input Records) does:
 *
 * - ANL01FL: a valid response (`!is.na(AVAL)`, so a missing response or NED is dropped) on or after
 *   randomization (`ADT >= RANDDT`); with several assessments on one date only the worst is kept,
 *   ordered by the vignette's `worst_resp()`: NE < CR < PR < SD < NON-CR/NON-PD < PD (NE loses to any
 *   real response; among equals the later input record wins, like `mode = "last"` over RSSEQ).
 * - ANL02FL: assessments up to and including the first PD. `ovr` = ANL01FL and ANL02FL.
 */
import { dayNumber, daysBetween } from './dates.ts';
import {
  type EndpointIssue,
  type EndpointOptions,
  OVERALL_RESPONSES,
  type OverallResponse,
  type SubjectHistory,
} from './types.ts';

/** One assessment kept for analysis (ANL01FL = Y). */
export interface Assessment {
  date: string;
  /** Days since randomization (ADT − RANDDT). */
  day: number;
  visit?: string;
  response: OverallResponse;
}

export interface PreparedResponses {
  /** ANL01FL = Y, in date order, one per date. */
  anl01: Assessment[];
  /** `ovr`: ANL01FL records up to and including the first PD. */
  ovr: Assessment[];
  issues: EndpointIssue[];
}

/** Rank of the vignette's `worst_resp()`: higher is worse; NED (when kept) ranks below NE. */
const WORST_RANK: Record<OverallResponse, number> = {
  NED: 0,
  NE: 1,
  CR: 2,
  PR: 3,
  SD: 4,
  'NON-CR/NON-PD': 5,
  PD: 6,
};

export function prepareResponses(subject: SubjectHistory, options: EndpointOptions): PreparedResponses {
  const issues: EndpointIssue[] = [];
  const note = (code: EndpointIssue['code'], message: string, date?: string) =>
    issues.push({ usubjid: subject.usubjid, code, message, ...(date ? { date } : {}) });
  const nact = subject.newAnticancerTherapyDate;

  const byDate = new Map<string, Assessment>();
  for (const [i, r] of subject.responses.entries()) {
    const where = `responses[${i}]`;
    if (dayNumber(r.date) === undefined) {
      note('invalid-date', `${where}: date ${JSON.stringify(r.date)} is not an ISO YYYY-MM-DD date; dropped`);
      continue;
    }
    if (r.response === undefined || r.response === null) {
      note('missing-response', `${r.date}: no response recorded; dropped (admiralonco: AVAL is NA)`, r.date);
      continue;
    }
    if (!OVERALL_RESPONSES.includes(r.response)) {
      note(
        'invalid-response',
        `${r.date}: response ${JSON.stringify(r.response)} is not RECIST 1.1; dropped`,
        r.date,
      );
      continue;
    }
    if (r.response === 'NED' && !options.acceptNed) {
      note('ned-excluded', `${r.date}: NED dropped (admiralonco aval_resp() maps NED to NA)`, r.date);
      continue;
    }
    const day = daysBetween(subject.randomizationDate, r.date);
    if (day < 0) {
      note(
        'before-randomization',
        `${r.date}: ${r.response} before randomization; dropped (ADT < RANDDT)`,
        r.date,
      );
      continue;
    }
    if (options.excludeAfterNewTherapy && nact !== undefined && r.date >= nact) {
      note(
        'after-new-therapy',
        `${r.date}: ${r.response} on or after new anticancer therapy ${nact}; dropped (ADT >= NACTDT)`,
        r.date,
      );
      continue;
    }
    const candidate: Assessment = {
      date: r.date,
      day,
      response: r.response,
      ...(r.visit !== undefined ? { visit: r.visit } : {}),
    };
    const held = byDate.get(r.date);
    if (held === undefined) {
      byDate.set(r.date, candidate);
      continue;
    }
    const [kept, dropped] =
      WORST_RANK[candidate.response] >= WORST_RANK[held.response] ? [candidate, held] : [held, candidate];
    byDate.set(r.date, kept);
    note(
      'duplicate-date',
      `${r.date}: two assessments; kept ${kept.response}, dropped ${dropped.response} ` +
        '(admiralonco keeps the worst: PD > NON-CR/NON-PD > SD > PR > CR > NE)',
      r.date,
    );
  }

  const anl01 = [...byDate.values()].sort((a, b) => a.day - b.day);
  const firstPd = anl01.findIndex((a) => a.response === 'PD');
  const ovr = firstPd < 0 ? anl01 : anl01.slice(0, firstPd + 1);
  return { anl01, ovr, issues };
}
