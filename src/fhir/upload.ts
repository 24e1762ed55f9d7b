/**
 * An uploaded FHIR file as a list of resources: a Bundle's entries (any type), a single resource, or
 * NDJSON (one resource a line; blank lines skipped). A file that is none of these is an InputError
 * naming the path (`content.entry[3].resource`; NDJSON as file:line) — the server reads it from `body`.
 */
import { InputError } from '../contracts/index.ts';

export type UploadMediaType = 'application/fhir+json' | 'application/fhir+ndjson';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** NDJSON text → resources; a line that is not JSON is refused with its number. */
function ndjsonResources(text: string, fileName: string): unknown[] {
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.trim();
    if (!line) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch (error) {
      // file:line, as every NDJSON error of trialkit names it.
      throw new InputError(
        { path: 'content', expected: `a JSON resource on each line (${(error as Error).message})` },
        `${fileName}:${i + 1}`,
      );
    }
  });
}

/** The resources of an uploaded file, as its media type says to read it. */
export function uploadedResources(fileName: string, mediaType: UploadMediaType, content: unknown): unknown[] {
  if (mediaType === 'application/fhir+ndjson' && typeof content === 'string')
    return ndjsonResources(content, fileName);
  if (mediaType === 'application/fhir+json' && typeof content === 'string')
    throw new InputError(
      { path: 'content', expected: 'the Bundle as a JSON object for application/fhir+json' },
      fileName,
    );
  if (Array.isArray(content)) return content;
  if (isObject(content) && content.resourceType === 'Bundle') {
    const entries = content.entry;
    if (!Array.isArray(entries))
      throw new InputError({ path: 'content.entry', expected: 'an array of Bundle entries' }, fileName);
    return entries.map((e, i) => {
      const resource = isObject(e) ? e.resource : undefined;
      if (!isObject(resource))
        throw new InputError({ path: `content.entry[${i}].resource`, expected: 'a FHIR resource' }, fileName);
      return resource;
    });
  }
  if (isObject(content) && typeof content.resourceType === 'string') return [content];
  throw new InputError(
    { path: 'content', expected: 'a FHIR Bundle, a FHIR resource, or NDJSON of resources' },
    fileName,
  );
}
