/**
 * Inputs for fuzzing the API (src/server/fuzz.test.ts): fast-check arbitraries built from a route's
 * contract as the OpenAPI document states it (the JSON Schema that src/contracts' zod schemas become),
 * steered by hints (field name → values that reach deeper: a real subject ID, the current version, the
 * example FHIR bundle), and mutations of what they generate (wrong types, huge and ill-formed text,
 * unknown fields, deep nesting, prototype keys, bodies that are not JSON).
 */
import fc from 'fast-check';

/** A JSON Schema as @fastify/swagger prints the contracts (the subset they use). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  nullable?: boolean;
  default?: unknown;
}

/** Field name → values worth trying there besides what the schema allows in general. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** Text that has broken servers: control characters, lone surrogates, markup, huge text, odd Unicode. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\ud83d', // the first half of an emoji
    '\u0007\u001b[31m',
    '\u0085\u009f',
    '\u202etxt.exe',
    '\ufeff',
    'e\u0301', // e + combining acute (NFC: é)
    '  padded  ',
    '',
    ' ',
    '\n',
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    "'; DROP TABLE subject; --",
    '__proto__',
    'constructor',
    '💉🧬',
    'NaN',
    '1e400',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(10_000, 100_000, 1_000_000).map((n) => 'x'.repeat(n)),
);

/** Any value a JSON body can carry, the awkward ones weighted up. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    1e308,
    5e-324,
    [],
    {},
    [null],
    { '': '' },
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(nastyText, { maxLength: 5 }),
);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isoDates = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
  .filter((d) => DATE.test(d));
const plausibleDates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date')
    return fc.oneof(plausibleDates, isoDates, fc.constantFrom('0000-01-01', '0000-02-29', '9999-12-31'));
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = schema.exclusiveMinimum === true;
  const exclusiveMax = schema.exclusiveMaximum === true;
  let min =
    typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : (schema.minimum ?? undefined);
  let max =
    typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : (schema.maximum ?? undefined);
  if (integer) {
    if (min !== undefined && (exclusiveMin || typeof schema.exclusiveMinimum === 'number')) min += 1;
    if (max !== undefined && (exclusiveMax || typeof schema.exclusiveMaximum === 'number')) max -= 1;
    const lo = Math.max(min ?? -(2 ** 31), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max ?? 2 ** 31, Number.MAX_SAFE_INTEGER);
    // Small values hit real records (versions, counts); large ones hit the column types. A range
    // above the small values (a weight from 20) has no small ones.
    const small = { min: Math.max(lo, -5), max: Math.min(hi, 10) };
    return fc.oneof(
      ...(small.min <= small.max ? [fc.integer(small)] : []),
      fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) }),
      fc.constantFrom(lo, hi),
    );
  }
  return fc.double({
    ...(min === undefined ? {} : { min, minExcluded: exclusiveMin }),
    ...(max === undefined ? {} : { max, maxExcluded: exclusiveMax }),
    noNaN: true,
    noDefaultInfinity: true,
  });
}

/** Values the schema accepts, mostly (a regex or a refinement the schema does not show may still refuse). */
export function arbitraryOf(
  schema: JsonSchema | undefined,
  hints: Hints = {},
  name?: string,
): fc.Arbitrary<unknown> {
  const hint = name === undefined ? undefined : hints[name];
  const plain = plainArbitraryOf(schema ?? {}, hints);
  return hint ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: plain, weight: 1 }) : plain;
}

function plainArbitraryOf(schema: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf;
  let arbitrary: fc.Arbitrary<unknown>;
  if (options) arbitrary = fc.oneof(...options.map((s) => arbitraryOf(s, hints)));
  else if (schema.allOf?.length) arbitrary = arbitraryOf(schema.allOf[0], hints);
  else if (schema.const !== undefined) arbitrary = fc.constant(schema.const);
  else if (schema.enum) arbitrary = fc.constantFrom(...schema.enum);
  else {
    const types = typesOf(schema).filter((t) => t !== 'null');
    const type = types[0];
    switch (type) {
      case 'string':
        arbitrary = stringOf(schema);
        break;
      case 'integer':
        arbitrary = numberOf(schema, true);
        break;
      case 'number':
        arbitrary = numberOf(schema, false);
        break;
      case 'boolean':
        arbitrary = fc.boolean();
        break;
      case 'array':
        arbitrary = fc.array(arbitraryOf(schema.items, hints), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
        });
        break;
      case 'object':
        arbitrary = objectOf(schema, hints);
        break;
      default:
        arbitrary = fc.jsonValue({ maxDepth: 3 }); // {}: any JSON
    }
  }
  return schema.nullable || typesOf(schema).includes('null')
    ? fc.option(arbitrary, { nil: null, freq: 4 })
    : arbitrary;
}

function objectOf(schema: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) {
    const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return fc.dictionary(fc.string({ maxLength: 12 }), arbitraryOf(values, hints), { maxKeys: 4 });
  }
  const record = Object.fromEntries(names.map((n) => [n, arbitraryOf(properties[n], hints, n)]));
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((n) => names.includes(n)) });
}

/** How a generated input is spoiled before it is sent. */
export type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'inject'; at: number; text: string }
  | { kind: 'unknown-field'; at: number; key: string; value: unknown }
  | { kind: 'whole'; value: unknown }
  | { kind: 'deep'; at: number; depth: number }
  | { kind: 'prototype'; key: '__proto__' | 'constructor' | 'prototype' }
  | { kind: 'raw'; text: string; contentType: string };

export const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant<Mutation>({ kind: 'none' }), weight: 5 },
  {
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('inject' as const),
      at: fc.nat(),
      text: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0001', '\u009b', '\u2028'),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('unknown-field' as const),
      at: fc.nat(),
      key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'toString')),
      value: nastyValue,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('whole' as const), value: nastyValue }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      at: fc.nat(),
      depth: fc.constantFrom(10, 60, 65, 1_000, 10_000),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('prototype' as const),
      key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      text: fc.constantFrom(
        '',
        '{',
        '{"a":}',
        'null',
        '[]',
        '"text"',
        '1',
        '\u0000',
        '{"a":"\\ud800"}',
        'x'.repeat(1000),
      ),
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/xml',
        'application/json; charset=latin1',
      ),
    }),
    weight: 1,
  },
);

/** Every place in a value (the root, each property, each item), as paths; at most `max`, breadth first. */
function placesIn(value: unknown, max = 200): (string | number)[][] {
  const places: (string | number)[][] = [[]];
  for (let i = 0; i < places.length && places.length < max; i++) {
    const path = places[i] as (string | number)[];
    const here = valueAt(value, path);
    if (Array.isArray(here)) for (let j = 0; j < here.length; j++) places.push([...path, j]);
    else if (here !== null && typeof here === 'object')
      for (const key of Object.keys(here)) places.push([...path, key]);
  }
  return places.slice(0, max);
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let here = value;
  for (const key of path) here = (here as Record<string | number, unknown>)?.[key];
  return here;
}

/** `value` with `path` set to `next` (copied along the path; the root path replaces the whole). */
function setAt(value: unknown, path: readonly (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  // defineProperty: a "__proto__" key stays an own key instead of changing the prototype
  Object.defineProperty(copy, key, {
    value: setAt(copy[key], rest, next),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A JSON body as sent: its text and content type. */
export interface Payload {
  text: string;
  contentType: string;
}

/** The body `value` spoiled by `mutation`, as text. */
export function mutateBody(value: unknown, mutation: Mutation): Payload {
  const json = (v: unknown): Payload => ({
    text: JSON.stringify(v) ?? 'null',
    contentType: 'application/json',
  });
  const places = placesIn(value);
  const pick = (at: number) => places[at % places.length] as (string | number)[];
  switch (mutation.kind) {
    case 'none':
      return json(value);
    case 'replace':
      return json(setAt(value, pick(mutation.at), mutation.value));
    case 'whole':
      return json(mutation.value);
    case 'inject': {
      const strings = places.filter((p) => typeof valueAt(value, p) === 'string');
      if (strings.length === 0) return json(setAt(value, pick(mutation.at), mutation.text));
      const path = strings[mutation.at % strings.length] as (string | number)[];
      const text = valueAt(value, path) as string;
      const middle = Math.floor(text.length / 2);
      return json(setAt(value, path, `${text.slice(0, middle)}${mutation.text}${text.slice(middle)}`));
    }
    case 'unknown-field': {
      const objects = places.filter((p) => {
        const here = valueAt(value, p);
        return here !== null && typeof here === 'object' && !Array.isArray(here);
      });
      const path = (objects[mutation.at % Math.max(objects.length, 1)] ?? []) as (string | number)[];
      return json(setAt(value, [...path, mutation.key], mutation.value));
    }
    case 'deep': {
      const marker = '"__deep__"';
      const text = JSON.stringify(setAt(value, pick(mutation.at), '__deep__')) ?? 'null';
      return { text: text.replace(marker, nested(mutation.depth)), contentType: 'application/json' };
    }
    case 'prototype': {
      const text = JSON.stringify(value) ?? 'null';
      const poison = `"${mutation.key}":{"polluted":true,"prototype":{"polluted":true}}`;
      return {
        text: text.startsWith('{')
          ? `{${poison}${text.length > 2 ? ',' : ''}${text.slice(1)}`
          : `{${poison}}`,
        contentType: 'application/json',
      };
    }
    case 'raw':
      return { text: mutation.text, contentType: mutation.contentType };
  }
}

/** Path and query values spoiled: text only (a URL carries no types), percent-encoded or raw. */
export const nastyUrlText: fc.Arbitrary<string> = fc.oneof(
  nastyText.filter((t) => t.length <= 10_000 && !/[\uD800-\uDFFF]/u.test(t)).map(encodeURIComponent),
  fc.constantFrom('%ED%A0%80', '%C0%80', '%', '%zz', '%00', '..%2F..', '%2e%2e', 'a%20b', '%FF%FE'),
);
