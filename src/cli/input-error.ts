/**
 * The engines' InputError as the CLI words it — `time, row 12: expected a finite number ≥ 0: got -1` —
 * in one place. An InputError that reaches `main` is bad input given on the command line (exit 2, as a
 * usage error); commands reading a data file name its line and column themselves and exit 1.
 */
import type { InputError, InputIssue } from '../contracts/index.ts';

/** One issue as a line; `name` replaces the engine's path (a column, a flag). */
export function issueText(issue: InputIssue, name = issue.path): string {
  const where = issue.row === undefined ? name : `${name}, row ${issue.row}`;
  const got = issue.value === undefined ? '' : `: got ${JSON.stringify(issue.value)}`;
  return `${where}: expected ${issue.expected}${got}`;
}

/** The whole error: its source, then one line per issue; `name` maps an engine path to the CLI's word for it. */
export function inputErrorText(error: InputError, name: (path: string) => string = (path) => path): string {
  const lines = error.issues.map((issue) => issueText(issue, name(issue.path)));
  const where = error.source ? `${error.source}: ` : '';
  return lines.length === 1
    ? `${where}${lines[0]}`
    : `${where}${lines.length} problems:\n  ${lines.join('\n  ')}`;
}
