/**
 * Reading a FHIR file in the browser before it is uploaded: a Bundle (.json) or NDJSON (.ndjson, one
 * resource a line, FHIR Bulk Data). The checks here catch the common mistakes (wrong file, a broken
 * line) with the line number, before the server's own checks; the server stays the authority.
 */
import type { DocumentBody } from '../contracts.ts';

export type FhirMediaType = DocumentBody['mediaType'];

export type PreparedUpload =
  | {
      ok: true;
      /** POST /api/subjects/:id/documents: a Bundle as an object, NDJSON as its text. */
      body: DocumentBody;
      resourceCount: number;
      /** Resource counts by type, e.g. `{ Observation: 12, Patient: 1 }`. */
      resourceTypes: Record<string, number>;
    }
  | { ok: false; message: string };

/** The server's limit is 20 MB per request; a file near it is certainly not one patient's screening data. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

export interface NdjsonLineError {
  line: number;
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const resourceTypeOf = (value: unknown): string | null =>
  isObject(value) && typeof value.resourceType === 'string' && value.resourceType !== ''
    ? value.resourceType
    : null;

/** Parses NDJSON: blank lines are skipped; each other line must be a JSON object with a resourceType. */
export function parseNdjson(text: string): {
  resources: Record<string, unknown>[];
  errors: NdjsonLineError[];
} {
  const resources: Record<string, unknown>[] = [];
  const errors: NdjsonLineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ line: i + 1, message: 'not JSON' });
      return;
    }
    if (!isObject(value) || resourceTypeOf(value) === null) {
      errors.push({ line: i + 1, message: 'not a FHIR resource (no resourceType)' });
      return;
    }
    resources.push(value);
  });
  return { resources, errors };
}

function countTypes(resources: readonly unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) {
    const type = resourceTypeOf(r) ?? 'unknown';
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** NDJSON by extension (.ndjson, .jsonl); otherwise JSON. */
export function mediaTypeFor(fileName: string): FhirMediaType {
  return /\.(ndjson|jsonl)$/i.test(fileName) ? 'application/fhir+ndjson' : 'application/fhir+json';
}

const describeErrors = (errors: readonly NdjsonLineError[]): string => {
  const shown = errors
    .slice(0, 3)
    .map((e) => `line ${e.line}: ${e.message}`)
    .join('; ');
  return errors.length > 3 ? `${shown}; and ${errors.length - 3} more` : shown;
};

/** Checks a file's text and builds the upload request, or says what is wrong with the file. */
export function prepareUpload(fileName: string, text: string): PreparedUpload {
  if (text.trim() === '') return { ok: false, message: `${fileName} is empty` };
  if (mediaTypeFor(fileName) === 'application/fhir+ndjson') {
    const { resources, errors } = parseNdjson(text);
    if (errors.length) return { ok: false, message: `${fileName}: ${describeErrors(errors)}` };
    return {
      ok: true,
      body: { fileName, mediaType: 'application/fhir+ndjson', content: text },
      resourceCount: resources.length,
      resourceTypes: countTypes(resources),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `${fileName} is not JSON (${(error as Error).message}); for one resource a line, name the file .ndjson`,
    };
  }
  const type = resourceTypeOf(value);
  if (!isObject(value) || type === null)
    return { ok: false, message: `${fileName}: expected a FHIR Bundle or resource (no resourceType)` };
  if (type !== 'Bundle')
    return {
      ok: true,
      body: { fileName, mediaType: 'application/fhir+json', content: value },
      resourceCount: 1,
      resourceTypes: { [type]: 1 },
    };
  const entries = value.entry;
  if (!Array.isArray(entries)) return { ok: false, message: `${fileName}: Bundle.entry: expected an array` };
  const resources = entries.map((e: unknown) => (isObject(e) ? e.resource : undefined));
  const broken = resources.findIndex((r) => resourceTypeOf(r) === null);
  if (broken >= 0)
    return { ok: false, message: `${fileName}: Bundle.entry[${broken}].resource: expected a FHIR resource` };
  return {
    ok: true,
    body: { fileName, mediaType: 'application/fhir+json', content: value },
    resourceCount: resources.length,
    resourceTypes: countTypes(resources),
  };
}

/** "33.4 kB" — file sizes with their unit (SI, as browsers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
