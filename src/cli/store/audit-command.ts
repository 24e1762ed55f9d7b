/** `trialkit audit verify` and `trialkit audit export`. */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { quoteCsvField } from '../../cdisc/index.ts';
import { type AuditEvent, auditEvents, verifyAudit } from '../../store/index.ts';
import type { Io } from '../screen-command.ts';
import { openStore } from './open-store.ts';

export async function runAuditVerify(io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const db = await openStore(env);
  try {
    const result = await verifyAudit(db);
    if (result.ok) {
      io.stdout.write(`audit trail verified: ${result.events} events, hash chain intact\n`);
      return 0;
    }
    io.stdout.write(
      `audit trail BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}\n`,
    );
    io.stdout.write(`(${result.events} events verified before it)\n`);
    return 1;
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
