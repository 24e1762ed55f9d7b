/** `trialkit schedule`: a subject's visit calendar from an events file (issue 15, section 6). */
import { type Command, Option } from 'commander';
import type { Io } from '../screen-command.ts';

export const SCHEDULE_FORMATS = ['json', 'text', 'ics'] as const;

export function registerSchedule(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('schedule')
    .description(
      "A randomized subject's visit calendar — cycles, tumor assessments, follow-up; planned dates, windows, statuses — from an events file.",
    )
    .requiredOption(
      '--events <file>',
      'JSON: { randomized, arm, cycles: [{ cycle, start }], assessments: [{ date, response }], followUps: [date], missed: [visit ID], endOfTreatment: { date, reason } | null, death: date | null } (- for stdin)',
    )
    .option('--as-of <YYYY-MM-DD>', 'the day whose statuses are shown (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices(SCHEDULE_FORMATS).default('json'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (flags: ScheduleFlags) => {
      const { runSchedule } = await import('./schedule-command.ts');
      setExitCode(await runSchedule(flags, io));
    });
}

export interface ScheduleFlags {
  events: string;
  asOf?: string;
  format: (typeof SCHEDULE_FORMATS)[number];
  out?: string;
}
