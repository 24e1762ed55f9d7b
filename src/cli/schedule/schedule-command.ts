/**
 * `trialkit schedule --events FILE --as-of DATE [--format json|text|ics]`: the calendar of
 * src/schedule for one subject. A file that is not JSON, a field of the wrong shape and an impossible
 * history all exit 2, each problem on a line with the field's path and what was expected.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromZodIssues, InputError, scheduleEvents, type Visit } from '../../contracts/index.ts';
import { visitsToIcs } from '../../ical/index.ts';
import { scheduleRulesOf } from '../../protocol/index.ts';
import { buildCalendar } from '../../schedule/index.ts';
import { inputErrorText } from '../input-error.ts';
import { type Io, protocolOf } from '../screen-command.ts';
import { UsageError, validDate } from '../usage-error.ts';
import type { ScheduleFlags } from './index.ts';

function readEvents(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--events ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--events ${file}: expected a JSON object: ${(error as Error).message}`);
  }
}

const pad = (text: string, width: number) => text.padEnd(width);

/** A table a coordinator reads: one visit per line, out-of-window entries marked. */
export function calendarText(visits: readonly Visit[], asOf: string): string {
  const head = ['visit', 'kind', 'planned', 'window', 'status', 'actual'];
  const rows = visits.map((v) => [
    v.id,
    v.kind,
    v.planned,
    `${v.window_start}..${v.window_end}`,
    v.status,
    v.actual
      ? `${v.actual}${v.actual < v.window_start || v.actual > v.window_end ? ' (out of window)' : ''}`
      : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] as number))
      .join('  ')
      .trimEnd();
  const counts = ['overdue', 'due', 'missed']
    .map((s) => `${visits.filter((v) => v.status === s).length} ${s}`)
    .join(', ');
  return `${[`Calendar as of ${asOf}: ${counts}`, '', line(head), ...rows.map(line)].join('\n')}\n`;
}

export async function runSchedule(flags: ScheduleFlags, io: Io): Promise<number> {
  const asOf = flags.asOf ?? io.today();
  if (!validDate(asOf))
    throw new UsageError(`--as-of: expected a date YYYY-MM-DD: got ${JSON.stringify(asOf)}`);
  const raw = readEvents(flags.events);
  const parsed = scheduleEvents.safeParse(raw);
  const source = flags.events === '-' ? 'stdin' : flags.events;
  try {
    if (!parsed.success) throw new InputError(fromZodIssues(parsed.error.issues, raw), source);
    const protocol = protocolOf(io);
    const arms = protocol.registry.arms.map((a) => a.id);
    if (!arms.includes(parsed.data.arm))
      throw new InputError(
        {
          path: 'arm',
          expected: `one of ${arms.map((a) => JSON.stringify(a)).join(', ')}`,
          value: parsed.data.arm,
        },
        source,
      );
    const visits = buildCalendar(scheduleRulesOf(protocol), parsed.data, asOf, source);
    const text =
      flags.format === 'json'
        ? `${JSON.stringify({ visits }, null, 2)}\n`
        : flags.format === 'ics'
          ? visitsToIcs(visits, { calendarName: `${protocol.id} visits`, uidPrefix: protocol.id })
          : calendarText(visits, asOf);
    if (flags.out) {
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileSync(flags.out, text);
    } else io.stdout.write(text);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`trialkit schedule: ${inputErrorText(error)}\n`);
    return 2;
  }
}
