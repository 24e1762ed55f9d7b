/**
 * A worker thread of parallel screening (./screen-parallel.ts), started by ./pool.ts: pre-scans byte
 * ranges (phase 1), then reads, screens and formats segments of whole patients (phase 2). The main
 * thread sends the protocol it loaded and validated as data; the worker only compiles its terminology.
 */
import { parentPort } from 'node:worker_threads';
import { type ScreeningProtocol, screenPatient } from '../../eligibility/index.ts';
import { type NdjsonSegment, NdjsonSegmentReader, scanNdjsonRange } from '../../fhir/index.ts';
import { protocolFromData } from '../../protocol/index.ts';
import { formatPatient } from '../screen-output.ts';
import type { BatchResult, ScreenJob, WorkerReply, WorkerRequest } from './messages.ts';
import { BatchWriter, OutputRing } from './output-ring.ts';

const port = parentPort;
if (port === null) throw new Error('worker.ts runs as a worker thread');

let protocol: ScreeningProtocol | undefined;
let job: ScreenJob | undefined;
let reader: NdjsonSegmentReader | undefined;
let ring: OutputRing | undefined;

/**
 * Screens and formats a batch. The patients' texts go back as UTF-8 bytes, in a slot of the shared
 * output ring (./output-ring.ts) or a buffer of their own, so the main thread writes bytes without
 * decoding or encoding anything. Each text is encoded as soon as it is made, so it dies young instead
 * of lasting the whole batch (objects that outlive a couple of minor GCs are moved to the old
 * generation, which would then keep growing).
 */
function screen(segments: readonly NdjsonSegment[]): { value: BatchResult; transfer: ArrayBuffer[] } {
  if (protocol === undefined || job === undefined || reader === undefined || ring === undefined)
    throw new Error('screen before setup');
  const items: BatchResult['items'] = [];
  const writer = new BatchWriter(ring);
  for (const segment of segments) {
    const { facts, errors } = reader.read(segment);
    for (const error of errors) items.push({ kind: 'error', error });
    if (facts === undefined) continue;
    const result = screenPatient(protocol, facts, job.context);
    const end = writer.write(formatPatient(job.format, result, job));
    items.push({ kind: 'patient', end, overall: result.overall });
  }
  const { output, transfer } = writer.finish();
  return { value: { output, items }, transfer };
}

function handle(request: WorkerRequest): { value: unknown; transfer?: ArrayBuffer[] } {
  switch (request.type) {
    case 'scan': {
      const onProgress = (bytes: number) =>
        port?.postMessage({ type: 'progress', id: request.id, bytes } satisfies WorkerReply);
      return { value: scanNdjsonRange(request.range, onProgress) };
    }
    case 'setup':
      protocol ??= protocolFromData(request.protocol);
      job = request.job;
      reader?.close();
      reader = new NdjsonSegmentReader(request.files, request.medications, protocol.questionnaire.items);
      ring = OutputRing.attach(request.ring);
      return { value: undefined };
    case 'screen':
      return screen(request.segments);
  }
}

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = handle(request);
    reply = { type: 'done', id: request.id, value: done.value };
    transfer = done.transfer ?? [];
  } catch (error) {
    reply = {
      type: 'failed',
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  port.postMessage(reply, transfer);
});
