/**
 * The facts that decide which specimens a subject owes (specimens.yaml): how the signed screening
 * decided the criteria's attestations (I11's consent to archival tissue), and whether a criterion's site rule selects it (I13:
 * among the first `firstPerArm` randomized to its arm at its site, from the live allocations).
 */
import type { InputIssue, StudyEventData } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import type { SpecimenFacts, SpecimenRecord } from '../../schedule/index.ts';
import type { Sql } from '../database.ts';
import type { SubjectRow } from '../subjects/subjects.ts';
import type { EventRecord } from './history.ts';

interface SiteRule {
  kind: 'site-rule';
  sites: string[];
  firstPerArm: number;
}

export async function specimenFactsOf(sql: Sql, protocol: Protocol, row: SubjectRow): Promise<SpecimenFacts> {
  // One statement: how the signed screening decided the specimens' criteria (I11 is an inclusion
  // criterion: met = consented) — those statuses only, not the whole stored result —, and how many
  // were randomized before this subject to the same arm at the same site (time, then list order).
  const criteria = protocol.specimens.specimens.map((s) => s.criterion);
  const facts = (
    await sql.query<{ decided: Record<string, string> | null; before: number }>(
      `SELECT (SELECT jsonb_object_agg(c->>'id', c->>'status')
                 FROM jsonb_array_elements(e.result->'criteria') c WHERE c->>'id' = ANY($3::text[])) AS decided,
              (SELECT count(*)::int FROM allocation a JOIN subject s ON s.id = a.subject_id
                WHERE s.site_id = $2 AND a.arm = mine.arm AND a.subject_id <> $1
                  AND (a.randomized_at, a.sequence) < (mine.randomized_at, mine.sequence)) AS before
         FROM allocation mine JOIN screening_episode e ON e.id = mine.episode_id
        WHERE mine.subject_id = $1`,
      [row.id, row.site_id, criteria],
    )
  ).rows[0];
  const decided = facts?.decided ?? {};
  const before = facts?.before ?? 0;
  return {
    siteRuleSelects: (criterion) => {
      const rule = protocol.criteria.find((c) => c.id === criterion)?.rule as SiteRule | undefined;
      return rule?.kind === 'site-rule' && rule.sites.includes(row.site_id) && before < rule.firstPerArm;
    },
    consented: (criterion) => {
      const status = decided[criterion];
      return status === 'met' ? true : status === 'not_met' ? false : null;
    },
  };
}

export const specimenRecordsOf = (events: readonly { data: StudyEventData }[]): SpecimenRecord[] =>
  events.flatMap((e) =>
    e.data.kind === 'specimen'
      ? [
          {
            specimenId: e.data.specimenId,
            timepoint: e.data.timepoint,
            date: e.data.date,
            status: e.data.status,
            ...(e.data.reason ? { reason: e.data.reason } : {}),
          },
        ]
      : [],
  );

/** A specimen record must be one the protocol asks of this subject, at one of its time points, once. */
export function specimenProblems(
  protocol: Protocol,
  facts: SpecimenFacts,
  others: readonly EventRecord[],
  data: Extract<StudyEventData, { kind: 'specimen' }>,
): InputIssue[] {
  const definition = protocol.specimens.specimens.find((s) => s.id === data.specimenId);
  if (!definition)
    return [
      {
        path: 'specimenId',
        expected: `one of the protocol's specimens: ${protocol.specimens.specimens.map((s) => s.id).join(', ')}`,
        value: data.specimenId,
      },
    ];
  const problems: InputIssue[] = [];
  const owed =
    definition.requiredFor === 'all' ||
    (definition.requiredFor === 'site-rule'
      ? facts.siteRuleSelects(definition.criterion)
      : facts.consented(definition.criterion) === true);
  if (!owed)
    problems.push({
      path: 'specimenId',
      expected: `a specimen this subject gives (${definition.id} follows criterion ${definition.criterion})`,
      value: data.specimenId,
    });
  if (!definition.timepoints.includes(data.timepoint))
    problems.push({
      path: 'timepoint',
      expected: `one of ${definition.timepoints.join(', ')}`,
      value: data.timepoint,
    });
  if (
    others.some(
      (e) =>
        e.data.kind === 'specimen' &&
        e.data.specimenId === data.specimenId &&
        e.data.timepoint === data.timepoint,
    )
  )
    problems.push({
      path: 'timepoint',
      expected: `one record of ${data.specimenId} at ${data.timepoint} (correct the one recorded)`,
      value: data.timepoint,
    });
  return problems;
}
