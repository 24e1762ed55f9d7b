/**
 * The protocol and its sites in the store. Seeding is idempotent: the first start inserts the protocol
 * document and the 16 sites; later starts refresh the protocol document (it is the data in protocols/)
 * and add sites that are new, leaving each site's recruiting status as the admin set it.
 */
import { RECRUITING_STATUSES, type RecruitingStatus, type Site } from '../contracts/index.ts';
import type { Protocol } from '../protocol/index.ts';
import { protocolToJson } from '../protocol/index.ts';
import { type Actor, fieldChanges, recordAudit } from './audit.ts';
import type { Sql } from './database.ts';
import { notFound, staleVersion, TrialError } from './errors.ts';

export type { RecruitingStatus };
export { RECRUITING_STATUSES };
export type SiteView = Site;

interface SiteRow {
  id: string;
  code: string;
  name: string;
  city: string;
  state: string;
  country: string;
  recruiting_status: RecruitingStatus;
  version: number;
}

const view = (r: SiteRow): SiteView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  city: r.city,
  state: r.state,
  country: r.country,
  recruitingStatus: r.recruiting_status,
  version: r.version,
});

/** A site's code in study IDs: its position in the registry's site list, two digits ("01" … "16"). */
export const siteCode = (index: number): string => String(index + 1).padStart(2, '0');

export async function seedProtocol(
  tx: Sql,
  actor: Actor,
  at: Date,
  protocol: Protocol,
): Promise<{ sitesAdded: number }> {
  const document = JSON.stringify(protocolToJson(protocol));
  const existing = await tx.query('SELECT 1 FROM protocol WHERE id = $1', [protocol.registry.id]);
  await tx.query(
    `INSERT INTO protocol (id, document, loaded_at) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document, loaded_at = EXCLUDED.loaded_at`,
    [protocol.registry.id, document, at.toISOString()],
  );
  if (!existing.rowCount)
    await recordAudit(tx, actor, at, {
      action: 'protocol.load',
      entityType: 'protocol',
      entityId: protocol.registry.id,
      siteId: null,
      changes: { id: { before: null, after: protocol.registry.id } },
    });
  let sitesAdded = 0;
  for (const [index, site] of protocol.sites.entries()) {
    const inserted = await tx.query(
      `INSERT INTO site (id, code, name, city, state, country, recruiting_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [site.id, siteCode(index), site.name, site.city, site.state, site.country, site.status],
    );
    if (!inserted.rowCount) continue;
    sitesAdded++;
    await recordAudit(tx, actor, at, {
      action: 'site.create',
      entityType: 'site',
      entityId: site.id,
      siteId: site.id,
      changes: fieldChanges(null, { code: siteCode(index), name: site.name, recruitingStatus: site.status }),
    });
  }
  return { sitesAdded };
}

export async function listSites(sql: Sql): Promise<SiteView[]> {
  return (await sql.query<SiteRow>('SELECT * FROM site ORDER BY code')).rows.map(view);
}

export async function getSite(sql: Sql, id: string): Promise<SiteView | null> {
  const row = (await sql.query<SiteRow>('SELECT * FROM site WHERE id = $1', [id])).rows[0];
  return row ? view(row) : null;
}

export async function setRecruitingStatus(
  tx: Sql,
  actor: Actor,
  at: Date,
  id: string,
  update: { recruitingStatus: RecruitingStatus; version: number; reason: string },
): Promise<SiteView> {
  const row = (await tx.query<SiteRow>('SELECT * FROM site WHERE id = $1 FOR UPDATE', [id])).rows[0];
  if (!row) throw notFound('site');
  if (row.version !== update.version) throw staleVersion('site', update.version, row.version);
  if (!RECRUITING_STATUSES.includes(update.recruitingStatus))
    throw new TrialError('invalid', `recruitingStatus: expected one of ${RECRUITING_STATUSES.join(', ')}`);
  await tx.query('UPDATE site SET recruiting_status = $2, version = version + 1 WHERE id = $1', [
    id,
    update.recruitingStatus,
  ]);
  await recordAudit(tx, actor, at, {
    action: 'site.update',
    entityType: 'site',
    entityId: id,
    siteId: id,
    changes: fieldChanges(
      { recruitingStatus: row.recruiting_status },
      { recruitingStatus: update.recruitingStatus },
    ),
    reason: update.reason,
  });
  return view({ ...row, recruiting_status: update.recruitingStatus, version: row.version + 1 });
}
