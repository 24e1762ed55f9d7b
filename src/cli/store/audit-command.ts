/**
 * `trialkit audit verify [--checkpoints DIR]`, `trialkit audit checkpoint --out DIR` and `trialkit audit
 * export` (docs/decisions/0011).
 */
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { quoteCsvField } from '../../cdisc/index.ts';
import {
  type AuditEvent,
  type AuditVerification,
  auditEvents,
  type CheckpointSource,
  checkpointFileName,
  createCheckpoint,
  parseCheckpoint,
  verifyAudit,
} from '../../store/index.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';
import { openKeyedStore, openStore } from './open-store.ts';

const NO_KEY = 'MACs not checked (no audit key: set TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE)';

/** The checkpoint files of `dir` (audit-checkpoint-*.json, as `audit checkpoint` names them), oldest first. */
export function readCheckpoints(dir: string, option = '--checkpoints'): CheckpointSource[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(
      `${option} ${dir}: no such folder (expected the folder \`trialkit audit checkpoint --out\` writes to)`,
    );
  return readdirSync(dir)
    .filter((name) => /^audit-checkpoint-.*\.json$/.test(name))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      try {
        return { checkpoint: parseCheckpoint(readFileSync(path, 'utf8'), path), source: path };
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    });
}

/**
 * Writes what verification found: one line when the trail verifies ("audit trail verified: N events, …",
 * what was checked), else the first problem, a summary and every problem listed (the first 1,000; the
 * rest counted). Returns the exit code: 0 verified, 1 broken.
 */
export function writeVerification(io: Io, result: AuditVerification, auditKey: string | null): number {
  const macs = result.keyChecked ? `MACs checked (audit key: ${auditKey ?? 'given'})` : NO_KEY;
  const n = result.checkpoints ?? 0;
  if (result.ok) {
    const checkpoints = n ? `${n} checkpoint${n === 1 ? '' : 's'} matched` : 'no checkpoints compared';
    io.stdout.write(
      `audit trail verified: ${result.events} events, hash chain intact, ${macs}, ${checkpoints}\n`,
    );
    return 0;
  }
  const broken = result.broken ?? (result.firstBroken ? [result.firstBroken] : []);
  const count = result.brokenCount ?? broken.length;
  io.stdout.write(`audit trail BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}\n`);
  io.stdout.write(
    `${count} problem${count === 1 ? '' : 's'}; ${result.eventsRead ?? '?'} events read, ${result.events} intact before the first problem, head at event ${result.headSeq}; ${macs}; ${n} checkpoint${n === 1 ? '' : 's'} compared:\n`,
  );
  for (const problem of broken) io.stdout.write(`  event ${problem.seq}: ${problem.problem}\n`);
  if (count > broken.length)
    io.stdout.write(`  … and ${count - broken.length} more, not listed (the first ${broken.length} are)\n`);
  const badMacs = broken.filter((b) => b.problem.startsWith('its MAC does not match')).length;
  if (result.keyChecked && badMacs > 0 && badMacs === result.eventsRead)
    io.stdout.write(
      "no event's MAC matches: is this the audit key the trail was signed with? (the server refuses to start with another)\n",
    );
  return 1;
}

export async function runAuditVerify(
  options: { checkpoints?: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const checkpoints = options.checkpoints === undefined ? [] : readCheckpoints(options.checkpoints);
  if (options.checkpoints !== undefined && checkpoints.length === 0)
    io.stderr.write(`no audit-checkpoint-*.json files in ${options.checkpoints}\n`);
  const { db, auditKey } = await openKeyedStore(env);
  try {
    return writeVerification(io, await verifyAudit(db, { checkpoints }), auditKey);
  } finally {
    await db.close();
  }
}

/**
 * Writes a signed checkpoint of the trail's head into `out` — only when the trail verifies with the key
 * and with the checkpoints already there (a checkpoint of a rewritten trail would vouch for the rewrite).
 */
export async function runAuditCheckpoint(
  options: { out: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (existsSync(options.out) && !statSync(options.out).isDirectory())
    throw new UsageError(`--out ${options.out}: not a folder (expected the folder to keep checkpoints in)`);
  const previous = existsSync(options.out) ? readCheckpoints(options.out, '--out') : [];
  const { db, auditKey } = await openKeyedStore(env);
  try {
    if (!auditKey)
      throw new UsageError(
        "a checkpoint is signed with the audit key: set TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE (the server's key, ./secrets/audit.key by default)",
      );
    const verification = await verifyAudit(db, { checkpoints: previous });
    if (!verification.ok) {
      writeVerification(io, verification, auditKey);
      io.stderr.write('no checkpoint written: the audit trail does not verify\n');
      return 1;
    }
    const { checkpoint } = await createCheckpoint(db, new Date(), { checkpoints: previous });
    mkdirSync(options.out, { recursive: true });
    const path = join(options.out, checkpointFileName(checkpoint));
    writeFileSync(path, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx' });
    io.stdout.write(
      `audit checkpoint written: ${path} (event ${checkpoint.seq}, sha256 ${checkpoint.sha256.slice(0, 12)}…; ${previous.length} earlier checkpoint${previous.length === 1 ? '' : 's'} matched)\n`,
    );
    io.stderr.write(
      "keep a copy on another machine: a checkpoint on the database's own disk can be removed with it\n",
    );
    return 0;
  } finally {
    await db.close();
  }
}

export const AUDIT_COLUMNS: readonly (keyof AuditEvent)[] = [
  'seq',
  'occurred_at',
  'actor',
  'actor_id',
  'role',
  'site_id',
  'action',
  'entity_type',
  'entity_id',
  'subject_id',
  'changes',
  'reason',
  'request_id',
  'prev_sha256',
  'sha256',
];

function csvLine(event: AuditEvent): string {
  return `${AUDIT_COLUMNS.map((c) => quoteCsvField(c === 'changes' ? JSON.stringify(event.changes) : (event[c] as string | number | null))).join(',')}\n`;
}

/** Writes with back-pressure: a slow disk or pipe slows the reading, memory stays flat. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
}

export async function runAuditExport(
  options: { format: 'csv' | 'ndjson'; out?: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const db = await openStore(env);
  const out: Writable = options.out ? createWriteStream(options.out) : io.stdout;
  let count = 0;
  try {
    if (options.format === 'csv') await write(out, `${AUDIT_COLUMNS.join(',')}\n`);
    for await (const event of auditEvents(db)) {
      await write(out, options.format === 'csv' ? csvLine(event) : `${JSON.stringify(event)}\n`);
      count++;
    }
  } finally {
    await db.close();
    if (options.out) {
      out.end();
      await finished(out);
    }
  }
  if (options.out) io.stderr.write(`${count} audit events written to ${options.out}\n`);
  return 0;
}
