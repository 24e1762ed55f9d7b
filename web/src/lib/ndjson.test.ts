import { describe, expect, it } from 'vitest';
import { formatBytes, mediaTypeFor, parseNdjson, prepareUpload } from './ndjson.ts';

const patient = { resourceType: 'Patient', id: 'p1' };
const observation = { resourceType: 'Observation', id: 'o1' };

describe('NDJSON', () => {
  it('reads one resource a line, skipping blank lines (CRLF too)', () => {
    const text = `${JSON.stringify(patient)}\r\n\r\n${JSON.stringify(observation)}\n`;
    const { resources, errors } = parseNdjson(text);
    expect(errors).toEqual([]);
    expect(resources).toEqual([patient, observation]);
  });

  it('names the line that is not JSON or not a resource', () => {
    const text = [JSON.stringify(patient), '{"resourceType": "Observation",', '', '[1,2]', '{"id":"x"}'].join(
      '\n',
    );
    expect(parseNdjson(text).errors).toEqual([
      { line: 2, message: 'not JSON' },
      { line: 4, message: 'not a FHIR resource (no resourceType)' },
      { line: 5, message: 'not a FHIR resource (no resourceType)' },
    ]);
  });
});

describe('preparing an upload', () => {
  it('chooses the media type by extension', () => {
    expect(mediaTypeFor('patient.ndjson')).toBe('application/fhir+ndjson');
    expect(mediaTypeFor('Patient.JSONL')).toBe('application/fhir+ndjson');
    expect(mediaTypeFor('eligible.json')).toBe('application/fhir+json');
  });

  it('sends a Bundle as an object, counting its resources by type', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: patient }, { resource: observation }, { resource: { ...observation, id: 'o2' } }],
    };
    const prepared = prepareUpload('eligible.json', JSON.stringify(bundle));
    expect(prepared).toEqual({
      ok: true,
      body: { fileName: 'eligible.json', mediaType: 'application/fhir+json', content: bundle },
      resourceCount: 3,
      resourceTypes: { Patient: 1, Observation: 2 },
    });
  });

  it('sends NDJSON as its text, for the server to parse', () => {
    const text = `${JSON.stringify(patient)}\n${JSON.stringify(observation)}\n`;
    const prepared = prepareUpload('p.ndjson', text);
    expect(prepared.ok && prepared.body).toEqual({
      fileName: 'p.ndjson',
      mediaType: 'application/fhir+ndjson',
      content: text,
    });
    expect(prepared.ok && prepared.resourceCount).toBe(2);
  });

  it('accepts a single resource as JSON', () => {
    const prepared = prepareUpload('patient.json', JSON.stringify(patient));
    expect(prepared.ok && prepared.resourceTypes).toEqual({ Patient: 1 });
  });

  it('says what is wrong with a file that cannot be FHIR', () => {
    expect(prepareUpload('empty.json', '  \n')).toEqual({ ok: false, message: 'empty.json is empty' });
    const notJson = prepareUpload('data.json', `${JSON.stringify(patient)}\n${JSON.stringify(observation)}`);
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.message).toMatch(/^data\.json is not JSON .*name the file \.ndjson$/);
    expect(prepareUpload('list.json', '[1]')).toEqual({
      ok: false,
      message: 'list.json: expected a FHIR Bundle or resource (no resourceType)',
    });
    expect(prepareUpload('b.json', JSON.stringify({ resourceType: 'Bundle' }))).toEqual({
      ok: false,
      message: 'b.json: Bundle.entry: expected an array',
    });
    expect(
      prepareUpload('b.json', JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: patient }, {}] })),
    ).toEqual({ ok: false, message: 'b.json: Bundle.entry[1].resource: expected a FHIR resource' });
    const lines = ['x', 'y', JSON.stringify(patient), 'z', 'w'].join('\n');
    expect(prepareUpload('bad.ndjson', lines)).toEqual({
      ok: false,
      message: 'bad.ndjson: line 1: not JSON; line 2: not JSON; line 4: not JSON; and 1 more',
    });
  });

  it('writes file sizes with their unit', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(33_441)).toBe('33.4 kB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
  });
});
