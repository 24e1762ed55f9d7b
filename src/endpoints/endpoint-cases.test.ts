/**
 * The one runner for the endpoint case files in test/cases/endpoints/ (endpoint-<rule>.yaml).
 *
 * A file: `rule` (what it tests, with its source), optional file-wide `options`, and `cases`, each a
 * subject history and the expected records:
 *
 *   subject: { usubjid, randomizationDate, deathDate?, …, responses: ["2024-03-04 PR", …] }
 *   expect:
 *     adrs:  { BOR: PR, CBOR: { AVALC: SD, ADT: 2024-03-04, derivation: "27 days later" } }
 *     adtte: { PFS: { ADT: …, AVAL: …, CNSR: 1 }, RSD: absent }
 *     issues: [cr-followed-by-pr]      # exact list of issue codes (order ignored)
 *
 * A response is "DATE RESPONSE [VISIT…]" or { date, response, visit }; `response: null` = missing.
 * A bare string expectation is the AVALC (ADRS) or EVNTDESC (ADTTE); `derivation` is a substring or a
 * list of substrings. A failure prints the case, the record and its derivation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type AdrsRecord,
  type AdtteRecord,
  deriveSubjectEndpoints,
  type EndpointOptions,
  type EndpointParameters,
  type ResponseAssessment,
  type SubjectHistory,
} from './index.ts';

const CASE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test/cases/endpoints');

/**
 * The parameters the case files assume unless they say otherwise: admiralonco's template (`ref_confirm`
 * 28, `ref_start_window` 42, its ADTTE censoring) — the engine has no defaults for them, a trial's
 * callers pass its protocol's. The interval matters only to the FDA rules, whose file sets it.
 */
const ADMIRALONCO_PARAMETERS: EndpointParameters = {
  pfsRules: 'simple',
  confirmMinDays: 28,
  sdMinDays: 42,
  assessmentIntervalDays: 63,
};

type Expected = string | number | null | { [field: string]: unknown };

interface EndpointCase {
  name: string;
  options?: Partial<EndpointOptions>;
  subject: Omit<SubjectHistory, 'responses'> & { responses?: (string | ResponseAssessment)[] };
  expect: {
    adrs?: Record<string, Expected>;
    adtte?: Record<string, Expected>;
    issues?: string[];
  };
}

interface CaseFile {
  rule: string;
  options?: Partial<EndpointOptions>;
  cases: EndpointCase[];
}

function toResponse(r: string | ResponseAssessment): ResponseAssessment {
  if (typeof r !== 'string') return r;
  const [date, response, ...visit] = r.trim().split(/\s+/);
  return {
    date: date as string,
    response: response === '-' ? null : (response as ResponseAssessment['response']),
    ...(visit.length > 0 ? { visit: visit.join(' ') } : {}),
  };
}

function checkRecord(
  shown: string,
  kind: 'adrs' | 'adtte',
  paramcd: string,
  rec: AdrsRecord | AdtteRecord | undefined,
  want: Expected,
) {
  const label = `${shown}\n  ${kind} ${paramcd}: ${JSON.stringify(rec, null, 1)}`;
  if (want === 'absent') {
    expect(rec, label).toBeUndefined();
    return;
  }
  expect(rec, `${label}\n  (expected a record)`).toBeDefined();
  const fields: Record<string, unknown> =
    typeof want === 'object' && want !== null ? want : { [kind === 'adrs' ? 'AVALC' : 'EVNTDESC']: want };
  for (const [field, value] of Object.entries(fields)) {
    const actual = (rec as unknown as Record<string, unknown>)[field];
    if (field === 'derivation') {
      for (const part of Array.isArray(value) ? value : [value]) {
        expect(actual, `${label}\n  derivation should contain ${JSON.stringify(part)}`).toContain(
          String(part),
        );
      }
    } else {
      expect(actual, `${label}\n  field ${field}`).toEqual(value);
    }
  }
}

function run(file: CaseFile, c: EndpointCase) {
  const subject: SubjectHistory = { ...c.subject, responses: (c.subject.responses ?? []).map(toResponse) };
  const result = deriveSubjectEndpoints(subject, {
    ...ADMIRALONCO_PARAMETERS,
    ...file.options,
    ...c.options,
  });
  const shown = `${c.name}\n  issues: ${result.issues.map((i) => `${i.code}: ${i.message}`).join(' | ') || 'none'}`;
  for (const [paramcd, want] of Object.entries(c.expect.adrs ?? {})) {
    checkRecord(
      shown,
      'adrs',
      paramcd,
      result.adrs.find((r) => r.PARAMCD === paramcd),
      want,
    );
  }
  for (const [paramcd, want] of Object.entries(c.expect.adtte ?? {})) {
    checkRecord(
      shown,
      'adtte',
      paramcd,
      result.adtte.find((r) => r.PARAMCD === paramcd),
      want,
    );
  }
  if (c.expect.issues) {
    expect(result.issues.map((i) => i.code).sort(), shown).toEqual([...c.expect.issues].sort());
  }
  // Every record explains itself, and AVAL is ADT − STARTDT + 1 on every time-to-event record.
  for (const r of [...result.adrs, ...result.adtte]) expect(r.derivation, shown).not.toBe('');
  for (const r of result.adtte) expect(r.derivation, shown).toContain(`= ${r.AVAL} days`);
}

const files = readdirSync(CASE_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('endpoint case files', () => {
  it('cover every endpoint rule named in issue 4', () => {
    for (const rule of ['bor-confirmation', 'pfs-fda-2018', 'pfs-simple', 'os', 'dor', 'sd-min-days']) {
      expect(files).toContain(`endpoint-${rule}.yaml`);
    }
  });
});

for (const name of files) {
  const file = parse(readFileSync(join(CASE_DIR, name), 'utf8')) as CaseFile;
  describe(`${name} — ${file.rule}`, () => {
    for (const c of file.cases) it(c.name, () => run(file, c));
  });
}
