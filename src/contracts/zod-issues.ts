/**
 * Turns zod's validation issues into `InputIssue`s that read "field: expected …; got …", the
 * value taken from the input itself, so a protocol author sees what they wrote, not what zod calls it.
 */
import type { z } from 'zod';
import type { InputIssue } from './errors.ts';

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'text',
  array: 'a list',
  object: 'a mapping (key: value)',
  boolean: 'true or false',
  record: 'a mapping (key: value)',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const key of path) {
    name += typeof key === 'number' ? `[${key}]` : name === '' ? String(key) : `.${String(key)}`;
  }
  return name || '(root)';
}

function bound(issue: { origin?: string; inclusive?: boolean }, limit: unknown, below: boolean): string {
  const op = below ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  if (issue.origin === 'array') return `${below ? 'at least' : 'at most'} ${String(limit)} item(s)`;
  if (issue.origin === 'string') return `${below ? 'at least' : 'at most'} ${String(limit)} character(s)`;
  return `a number ${op} ${String(limit)}`;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options ? `one of ${options.map((v) => JSON.stringify(v)).join(', ')}` : issue.message;
    }
    default:
      // custom checks and regex formats carry their own "expected" text (see config.ts)
      return issue.message;
  }
}

/**
 * One `InputIssue` per problem; an unknown key is reported at the key itself. A value of the
 * wrong type is reported once, without the checks zod also ran on it (a text's length for a list).
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): InputIssue[] {
  const wrongType = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => fieldName(i.path)));
  return issues.flatMap((issue): InputIssue[] => {
    if (issue.code !== 'invalid_type' && wrongType.has(fieldName(issue.path))) return [];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: fieldName([...issue.path, key]),
        expected: 'no field of this name here (misspelt, or one of another method?)',
        value: valueAt(input, [...issue.path, key]),
      }));
    }
    const params = issue.code === 'custom' ? issue.params : undefined;
    const value = params && 'value' in params ? params.value : valueAt(input, issue.path);
    return [{ path: fieldName(issue.path), expected: expectedOf(issue), value }];
  });
}
