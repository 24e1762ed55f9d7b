/**
 * One subject screened eligible and signed, through the store functions the routes call (create,
 * upload examples/patients/eligible.json, investigator's signature) — for tests and benchmarks that
 * need many randomizable subjects without walking each through HTTP. The example is eligible as of
 * 2026-03-30: `context.today` and `at` must be that day.
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

export const ELIGIBLE_BUNDLE: unknown = JSON.parse(
  readFileSync(new URL('../../examples/patients/eligible.json', import.meta.url), 'utf8'),
);

export interface Staff {
  coordinator: Principal;
  investigator: Principal;
}

/** Creates the subject (unless `subjectId` names an existing one), screens and signs it; returns its ID. */
export async function eligibleSignedSubject(
  db: Db,
  protocol: Protocol,
  staff: Staff,
  at: Date,
  siteId: string,
  subjectId?: string,
): Promise<string> {
  const context = { protocol, today: '2026-03-30' };
  const id =
    subjectId ??
    (
      await db.transaction((tx) =>
        createSubject(
          tx,
          staff.coordinator,
          at,
          { siteId, initials: 'ES', birthDate: '1958-09-03', sex: 'male' },
          protocol.registry.id,
        ),
      )
    ).id;
  const { episode } = await db.transaction((tx) =>
    addDocument(tx, staff.coordinator, at, context, id, {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: ELIGIBLE_BUNDLE,
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
