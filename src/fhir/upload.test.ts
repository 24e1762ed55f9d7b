import { describe, expect, it } from 'vitest';
import { InputError } from '../contracts/index.ts';
import { uploadedResources } from './index.ts';

const patient = { resourceType: 'Patient', id: 'p1' };
const refused = (run: () => unknown): InputError => {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
};

describe('uploadedResources', () => {
  it('reads a Bundle of any type, a single resource, an array and NDJSON with blank lines', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }] };
    expect(uploadedResources('b.json', 'application/fhir+json', bundle)).toEqual([patient]);
    expect(uploadedResources('p.json', 'application/fhir+json', patient)).toEqual([patient]);
    expect(uploadedResources('a.ndjson', 'application/fhir+ndjson', [patient])).toEqual([patient]);
    const text = `${JSON.stringify(patient)}\n\n  \n${JSON.stringify({ ...patient, id: 'p2' })}\n`;
    expect(
      uploadedResources('a.ndjson', 'application/fhir+ndjson', text).map((r) => (r as { id: string }).id),
    ).toEqual(['p1', 'p2']);
  });

  it('names the path of what is wrong, and the file (NDJSON: file:line)', () => {
    const noEntries = refused(() =>
      uploadedResources('b.json', 'application/fhir+json', { resourceType: 'Bundle', entry: 'x' }),
    );
    expect(noEntries.message).toBe('b.json: content.entry: expected an array of Bundle entries');
    const noResource = refused(() =>
      uploadedResources('b.json', 'application/fhir+json', {
        resourceType: 'Bundle',
        entry: [{ resource: patient }, {}],
      }),
    );
    expect(noResource.issues[0]?.path).toBe('content.entry[1].resource');
    const badLine = refused(() =>
      uploadedResources('a.ndjson', 'application/fhir+ndjson', `${JSON.stringify(patient)}\n{oops`),
    );
    expect(badLine.message).toMatch(/^a\.ndjson:2: content: expected a JSON resource on each line/);
    expect(refused(() => uploadedResources('x.json', 'application/fhir+json', '{}')).message).toBe(
      'x.json: content: expected the Bundle as a JSON object for application/fhir+json',
    );
    expect(refused(() => uploadedResources('x.json', 'application/fhir+json', { hello: 1 })).message).toBe(
      'x.json: content: expected a FHIR Bundle, a FHIR resource, or NDJSON of resources',
    );
  });
});
