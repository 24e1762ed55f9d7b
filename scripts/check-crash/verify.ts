/**
 * check:crash's proof after a restart, through the API as its users would see it: every acknowledged
 * write is there (a randomization with the arm, stratum and sequence it was acknowledged with), a write
 * never sent is not, a write in flight at the kill is there or not — and stays as first found; the
 * statistician's list export shows each stratum's entries used in order without a gap, no subject on
 * two entries, and no entry used by a subject nobody randomized; the admin's audit verification is ok.
 */
import type { Http, HttpClient } from '../../bench/server/http-load.ts';
import { inParallel } from '../../test/support/server-process.ts';
import type { Outcome, Receipt } from './load.ts';

export interface Sessions {
  http: Http;
  admin: HttpClient;
  statistician: HttpClient;
  coordinator: HttpClient;
}

export interface Check {
  violations: string[];
  /** Writes in flight at the kill found committed now (first check after their kill only). */
  recovered: number;
  /** … and found not committed. */
  notCommitted: number;
  /** List entries used, all strata. */
  allocated: number;
  audit: { ok: boolean; events: number; detail: string };
}

interface ExportedEntry {
  stratum: string;
  sequence: number;
  arm: string;
  studyId: string | null;
}

/** Whether the write is in the store now (and, for a randomization, the receipt it has). */
async function find(
  s: Sessions,
  o: Outcome,
): Promise<{ present: boolean; receipt?: Receipt; problem?: string }> {
  const { id } = o.write.subject;
  const get = async (path: string, allow404 = false) => {
    const answer = await s.http.send('GET', `/api/subjects/${id}${path}`, s.coordinator);
    if (answer.status === 404 && allow404) return null;
    if (answer.status !== 200)
      throw new Error(`GET ${path || 'subject'}: ${answer.status} ${answer.body.slice(0, 200)}`);
    return JSON.parse(answer.body);
  };
  switch (o.write.kind) {
    case 'randomize': {
      const receipt = (await get('/randomization', true)) as Receipt | null;
      return receipt ? { present: true, receipt } : { present: false };
    }
    case 'edit':
      return { present: (await get('')).initials === o.write.value };
    case 'upload': {
      const documents = (await get('/documents')) as { id: string }[];
      if (documents.length > 1)
        return { present: true, problem: `${documents.length} documents for one upload` };
      return {
        present: documents.length === 1,
        ...(o.documentId && documents[0] && documents[0].id !== o.documentId
          ? { problem: `document ${documents[0].id} instead of the acknowledged ${o.documentId}` }
          : {}),
      };
    }
    case 'answer': {
      const answers = (await get('/answers')) as { linkId: string; comment: string | null }[];
      return { present: answers.some((a) => a.linkId === 'I01' && a.comment === o.write.value) };
    }
  }
}

const same = (a: Receipt, b: Receipt) =>
  a.arm === b.arm && a.stratum === b.stratum && a.sequence === b.sequence && a.studyId === b.studyId;
const show = (r: Receipt) => `${r.arm} ${r.stratum} #${r.sequence}`;

/** Checks every outcome so far (all rounds) and the list; decides the fate of writes in flight at the last kill. */
export async function checkAfterRestart(
  s: Sessions,
  listId: string,
  outcomes: readonly Outcome[],
): Promise<Check> {
  const violations: string[] = [];
  let recovered = 0;
  let notCommitted = 0;
  const randomized = new Map<string, Receipt>();
  await inParallel(outcomes.length, 8, async (i) => {
    const o = outcomes[i] as Outcome;
    if (o.state === 'refused') return; // reported when it was answered
    const what = `${o.write.kind} of ${o.write.subject.studyId} (round ${o.write.round}, ${o.state})`;
    let found: Awaited<ReturnType<typeof find>>;
    try {
      found = await find(s, o);
    } catch (error) {
      violations.push(`${what}: ${(error as Error).message}`);
      return;
    }
    if (found.problem) violations.push(`${what}: ${found.problem}`);
    if (o.state === 'in-flight' && o.committed === undefined) {
      o.committed = found.present;
      if (found.present) recovered++;
      else notCommitted++;
      if (found.receipt) o.receipt = found.receipt;
    }
    const expected = o.state === 'acknowledged' || (o.state === 'in-flight' && o.committed === true);
    if (found.present !== expected)
      violations.push(
        `${what}: ${expected ? 'MISSING after the restart' : 'present although never committed'}`,
      );
    if (o.write.kind === 'randomize' && found.receipt) {
      randomized.set(found.receipt.studyId, found.receipt);
      if (o.receipt && !same(o.receipt, found.receipt))
        violations.push(`${what}: acknowledged ${show(o.receipt)}, now ${show(found.receipt)}`);
    }
  });

  const answer = await s.http.send('GET', `/api/randomization/lists/${listId}/entries`, s.statistician);
  let allocated = 0;
  if (answer.status !== 200) violations.push(`list export: ${answer.status} ${answer.body.slice(0, 200)}`);
  else {
    const entries = JSON.parse(answer.body) as ExportedEntry[];
    const holders = new Map<string, number>();
    const strata = new Map<string, ExportedEntry[]>();
    for (const e of entries) strata.set(e.stratum, [...(strata.get(e.stratum) ?? []), e]);
    for (const [stratum, list] of strata) {
      list.sort((a, b) => a.sequence - b.sequence);
      const firstFree = list.findIndex((e) => e.studyId === null);
      const used = firstFree === -1 ? list.length : firstFree;
      const after = list.slice(used).find((e) => e.studyId !== null);
      if (after)
        violations.push(
          `stratum ${stratum}: entry #${after.sequence} used although #${used + 1} is not (a gap)`,
        );
      for (const e of list) {
        if (e.studyId === null) continue;
        allocated++;
        holders.set(e.studyId, (holders.get(e.studyId) ?? 0) + 1);
        const receipt = randomized.get(e.studyId);
        if (!receipt)
          violations.push(
            `stratum ${stratum} #${e.sequence}: used by ${e.studyId}, whom no write randomized`,
          );
        else if (receipt.sequence !== e.sequence || receipt.arm !== e.arm || receipt.stratum !== stratum)
          violations.push(
            `${e.studyId}: list entry ${e.arm} ${stratum} #${e.sequence}, receipt ${show(receipt)}`,
          );
      }
    }
    for (const [studyId, n] of holders) if (n > 1) violations.push(`${studyId} holds ${n} list entries`);
    for (const studyId of randomized.keys())
      if (!holders.has(studyId)) violations.push(`${studyId}: randomized, but on no list entry`);
  }

  const verified = await s.http.send('GET', '/api/audit/verify', s.admin);
  const body = verified.status === 200 ? JSON.parse(verified.body) : null;
  const audit = {
    ok: body?.ok === true,
    events: body?.events ?? 0,
    detail: body
      ? body.ok
        ? `ok, ${body.events} events, ${body.keyChecked ? 'MACs checked' : 'hash chain only (no audit key in use)'}`
        : `BROKEN at ${body.firstBroken?.seq}: ${body.firstBroken?.problem}`
      : `${verified.status} ${verified.body.slice(0, 200)}`,
  };
  if (!audit.ok) violations.push(`GET /api/audit/verify: ${audit.detail}`);
  return { violations, recovered, notCommitted, allocated, audit };
}
