/**
 * Writes examples/cdisc/{tu,tr,rs,adsl}.csv: six simulated (not real) NCT05168163 subjects in the two
 * arms, RECIST 1.1 tumor assessments every 9 weeks, laid out as pharmaversesdtm's tu_onco / tr_onco /
 * rs_onco lay SDTM out (TULNKID = TRLNKID, TRTESTCD LDIAM / LPERP / TUMSTATE, nodes with TULOC
 * "LYMPH NODE" and their short axis in LPERP). Seeded: the output never changes.
 *
 * The histories, by the investigator's measurements (sum of diameters: LDIAM, LPERP for nodes):
 *   -0001 arm A  confirmed PR: 60 → 40 (−33 %) → 33 → 31 → 30 mm
 *   -0002 arm B  SD: 76 → 70 → 71 → 75 mm; the week-27 scan and response are dated "YYYY-MM" (partial)
 *   -0003 arm A  PD by new lesion: liver lesion equivocal at week 9, unequivocal at week 18
 *   -0004 arm B  PD by target growth: 46 → 41 (nadir) → 51 mm (+24 %, +10 mm) at week 18
 *   -0005 arm B  death without progression: SD at week 9, died on day 101
 *   -0006 arm A  recorded response disagrees: RS says PR at week 9, the sums give SD (70 → 56, −20 %)
 * An independent reader (INDEPENDENT ASSESSOR / RADIOLOGIST 1, accepted) re-measures every lesion
 * within ±5 %, for evaluator selection. RS holds the investigator's OVRLRESP only.
 *
 *   npx tsx scripts/make-example-cdisc.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { prng } from '../bench/population/basics.ts';
import { writeCsv } from '../src/cdisc/write-csv.ts';
import { addDays } from '../src/clinical/dates.ts';

const random = prng(5168163);
const jitterDays = () => Math.floor(random() * 7) - 3;
const STUDYID = 'NCT05168163';
const CUTOFF = '2024-03-31';
const ARMS = {
  A: 'Arm A (atezolizumab, cabozantinib or lenvatinib)',
  B: 'Arm B (cabozantinib or lenvatinib)',
} as const;

interface LesionSpec {
  id: string;
  kind: 'TARGET' | 'NON-TARGET';
  loc: string;
  /** Target: the RECIST diameter per visit (short axis for nodes), screening first. Non-target: state. */
  values: (number | string)[];
}

interface SubjectSpec {
  arm: keyof typeof ARMS;
  lesions: LesionSpec[];
  /** New lesions: id, location, first follow-up index (1 = week 9), state per follow-up from then on. */
  newLesions?: { id: string; loc: string; from: number; states: string[] }[];
  /** Investigator's recorded overall response per follow-up. */
  responses: string[];
  /** Follow-up index whose scan and response dates are recorded as year-month only. */
  partialAt?: number;
  deathDay?: number;
  nactAfterLast?: boolean;
}

const SUBJECTS: SubjectSpec[] = [
  {
    arm: 'A',
    lesions: [
      { id: 'T01', kind: 'TARGET', loc: 'LIVER', values: [42, 28, 24, 23, 22] },
      { id: 'T02', kind: 'TARGET', loc: 'LYMPH NODE', values: [18, 12, 9, 8, 8] },
      {
        id: 'NT01',
        kind: 'NON-TARGET',
        loc: 'LUNG',
        values: ['PRESENT', 'PRESENT', 'PRESENT', 'PRESENT', 'PRESENT'],
      },
    ],
    responses: ['PR', 'PR', 'PR', 'PR'],
  },
  {
    arm: 'B',
    lesions: [
      { id: 'T01', kind: 'TARGET', loc: 'LIVER', values: [55, 50, 52, 54] },
      { id: 'T02', kind: 'TARGET', loc: 'PERITONEUM', values: [21, 20, 19, 21] },
      {
        id: 'NT01',
        kind: 'NON-TARGET',
        loc: 'PORTAL VEIN',
        values: ['PRESENT', 'PRESENT', 'PRESENT', 'PRESENT'],
      },
    ],
    responses: ['SD', 'SD', 'SD'],
    partialAt: 3,
  },
  {
    arm: 'A',
    lesions: [
      { id: 'T01', kind: 'TARGET', loc: 'LIVER', values: [38, 36, 35] },
      { id: 'T02', kind: 'TARGET', loc: 'LUNG', values: [15, 15, 14] },
      { id: 'NT01', kind: 'NON-TARGET', loc: 'BONE', values: ['PRESENT', 'PRESENT', 'PRESENT'] },
    ],
    newLesions: [{ id: 'NEW01', loc: 'LIVER', from: 1, states: ['EQUIVOCAL', 'UNEQUIVOCAL'] }],
    responses: ['SD', 'PD'],
    nactAfterLast: true,
  },
  {
    arm: 'B',
    lesions: [
      { id: 'T01', kind: 'TARGET', loc: 'LIVER', values: [30, 27, 34] },
      { id: 'T02', kind: 'TARGET', loc: 'LYMPH NODE', values: [16, 14, 17] },
    ],
    responses: ['SD', 'PD'],
    nactAfterLast: true,
  },
  {
    arm: 'B',
    lesions: [
      { id: 'T01', kind: 'TARGET', loc: 'LIVER', values: [64, 60] },
      { id: 'NT01', kind: 'NON-TARGET', loc: 'LYMPH NODE', values: ['PRESENT', 'PRESENT'] },
    ],
    responses: ['SD'],
    deathDay: 101,
  },
  {
    arm: 'A',
    lesions: [
      { id: 'T01', kind: 'TARGET', loc: 'LIVER', values: [50, 40, 38, 36] },
      { id: 'T02', kind: 'TARGET', loc: 'ADRENAL GLAND', values: [20, 16, 15, 14] },
    ],
    responses: ['PR', 'SD', 'SD'],
  },
];

const VISITS = ['SCREENING', 'WEEK 9', 'WEEK 18', 'WEEK 27', 'WEEK 36'];
const READERS = [
  { eval: 'INVESTIGATOR', evalId: null, accepted: null, spread: 0 },
  { eval: 'INDEPENDENT ASSESSOR', evalId: 'RADIOLOGIST 1', accepted: 'Y', spread: 0.05 },
] as const;

type Row = Record<string, string | number | null>;
const tu: Row[] = [];
const tr: Row[] = [];
const rs: Row[] = [];
const adsl: Row[] = [];
const round1 = (x: number) => Math.round(x * 10) / 10;

SUBJECTS.forEach((spec, index) => {
  const usubjid = `${STUDYID}-${String(index + 1).padStart(4, '0')}`;
  const randdt = addDays('2023-02-06', 17 * index);
  const trtsdt = addDays(randdt, 3);
  const visitCount = Math.max(...spec.lesions.map((l) => l.values.length));
  const scanDates = VISITS.slice(0, visitCount).map((_, k) =>
    k === 0 ? addDays(randdt, -10 + jitterDays()) : addDays(trtsdt, 63 * k + jitterDays()),
  );
  const dtc = (k: number) => {
    const date = scanDates[k] as string;
    return spec.partialAt === k ? date.slice(0, 7) : date;
  };
  let tuseq = 0;
  let trseq = 0;
  for (const reader of READERS) {
    const common = { STUDYID, USUBJID: usubjid };
    const evaluator = { EVAL: reader.eval, EVALID: reader.evalId, ACPTFL: reader.accepted };
    const identify = (id: string, kind: string, loc: string, k: number) =>
      tu.push({
        ...common,
        DOMAIN: 'TU',
        TUSEQ: ++tuseq,
        TULNKID: id,
        TUTESTCD: 'TUMIDENT',
        TUTEST: 'Tumor Identification',
        TUORRES: kind,
        TUSTRESC: kind,
        TULOC: loc,
        TUMETHOD: 'CT SCAN',
        TUEVAL: evaluator.EVAL,
        TUEVALID: evaluator.EVALID,
        TUACPTFL: evaluator.ACPTFL,
        VISITNUM: k + 1,
        VISIT: VISITS[k] ?? null,
        TUDTC: dtc(k),
      });
    const result = (group: string, id: string, test: string, value: number | string, k: number) => {
      const numeric = typeof value === 'number';
      const text = numeric ? String(value) : value;
      tr.push({
        ...common,
        DOMAIN: 'TR',
        TRSEQ: ++trseq,
        TRGRPID: group,
        TRLNKID: id,
        TRTESTCD: test,
        TRTEST:
          { LDIAM: 'Longest Diameter', LPERP: 'Longest Perpendicular', TUMSTATE: 'Tumor State' }[test] ??
          test,
        TRORRES: text,
        TRORRESU: numeric ? 'mm' : null,
        TRSTRESC: text,
        TRSTRESN: numeric ? value : null,
        TRSTRESU: numeric ? 'mm' : null,
        TRMETHOD: 'CT SCAN',
        TREVAL: evaluator.EVAL,
        TREVALID: evaluator.EVALID,
        TRACPTFL: evaluator.ACPTFL,
        VISITNUM: k + 1,
        VISIT: VISITS[k] ?? null,
        TRDTC: dtc(k),
      });
    };
    const reread = (mm: number) => round1(mm * (1 + reader.spread * (2 * random() - 1)));

    for (const lesion of spec.lesions) identify(lesion.id, lesion.kind, lesion.loc, 0);
    for (const lesion of spec.newLesions ?? []) identify(lesion.id, 'NEW', lesion.loc, lesion.from);
    for (let k = 0; k < visitCount; k++) {
      for (const lesion of spec.lesions) {
        const value = lesion.values[k];
        if (value === undefined) continue;
        if (typeof value === 'string') {
          result('NON-TARGET', lesion.id, 'TUMSTATE', value, k);
          continue;
        }
        // Both axes for every target, as pharmaversesdtm records them; nodes are read by LPERP.
        const nodal = lesion.loc === 'LYMPH NODE';
        const ldiam = nodal ? reread(value * 1.4) : reread(value);
        const lperp = nodal ? reread(value) : reread(value * 0.7);
        result('TARGET', lesion.id, 'LDIAM', ldiam, k);
        result('TARGET', lesion.id, 'LPERP', lperp, k);
      }
      for (const lesion of spec.newLesions ?? []) {
        const state = lesion.states[k - lesion.from];
        if (state !== undefined) result('NEW', lesion.id, 'TUMSTATE', state, k);
      }
    }
  }
  spec.responses.forEach((response, i) => {
    const k = i + 1;
    rs.push({
      STUDYID,
      DOMAIN: 'RS',
      USUBJID: usubjid,
      RSSEQ: k,
      RSTESTCD: 'OVRLRESP',
      RSTEST: 'Overall Response',
      RSCAT: 'RECIST 1.1',
      RSORRES: response,
      RSSTRESC: response,
      RSEVAL: 'INVESTIGATOR',
      RSEVALID: null,
      VISITNUM: k + 1,
      VISIT: VISITS[k] ?? null,
      RSDTC: dtc(k),
    });
  });
  const lastScan = scanDates[scanDates.length - 1] as string;
  const dthdt = spec.deathDay === undefined ? null : addDays(trtsdt, spec.deathDay - 1);
  adsl.push({
    STUDYID,
    USUBJID: usubjid,
    ARMCD: spec.arm,
    ARM: ARMS[spec.arm],
    ACTARMCD: spec.arm,
    ACTARM: ARMS[spec.arm],
    RANDDT: randdt,
    TRTSDT: trtsdt,
    TRTEDT: dthdt ?? (spec.nactAfterLast ? addDays(lastScan, 7) : null),
    DTHFL: dthdt ? 'Y' : null,
    DTHDT: dthdt,
    LSTALVDT: dthdt ?? addDays(CUTOFF, -Math.floor(random() * 20)),
    NACTDT: spec.nactAfterLast ? addDays(lastScan, 21) : null,
  });
});

const columns = (prefix: string, names: string[]) => names.map((n) => n.replace('--', prefix));
const dir = new URL('../examples/cdisc/', import.meta.url);
mkdirSync(dir, { recursive: true });
const write = (name: string, cols: string[], rows: Row[]) =>
  writeFileSync(new URL(name, dir), writeCsv(cols, rows));
write(
  'tu.csv',
  columns('TU', [
    'STUDYID',
    'DOMAIN',
    'USUBJID',
    '--SEQ',
    '--LNKID',
    '--TESTCD',
    '--TEST',
    '--ORRES',
    '--STRESC',
    '--LOC',
    '--METHOD',
    '--EVAL',
    '--EVALID',
    '--ACPTFL',
    'VISITNUM',
    'VISIT',
    '--DTC',
  ]),
  tu,
);
write(
  'tr.csv',
  columns('TR', [
    'STUDYID',
    'DOMAIN',
    'USUBJID',
    '--SEQ',
    '--GRPID',
    '--LNKID',
    '--TESTCD',
    '--TEST',
    '--ORRES',
    '--ORRESU',
    '--STRESC',
    '--STRESN',
    '--STRESU',
    '--METHOD',
    '--EVAL',
    '--EVALID',
    '--ACPTFL',
    'VISITNUM',
    'VISIT',
    '--DTC',
  ]),
  tr,
);
write(
  'rs.csv',
  columns('RS', [
    'STUDYID',
    'DOMAIN',
    'USUBJID',
    '--SEQ',
    '--TESTCD',
    '--TEST',
    '--CAT',
    '--ORRES',
    '--STRESC',
    '--EVAL',
    '--EVALID',
    'VISITNUM',
    'VISIT',
    '--DTC',
  ]),
  rs,
);
write(
  'adsl.csv',
  [
    'STUDYID',
    'USUBJID',
    'ARMCD',
    'ARM',
    'ACTARMCD',
    'ACTARM',
    'RANDDT',
    'TRTSDT',
    'TRTEDT',
    'DTHFL',
    'DTHDT',
    'LSTALVDT',
    'NACTDT',
  ],
  adsl,
);
