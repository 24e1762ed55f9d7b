/**
 * One subject screened eligible and signed, through the store functions the routes call (create,
 * upload examples/patients/eligible.json, investigator's signature) — for tests and benchmarks that
 * need many randomizable subjects without walking each through HTTP. The example is eligible as of
 * 2026-03-30: `context.today` and `at` must be that day. Each subject is its own person: the example's
 * Patient gets an identifier of its own (one person is randomized once) and a birth date of its own
 * (1958-09-03 plus a day per subject made, so that subjects are not all possible duplicates of each
 * other), with the example's name and sex (initials AL, male); the subject's identity matches it.
 */
import { readFileSync } from 'node:fs';
import type { Protocol } from '../../src/protocol/index.ts';
import {
  addDocument,
  createSubject,
  type Db,
  type Principal,
  signEligibility,
} from '../../src/store/index.ts';
import { TEST_IDENTITY_KEYS } from './api.ts';

export const ELIGIBLE_BUNDLE: unknown = JSON.parse(
  readFileSync(new URL('../../examples/patients/eligible.json', import.meta.url), 'utf8'),
);

/** The example's identity, as a subject records it. */
export const ELIGIBLE_IDENTITY = { initials: 'AL', birthDate: '1958-09-03', sex: 'male' } as const;

/** The eligible example as another person's record: its Patient's MRN is `mrn` (and its birth date `birthDate`). */
export function eligibleBundleOf(mrn: string, birthDate: string = ELIGIBLE_IDENTITY.birthDate): unknown {
  const bundle = structuredClone(ELIGIBLE_BUNDLE) as { entry: { resource: Record<string, unknown> }[] };
  for (const { resource } of bundle.entry)
    if (resource.resourceType === 'Patient') {
      resource.identifier = [{ system: 'urn:example:mrn', value: mrn }];
      resource.birthDate = birthDate;
    }
  return bundle;
}

let made = 0;
/** 1958-09-03 plus `n` days (at most ten years later: every one an adult of the example's age band). */
const birthDateOf = (n: number): string => {
  const day = new Date(`${ELIGIBLE_IDENTITY.birthDate}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + (n % 3650));
  return day.toISOString().slice(0, 10);
};

export interface Staff {
  coordinator: Principal;
  investigator: Principal;
}

/** Who a new subject is: by default a person of its own. */
export interface Person {
  mrn: string;
  birthDate: string;
}

/**
 * Creates the subject (unless `subjectId` names an existing one), screens and signs it; returns its ID.
 * With `person`, the record is that person's (two subjects of one person: the same `person`).
 */
export async function eligibleSignedSubject(
  db: Db,
  protocol: Protocol,
  staff: Staff,
  at: Date,
  siteId: string,
  subjectId?: string,
  person?: Person,
): Promise<string> {
  const context = { protocol, today: '2026-03-30', identity: TEST_IDENTITY_KEYS };
  const birthDate = person?.birthDate ?? (subjectId ? ELIGIBLE_IDENTITY.birthDate : birthDateOf(made++));
  const id =
    subjectId ??
    (
      await db.transaction((tx) =>
        createSubject(
          tx,
          staff.coordinator,
          at,
          { siteId, ...ELIGIBLE_IDENTITY, birthDate },
          protocol.registry.id,
          TEST_IDENTITY_KEYS,
        ),
      )
    ).id;
  const { episode } = await db.transaction((tx) =>
    addDocument(tx, staff.coordinator, at, context, id, {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: eligibleBundleOf(person?.mrn ?? `MRN-${id}`, birthDate),
    }),
  );
  if (episode.overall !== 'eligible')
    throw new Error(`eligible.json screened ${episode.overall} as of ${context.today}`);
  await db.transaction((tx) =>
    signEligibility(tx, staff.investigator, at, id, {
      resultSha256: episode.resultSha256,
      meaning: 'I confirm eligibility',
      passwordVerified: true,
    }),
  );
  return id;
}
