/**
 * The CLI's store commands on a PGlite folder, as `npm start` leaves it: `audit verify` (intact and
 * tampered), `audit export` in both formats, and the statistician-only list export.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDENTITY_KEYS, testProtocol } from '../../../test/support/api.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { createList, createUser, openDatabase, principalOf, SYSTEM_ACTOR } from '../../store/index.ts';
import { main } from '../main.ts';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, today: () => '2026-03-30' });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('trialkit audit and randomization commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-store-'));
  const saved = {
    data: process.env.TRIALKIT_DATA_DIR,
    url: process.env.DATABASE_URL,
    password: process.env.TRIALKIT_PASSWORD,
    keyFile: process.env.TRIALKIT_AUDIT_KEY_FILE,
    key: process.env.TRIALKIT_AUDIT_KEY,
  };

  beforeAll(async () => {
    const db = await openDatabase({ dataDir: dir });
    const at = new Date('2026-03-30T14:00:00Z');
    await bootstrap(db, testProtocol(), at, 'admin-password-for-tests', TEST_IDENTITY_KEYS);
    await db.transaction(async (tx) => {
      const stat = await createUser(tx, SYSTEM_ACTOR, at, {
        username: 'stat',
        displayName: 'Stat',
        password: 'statistician-password',
        roles: [{ role: 'statistician', siteId: null }],
      });
      await createUser(tx, SYSTEM_ACTOR, at, {
        username: 'coord',
        displayName: 'Coord',
        password: 'coordinator-password',
        roles: [{ role: 'coordinator', siteId: 'mayo-clinic-in-rochester' }],
      });
      const who = await principalOf(tx, stat.id);
      await createList(tx, who as NonNullable<typeof who>, at, testProtocol(), {
        config: testProtocol().randomization,
        rehearsal: false,
      });
    });
    await db.close();
    process.env.TRIALKIT_DATA_DIR = dir;
    // No audit key here (a key file in the working directory would otherwise be used): hash chain only.
    process.env.TRIALKIT_AUDIT_KEY_FILE = join(dir, 'no-audit.key');
    delete process.env.TRIALKIT_AUDIT_KEY;
    delete process.env.DATABASE_URL;
  }, 60_000);

  afterAll(() => {
    for (const [key, value] of [
      ['TRIALKIT_DATA_DIR', saved.data],
      ['DATABASE_URL', saved.url],
      ['TRIALKIT_PASSWORD', saved.password],
      ['TRIALKIT_AUDIT_KEY_FILE', saved.keyFile],
      ['TRIALKIT_AUDIT_KEY', saved.key],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an intact trail', async () => {
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^audit trail verified: \d+ events, hash chain intact, MACs not checked \(no audit key: set TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE\), no checkpoints compared\n$/,
    );
  });

  it('exports every event as NDJSON and as CSV', async () => {
    const ndjson = await run(['audit', 'export', '--format', 'ndjson']);
    const events = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.action)).toContain('randomization.list');
    const out = join(dir, 'audit.csv');
    const csv = await run(['audit', 'export', '--format', 'csv', '--out', out]);
    expect(csv.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'seq,occurred_at,actor,actor_id,role,site_id,action,entity_type,entity_id,subject_id,changes,reason,request_id,prev_sha256,sha256',
    );
    expect(lines).toHaveLength(events.length + 1);
  });

  it('exports the allocation list for a statistician only', async () => {
    process.env.TRIALKIT_PASSWORD = 'coordinator-password';
    const refused = await run(['randomization', 'list', '--export', '--as', 'coord']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('only a statistician');
    process.env.TRIALKIT_PASSWORD = 'wrong-password-here';
    expect((await run(['randomization', 'list', '--export', '--as', 'stat'])).stderr).toContain(
      'not correct',
    );
    process.env.TRIALKIT_PASSWORD = 'statistician-password';
    const exported = await run(['randomization', 'list', '--export', '--as', 'stat']);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines[0]).toBe('stratum,sequence,block,blockSize,arm,studyId,randomizedAt');
    // Each stratum's list holds the whole enrollment target (122), rounded up to complete blocks.
    for (const stratum of ['planned-mki=cabozantinib', 'planned-mki=lenvatinib']) {
      const n = lines.filter((line) => line.startsWith(`${stratum},`)).length;
      expect(n).toBeGreaterThanOrEqual(122);
      expect(n).toBeLessThanOrEqual(125);
    }
    const log = await run(['audit', 'export']);
    expect(log.stdout).toContain('"action":"randomization.export"');
  });

  it('names the first broken event of a tampered trail', async () => {
    const db = await openDatabase({ dataDir: dir });
    await db.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await db.query("UPDATE audit_event SET actor = 'someone else' WHERE seq = 3");
    await db.close();
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('audit trail BROKEN at event 3: content does not match its hash');
  });
});
