/**
 * Time-to-event records (ADTTE): PFS, OS and duration of response (RSD).
 *
 * `simple` follows admiral's `derive_param_tte()` with admiralonco's pre-defined sources
 * (`R/tte_sources.R`; ADTTE vignette): an event is the earliest event date (pd_event, then
 * death_event on a tie); without one the record is censored at the LATEST censoring date
 * (lasta_censor, rand_censor; for OS lastalive_censor, rand_censor). `AVAL = ADT − STARTDT + 1`
 * (`derive_vars_duration()`, add_one = TRUE).
 *
 * `fda-2018` follows the PFS censoring table of the FDA guidance "Clinical Trial Endpoints for the
 * Approval of Cancer Drugs and Biologics" (2018) as the protocol's SAP makes it operational:
 *   1. only assessments, PD and death before the first new anticancer therapy count; without an
 *      event before it → censored at the last adequate assessment before it;
 *   2. no baseline assessment, or no adequate post-baseline assessment → censored at randomization,
 *      unless death within two assessment intervals (≤ 2 × `assessmentIntervalDays` days) of it;
 *   3. PD or death more than two intervals after the last adequate assessment (≥ 2 missed scheduled
 *      assessments) → censored at that last adequate assessment;
 *   4. otherwise the earliest of PD and death is the event; without one → censored at the last
 *      adequate assessment.
 * "Adequate" = an evaluable assessment (not NE).
 *
 * Where the two differ (each listed in the record's derivation when it applies):
 *   - last assessment: admiralonco censors at the last assessment of any kind (LSTA, an NE too);
 *     FDA at the last ADEQUATE one;
 *   - new anticancer therapy: ignored by admiralonco's template (its PFSNACT example is a separate
 *     parameter); FDA censors before it;
 *   - missed assessments: admiralonco counts PD/death however late; FDA censors after ≥ 2 missed;
 *   - no baseline: admiralonco has no such rule; FDA censors at randomization.
 * OS is the same under both: death, else censored at the later of last known alive and randomization.
 */
import { daysBetween, durationDays } from './dates.ts';
import type { Assessment } from './prepare.ts';
import { describe } from './response.ts';
import type { AdtteParamcd, AdtteRecord, EndpointOptions, SubjectHistory } from './types.ts';

const TTE_PARAM: Record<AdtteParamcd, string> = {
  PFS: 'Progression Free Survival',
  OS: 'Overall Survival',
  RSD: 'Duration of Response',
};

interface Outcome {
  adt: string;
  cnsr: 0 | 1;
  evntdesc: string;
  cnsdtdsc: string | null;
  srcdom: 'ADRS' | 'ADSL';
  srcvar: string;
  why: string;
}

function record(subject: SubjectHistory, paramcd: AdtteParamcd, startdt: string, o: Outcome): AdtteRecord {
  const aval = durationDays(startdt, o.adt);
  return {
    USUBJID: subject.usubjid,
    PARAMCD: paramcd,
    PARAM: TTE_PARAM[paramcd],
    STARTDT: startdt,
    ADT: o.adt,
    AVAL: aval,
    CNSR: o.cnsr,
    EVNTDESC: o.evntdesc,
    CNSDTDSC: o.cnsdtdsc,
    SRCDOM: o.srcdom,
    SRCVAR: o.srcvar,
    derivation: `${o.why} ⇒ ${o.cnsr === 0 ? 'event' : 'censored'}; AVAL ${o.adt} − ${startdt} + 1 = ${aval} days`,
  };
}

const event = (adt: string, evntdesc: string, srcvar: string, why: string): Outcome => ({
  adt,
  cnsr: 0,
  evntdesc,
  cnsdtdsc: null,
  srcdom: 'ADRS',
  srcvar,
  why,
});

const censor = (
  adt: string,
  desc: string,
  srcdom: 'ADRS' | 'ADSL',
  srcvar: string,
  why: string,
): Outcome => ({
  adt,
  cnsr: 1,
  evntdesc: desc,
  cnsdtdsc: desc,
  srcdom,
  srcvar,
  why,
});

/** PD or death, whichever is first (PD on a tie, the order of admiralonco's event list). */
function firstEvent(pd: Assessment | undefined, deathDate: string | undefined): Outcome | undefined {
  const pdOut = pd && event(pd.date, 'Disease Progression', 'ADT', `first PD ${describe(pd)}`);
  const deathOut =
    deathDate !== undefined ? event(deathDate, 'Death', 'ADT', `death ${deathDate}`) : undefined;
  if (!pdOut) return deathOut;
  if (!deathOut) return pdOut;
  return deathOut.adt < pdOut.adt ? deathOut : pdOut;
}

/** admiralonco: PD / death event, else the latest of the censoring dates given (first listed wins ties). */
function simpleOutcome(
  start: { date: string; desc: string; srcvar: string } | undefined,
  pd: Assessment | undefined,
  deathDate: string | undefined,
  last: Assessment | undefined,
): Outcome {
  const ev = firstEvent(pd, deathDate);
  if (ev) return ev;
  const lasta =
    last &&
    censor(
      last.date,
      'Last Tumor Assessment',
      'ADRS',
      'ADT',
      `no PD, no death; last assessment ${describe(last)} ${last.response}`,
    );
  const origin =
    start &&
    censor(
      start.date,
      start.desc,
      'ADSL',
      start.srcvar,
      `no PD, no death, no assessment; ${start.desc.toLowerCase()} ${start.date}`,
    );
  if (lasta && (!origin || lasta.adt >= origin.adt)) return lasta;
  if (origin) return origin;
  // RSD has no origin censor, but a responder always has the response assessment itself.
  throw new Error('no censoring date: neither an assessment nor an origin');
}

/** FDA 2018 rules 1, 3, 4 from `origin` (randomization for PFS, first response for RSD). */
function fdaOutcome(
  subject: SubjectHistory,
  origin: { date: string; label: string; srcvar: string; srcdom: 'ADRS' | 'ADSL'; desc: string },
  anl01: readonly Assessment[],
  options: EndpointOptions,
): Outcome {
  const nact = subject.newAnticancerTherapyDate;
  // admiralonco's NACT example uses strict `ADT < NACTDT` / `PDDT < NACTDT`; the same here.
  const beforeNact = (date: string) => nact === undefined || date < nact;
  const limit = 2 * options.assessmentIntervalDays;
  const adequate = anl01.filter((a) => a.response !== 'NE' && a.date >= origin.date && beforeNact(a.date));
  const pd = anl01.find((a) => a.response === 'PD' && beforeNact(a.date));
  const death =
    subject.deathDate !== undefined && beforeNact(subject.deathDate) ? subject.deathDate : undefined;
  const ev = firstEvent(pd, death);
  const lateNote: string[] = [];
  if (nact !== undefined) {
    const laterPd = anl01.find((a) => a.response === 'PD' && !beforeNact(a.date));
    if (!pd && laterPd)
      lateNote.push(`PD ${laterPd.date} on/after new anticancer therapy ${nact} not counted`);
    if (subject.deathDate !== undefined && !death) {
      lateNote.push(`death ${subject.deathDate} on/after new anticancer therapy ${nact} not counted`);
    }
  }
  const lastAdequate = (before?: string) =>
    adequate.filter((a) => before === undefined || a.date < before).at(-1);
  const censorAt = (ref: Assessment | undefined, desc: string, why: string): Outcome =>
    ref
      ? censor(
          ref.date,
          desc,
          'ADRS',
          'ADT',
          `${why}; last adequate assessment ${describe(ref)} ${ref.response}`,
        )
      : censor(
          origin.date,
          origin.desc,
          origin.srcdom,
          origin.srcvar,
          `${why}; no adequate assessment, ${origin.label} ${origin.date}`,
        );

  if (ev) {
    const ref = lastAdequate(ev.adt);
    const refDate = ref?.date ?? origin.date;
    const gap = daysBetween(refDate, ev.adt);
    if (gap > limit) {
      return censorAt(
        ref,
        'Last Adequate Tumor Assessment before 2 or More Missed Assessments',
        `${ev.why} ${gap} days after ${ref ? 'the last adequate assessment' : origin.label} ` +
          `(> 2 × ${options.assessmentIntervalDays} = ${limit}: ≥ 2 missed assessments)`,
      );
    }
    return {
      ...ev,
      why: [
        ...lateNote,
        `${ev.why}, ${gap} days after ${ref ? `last adequate assessment ${ref.date}` : origin.label} (≤ ${limit})`,
      ].join('; '),
    };
  }
  const ref = lastAdequate();
  if (nact !== undefined) {
    return censorAt(
      ref,
      'Last Adequate Tumor Assessment before New Anticancer Therapy',
      [...lateNote, `no PD or death before new anticancer therapy ${nact}`].join('; '),
    );
  }
  return censorAt(ref, 'Last Adequate Tumor Assessment', 'no PD, no death');
}

export function derivePfs(
  subject: SubjectHistory,
  anl01: readonly Assessment[],
  options: EndpointOptions,
): AdtteRecord {
  const randdt = subject.randomizationDate;
  const pd = anl01.find((a) => a.response === 'PD');
  if (options.pfsRules === 'simple') {
    const o = simpleOutcome(
      { date: randdt, desc: 'Randomization', srcvar: 'RANDDT' },
      pd,
      subject.deathDate,
      anl01.at(-1),
    );
    return record(subject, 'PFS', randdt, o);
  }
  // FDA 2018 rule 2: no baseline or no adequate post-baseline assessment.
  const nact = subject.newAnticancerTherapyDate;
  const adequate = anl01.filter((a) => a.response !== 'NE' && (nact === undefined || a.date < nact));
  const noBaseline = subject.baselineAssessmentDate === null;
  if (noBaseline || adequate.length === 0) {
    const limit = 2 * options.assessmentIntervalDays;
    const reason = noBaseline ? 'no baseline tumor assessment' : 'no adequate post-baseline tumor assessment';
    const death = subject.deathDate;
    const deathCounts = death !== undefined && (nact === undefined || death < nact);
    const days = deathCounts ? daysBetween(randdt, death) : undefined;
    if (days !== undefined && days <= limit) {
      return record(subject, 'PFS', randdt, {
        ...event(
          death as string,
          'Death',
          'ADT',
          `${reason}; death ${death} ${days} days after randomization (≤ 2 × ${options.assessmentIntervalDays} = ${limit})`,
        ),
      });
    }
    const deathNote =
      days !== undefined
        ? `; death ${death} ${days} days after randomization (> ${limit})`
        : death
          ? `; death ${death} not counted (new anticancer therapy ${nact})`
          : '';
    return record(
      subject,
      'PFS',
      randdt,
      censor(randdt, 'Randomization', 'ADSL', 'RANDDT', `${reason}${deathNote}`),
    );
  }
  return record(
    subject,
    'PFS',
    randdt,
    fdaOutcome(
      subject,
      { date: randdt, label: 'randomization', srcvar: 'RANDDT', srcdom: 'ADSL', desc: 'Randomization' },
      anl01,
      options,
    ),
  );
}

export function deriveOs(subject: SubjectHistory): AdtteRecord {
  const randdt = subject.randomizationDate;
  if (subject.deathDate !== undefined) {
    return record(subject, 'OS', randdt, {
      ...event(subject.deathDate, 'Death', 'DTHDT', `death ${subject.deathDate}`),
      srcdom: 'ADSL',
    });
  }
  const alive = subject.lastKnownAliveDate;
  if (alive !== undefined && alive >= randdt) {
    return record(subject, 'OS', randdt, {
      adt: alive,
      cnsr: 1,
      evntdesc: 'Alive',
      cnsdtdsc: 'Alive During Study',
      srcdom: 'ADSL',
      srcvar: 'LSTALVDT',
      why: `no death; last known alive ${alive}`,
    });
  }
  return record(
    subject,
    'OS',
    randdt,
    censor(
      randdt,
      'Randomization',
      'ADSL',
      'RANDDT',
      `no death, no last-known-alive date after randomization; randomization ${randdt}`,
    ),
  );
}

/** Duration of response, only for responders: from the first (confirmed) response to PD or death. */
export function deriveDor(
  subject: SubjectHistory,
  anl01: readonly Assessment[],
  response: Assessment,
  options: EndpointOptions,
): AdtteRecord {
  const start = response.date;
  const pd = anl01.find((a) => a.response === 'PD');
  const kind = options.dorStart === 'confirmed-response' ? 'first confirmed response' : 'first response';
  const o =
    options.pfsRules === 'simple'
      ? // RSD in the admiralonco vignette: events pd_event, death_event; censor lasta_censor only.
        simpleOutcome(undefined, pd, subject.deathDate, anl01.at(-1))
      : fdaOutcome(
          subject,
          { date: start, label: kind, srcvar: 'ADT', srcdom: 'ADRS', desc: 'Response' },
          anl01,
          options,
        );
  const r = record(subject, 'RSD', start, o);
  return { ...r, derivation: `from ${kind} ${response.response} ${describe(response)}; ${r.derivation}` };
}
