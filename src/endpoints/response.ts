/**
 * Subject-level response parameters of ADRS, with the semantics of pharmaverse admiralonco's
 * pre-defined events (`R/response_sources.R`, "Pre-Defined Response Event Objects") as the ADRS
 * vignette combines them with `admiral::derive_extreme_event()`:
 *
 * - BOR  = first matching of bor_cr, bor_pr, bor_sd, bor_non_crpd, [bor_ned], bor_pd, bor_ne, no_data_missing
 * - CBOR = the same with cbor_cr / cbor_pr (confirmed) in place of bor_cr / bor_pr
 * - RSP  = rsp_y (first CR/PR); CB = earliest of rsp_y and cb_y; CRSP = earliest of crsp_y_cr, crsp_y_pr;
 *   CCB = earliest of crsp_y_cr, crsp_y_pr, cb_y (the vignette orders these by date, not by event)
 * - BCP / CBCP = BOR / CBOR is CR or PR; PD = first PD; DEATH from DTHDT; LSTA = last assessment.
 *
 * All but PD and LSTA work on `ovr` (assessments up to and including the first PD).
 */
import type { Assessment, PreparedResponses } from './prepare.ts';
import type { AdrsParamcd, AdrsRecord, EndpointIssue, EndpointOptions, SubjectHistory } from './types.ts';

/** admiralonco `aval_resp()`: CR 1, PR 2, SD 3, NON-CR/NON-PD 4, PD 5, NE 6, MISSING 7, otherwise NA. */
export function avalResp(avalc: string | null): number | null {
  const map: Record<string, number> = { CR: 1, PR: 2, SD: 3, 'NON-CR/NON-PD': 4, PD: 5, NE: 6, MISSING: 7 };
  return avalc !== null && avalc in map ? (map[avalc] as number) : null;
}

/** admiral `yn_to_numeric()`: Y 1, N 0. */
function ynToNumeric(avalc: 'Y' | 'N'): number {
  return avalc === 'Y' ? 1 : 0;
}

export const ADRS_PARAM: Record<AdrsParamcd, string> = {
  PD: 'Disease Progression',
  DEATH: 'Death',
  RSP: 'Response (confirmation not required)',
  CB: 'Clinical Benefit (confirmation for response not required)',
  BOR: 'Best Overall Response (confirmation not required)',
  BCP: 'Best Overall Response of CR/PR (confirmation not required)',
  CRSP: 'Confirmed Response',
  CCB: 'Confirmed Clinical Benefit',
  CBOR: 'Best Confirmed Overall Response',
  CBCP: 'Best Confirmed Overall Response of CR/PR',
  LSTA: 'Last Disease Assessment',
  MDIS: 'Measurable Disease at Baseline',
};

/** "2024-05-02 (week 18)": the visit when given, else whole weeks since randomization. */
export function describe(a: Assessment): string {
  return `${a.date} (${a.visit ?? `week ${Math.round(a.day / 7)}`})`;
}

export interface Confirmation {
  confirmed: boolean;
  /** The confirmatory assessment when confirmed. */
  by?: Assessment;
  /** Why it is or is not confirmed, in words. */
  why: string;
}

/**
 * admiralonco `cbor_cr` / `cbor_pr` (and `crsp_y_cr` / `crsp_y_pr`) for the CR or PR at `ovr[i]`:
 * the joined window runs from the next assessment to the first CR (for CR) or CR/PR (for PR) at least
 * `confirmMinDays` later (`first_cond_upper`, no +1); within it every assessment must be CR or NE
 * (CR) or CR, PR or NE (PR; one SD too with `acceptSd`), at most `maxNe` NE, and for PR no PR after a CR.
 * PD cannot occur inside the window: it is not an accepted value (and `ovr` ends at the first PD).
 */
export function confirmResponse(
  ovr: readonly Assessment[],
  i: number,
  options: EndpointOptions,
): Confirmation {
  const a = ovr[i] as Assessment;
  const isCr = a.response === 'CR';
  const confirmers = isCr ? ['CR'] : ['CR', 'PR'];
  const j = ovr.findIndex(
    (b, k) => k > i && confirmers.includes(b.response) && b.day - a.day >= options.confirmMinDays,
  );
  if (j < 0) {
    const next = ovr.slice(i + 1).find((b) => confirmers.includes(b.response));
    const gap = next ? `; next ${next.response} ${next.date} is ${next.day - a.day} days later` : '';
    return {
      confirmed: false,
      why: `${a.response} ${describe(a)} not confirmed: no ${confirmers.join('/')} ≥ ${options.confirmMinDays} days later${gap}`,
    };
  }
  const by = ovr[j] as Assessment;
  const window = ovr.slice(i + 1, j + 1);
  const allowed = isCr ? ['CR', 'NE'] : options.acceptSd ? ['CR', 'PR', 'SD', 'NE'] : ['CR', 'PR', 'NE'];
  const head = `${a.response} ${describe(a)}`;
  const intruder = window.find((b) => !allowed.includes(b.response));
  if (intruder) {
    return {
      confirmed: false,
      why: `${head} not confirmed: ${intruder.response} ${intruder.date} before the confirmation ${by.date}`,
    };
  }
  const nes = window.filter((b) => b.response === 'NE').length;
  if (nes > options.maxNe) {
    return {
      confirmed: false,
      why: `${head} not confirmed: ${nes} NE before the confirmation ${by.date} (at most ${options.maxNe})`,
    };
  }
  const sds = window.filter((b) => b.response === 'SD').length;
  if (sds > 1) {
    return { confirmed: false, why: `${head} not confirmed: ${sds} SD before the confirmation (at most 1)` };
  }
  if (!isCr) {
    const firstCr = window.find((b) => b.response === 'CR');
    const lastPr = window.findLast((b) => b.response === 'PR');
    if (firstCr && lastPr && firstCr.day <= lastPr.day) {
      return { confirmed: false, why: `${head} not confirmed: PR ${lastPr.date} after CR ${firstCr.date}` };
    }
  }
  const neNote = nes > 0 ? ` with ${nes} NE between` : '';
  return {
    confirmed: true,
    by,
    why: `${head} confirmed by ${by.response} ${by.date}, ${by.day - a.day} days later${neNote}`,
  };
}

interface Pick {
  avalc: string;
  at: Assessment | null;
  why: string;
}

/** The BOR / CBOR event cascade; `confirmed` swaps bor_cr/bor_pr for cbor_cr/cbor_pr. */
function bestResponse(ovr: readonly Assessment[], options: EndpointOptions, confirmed: boolean): Pick {
  const notes: string[] = [];
  const window = options.sdMinDays;
  const first = (ok: (a: Assessment) => boolean) => ovr.find(ok);

  for (const resp of ['CR', 'PR'] as const) {
    if (!confirmed) {
      const a = first((b) => b.response === resp);
      if (a) return { avalc: resp, at: a, why: `first ${resp} ${describe(a)} ⇒ ${resp}` };
      continue;
    }
    for (const [i, a] of ovr.entries()) {
      if (a.response !== resp) continue;
      const c = confirmResponse(ovr, i, options);
      if (c.confirmed) return { avalc: resp, at: a, why: [...notes, `${c.why} ⇒ ${resp}`].join('; ') };
      notes.push(c.why);
    }
  }
  const lead = notes.length > 0 ? `${notes.join('; ')}; ` : '';
  const sd = first((a) => ['CR', 'PR', 'SD'].includes(a.response) && a.day >= window);
  if (sd) {
    const as = sd.response === 'SD' ? '' : ` counted as SD`;
    return {
      avalc: 'SD',
      at: sd,
      why: `${lead}${sd.response} ${describe(sd)} on day ${sd.day} ≥ ${window}${as} ⇒ SD`,
    };
  }
  const non = first((a) => a.response === 'NON-CR/NON-PD' && a.day >= window);
  if (non) {
    return {
      avalc: 'NON-CR/NON-PD',
      at: non,
      why: `${lead}NON-CR/NON-PD ${describe(non)} on day ${non.day} ≥ ${window}`,
    };
  }
  if (options.acceptNed) {
    const ned = first((a) => a.response === 'NED' && a.day >= window);
    if (ned)
      return { avalc: 'NED', at: ned, why: `${lead}NED ${describe(ned)} on day ${ned.day} ≥ ${window}` };
  }
  const pd = first((a) => a.response === 'PD');
  if (pd) return { avalc: 'PD', at: pd, why: `${lead}PD ${describe(pd)} ⇒ PD` };
  // bor_ne: SD, NON-CR/NON-PD or NE (and, since admiralonco #253, an unconfirmed CR/PR) — here any
  // remaining assessment, all of which fall before the SD window or are NE.
  const ne = ovr[0];
  if (ne) {
    const early = ne.response === 'NE' ? '' : ` on day ${ne.day} < ${window}`;
    return { avalc: 'NE', at: ne, why: `${lead}${ne.response} ${describe(ne)}${early}, nothing better ⇒ NE` };
  }
  return { avalc: 'MISSING', at: null, why: 'no post-randomization assessment ⇒ MISSING' };
}

/** The earlier of two dated events; on a tie the first argument (the response) wins. */
function earliest(a: Assessment | undefined, b: Assessment | undefined): Assessment | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.day < a.day ? b : a;
}

/** cb_y: CR, PR, SD or NON-CR/NON-PD at least `sdMinDays` after randomization. */
function firstClinicalBenefit(ovr: readonly Assessment[], options: EndpointOptions): Assessment | undefined {
  return ovr.find(
    (a) => ['CR', 'PR', 'SD', 'NON-CR/NON-PD'].includes(a.response) && a.day >= options.sdMinDays,
  );
}

export function deriveResponseRecords(
  subject: SubjectHistory,
  prepared: PreparedResponses,
  options: EndpointOptions,
): {
  records: AdrsRecord[];
  issues: EndpointIssue[];
  firstResponse?: Assessment;
  firstConfirmed?: Assessment;
} {
  const { anl01, ovr } = prepared;
  const issues: EndpointIssue[] = [];
  const records: AdrsRecord[] = [];
  const push = (
    paramcd: AdrsParamcd,
    avalc: string | null,
    aval: number | null,
    at: Assessment | null,
    why: string,
  ) =>
    records.push({
      USUBJID: subject.usubjid,
      PARAMCD: paramcd,
      PARAM: ADRS_PARAM[paramcd],
      AVALC: avalc,
      AVAL: aval,
      ADT: at?.date ?? null,
      ...(at?.visit !== undefined ? { AVISIT: at.visit } : {}),
      derivation: why,
    });
  const yn = (paramcd: AdrsParamcd, at: Assessment | undefined, yes: string, no: string) =>
    push(paramcd, at ? 'Y' : 'N', ynToNumeric(at ? 'Y' : 'N'), at ?? null, at ? yes : no);

  // admiralonco signal_crpr(): CR followed by PR is a data issue it warns about and does not handle.
  const firstCr = ovr.find((a) => a.response === 'CR');
  const prAfterCr = firstCr && ovr.find((a) => a.response === 'PR' && a.day > firstCr.day);
  const crPrFlag =
    firstCr && prAfterCr ? ` [flag: CR ${firstCr.date} followed by PR ${prAfterCr.date} — data issue]` : '';
  if (firstCr && prAfterCr) {
    issues.push({
      usubjid: subject.usubjid,
      code: 'cr-followed-by-pr',
      date: prAfterCr.date,
      message:
        `CR ${firstCr.date} followed by PR ${prAfterCr.date}: a data issue admiralonco does not handle ` +
        '(it recommends correcting the source, e.g. PR → PD); derived as recorded',
    });
  }

  const pd = anl01.find((a) => a.response === 'PD');
  yn('PD', pd, pd ? `first PD ${describe(pd)}` : '', 'no PD among the assessments');

  // DEATH: from DTHDT (admiralonco ADRS vignette, Derive Death Parameter), regardless of assessments.
  records.push({
    USUBJID: subject.usubjid,
    PARAMCD: 'DEATH',
    PARAM: ADRS_PARAM.DEATH,
    AVALC: subject.deathDate ? 'Y' : 'N',
    AVAL: subject.deathDate ? 1 : 0,
    ADT: subject.deathDate ?? null,
    derivation: subject.deathDate ? `death ${subject.deathDate}` : 'no death date',
  });

  const rsp = ovr.find((a) => a.response === 'CR' || a.response === 'PR');
  yn('RSP', rsp, rsp ? `first ${rsp.response} ${describe(rsp)}` : '', 'no CR or PR up to first PD');

  const cb = firstClinicalBenefit(ovr, options);
  const cbAt = earliest(rsp, cb);
  const benefit = (a: Assessment) =>
    a === rsp
      ? `response ${a.response} ${describe(a)}`
      : `${a.response} ${describe(a)} on day ${a.day} ≥ ${options.sdMinDays}`;
  yn(
    'CB',
    cbAt,
    cbAt ? benefit(cbAt) : '',
    `no CR/PR, and no CR/PR/SD/NON-CR/NON-PD on or after day ${options.sdMinDays}, up to first PD`,
  );

  const bor = bestResponse(ovr, options, false);
  push('BOR', bor.avalc, avalResp(bor.avalc), bor.at, bor.why);
  const bcp = bor.avalc === 'CR' || bor.avalc === 'PR';
  push('BCP', bcp ? 'Y' : 'N', ynToNumeric(bcp ? 'Y' : 'N'), bcp ? bor.at : null, `BOR ${bor.avalc}`);

  // Confirmed responses: every CR/PR of ovr tried, the earliest confirmed one kept.
  const trials = ovr
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.response === 'CR' || a.response === 'PR')
    .map(({ a, i }) => ({ a, c: confirmResponse(ovr, i, options) }));
  const crsp = trials.find((t) => t.c.confirmed);
  const tried = trials.map((t) => t.c.why).join('; ');
  push(
    'CRSP',
    crsp ? 'Y' : 'N',
    ynToNumeric(crsp ? 'Y' : 'N'),
    crsp?.a ?? null,
    (crsp ? crsp.c.why : tried || 'no CR or PR up to first PD') + crPrFlag,
  );
  const ccbAt = earliest(crsp?.a, cb);
  yn(
    'CCB',
    ccbAt,
    ccbAt && ccbAt === crsp?.a ? `confirmed response: ${crsp.c.why}` : ccbAt ? benefit(ccbAt) : '',
    `no confirmed response, and no CR/PR/SD/NON-CR/NON-PD on or after day ${options.sdMinDays}, up to first PD`,
  );

  const cbor = bestResponse(ovr, options, true);
  push('CBOR', cbor.avalc, avalResp(cbor.avalc), cbor.at, cbor.why + crPrFlag);
  const cbcp = cbor.avalc === 'CR' || cbor.avalc === 'PR';
  push('CBCP', cbcp ? 'Y' : 'N', ynToNumeric(cbcp ? 'Y' : 'N'), cbcp ? cbor.at : null, `CBOR ${cbor.avalc}`);

  const last = anl01.at(-1);
  push(
    'LSTA',
    last?.response ?? null,
    last ? avalResp(last.response) : null,
    last ?? null,
    last ? `last assessment ${describe(last)}: ${last.response}` : 'no post-randomization assessment',
  );

  if (subject.measurableDiseaseAtBaseline !== undefined) {
    const m = subject.measurableDiseaseAtBaseline ? 'Y' : 'N';
    push('MDIS', m, ynToNumeric(m), null, `measurable disease at baseline: ${m} (as given)`);
  }

  return {
    records,
    issues,
    ...(rsp ? { firstResponse: rsp } : {}),
    ...(crsp ? { firstConfirmed: crsp.a } : {}),
  };
}
