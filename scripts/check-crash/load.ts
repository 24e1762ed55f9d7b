/**
 * check:crash's load: one round of mixed writes through the real server — randomizations of eligible,
 * signed subjects, identity corrections (PATCH), FHIR document uploads and screening answers — sent by
 * concurrent clients, with a SIGKILL after a (seeded) random number of acknowledgements. Every write's
 * fate is recorded: acknowledged (a 2xx received), in flight (sent, no answer: it may or may not have
 * committed), not sent (after the kill), or refused (any other answer: itself a violation).
 *
 * On-study writes (visits, doses, adverse events) do not exist in trialkit yet; when they do, they
 * belong in this mix.
 */
import type { Http, HttpClient } from '../../bench/server/http-load.ts';
import { runPhase } from '../../bench/server/http-load.ts';
import {
  createSubjectOverHttp,
  eligibleBundleFor,
  eligibleSignedSubjectOverHttp,
  FACTORS,
  inParallel,
  type MadeSubject,
  type ServerProcess,
} from '../../test/support/server-process.ts';
import type { Rng } from './rng.ts';

export type Kind = 'randomize' | 'edit' | 'upload' | 'answer';
export const KINDS: readonly Kind[] = ['randomize', 'edit', 'upload', 'answer'];

export interface Write {
  kind: Kind;
  /** Which kill this write's round ends with (1, 2, …). */
  round: number;
  subject: MadeSubject;
  /** The subject's identity number (its birth date; its bundle's). */
  n: number;
  /** edit: the corrected initials; answer: the answer's comment. */
  value: string;
}

export interface Receipt {
  studyId: string;
  arm: string;
  stratum: string;
  sequence: number;
}

export interface Outcome {
  write: Write;
  state: 'acknowledged' | 'in-flight' | 'not-sent' | 'refused';
  /** randomize, acknowledged: the receipt answered. */
  receipt?: Receipt;
  /** upload, acknowledged: the document's ID. */
  documentId?: string;
  /** refused: the answer. */
  answer?: string;
  /** in flight: whether it turned out committed, decided by the first check after the restart. */
  committed?: boolean;
}

export interface Staff {
  /** The coordinator's sessions (the load's clients take turns over them). */
  coordinators: HttpClient[];
  investigator: { client: HttpClient; password: string };
}

export interface RoundSize {
  randomize: number;
  edit: number;
  upload: number;
  answer: number;
}

/** The subjects a round writes to (made now, through the server) and its writes in a seeded random order. */
export async function prepareRound(
  http: Http,
  staff: Staff,
  round: number,
  size: RoundSize,
  rng: Rng,
  identities: { next: number },
  shiftDays: number,
  progress: (done: number, total: number) => void,
): Promise<Write[]> {
  const [coordinator] = staff.coordinators as [HttpClient];
  const total = size.randomize + size.edit + size.upload + size.answer;
  const eligible = await inParallel(
    size.randomize,
    4,
    async () => {
      const n = identities.next++;
      const subject = await eligibleSignedSubjectOverHttp(
        http,
        coordinator,
        staff.investigator,
        n,
        shiftDays,
      );
      return { kind: 'randomize' as const, round, subject, n, value: '' };
    },
    (done) => progress(done, total),
  );
  // Drawn before any request: the plan depends on the seed alone, not on which answer comes first.
  const others = (['edit', 'upload', 'answer'] as const).flatMap((kind) =>
    Array.from({ length: size[kind] }, (_, i) => ({
      kind,
      value:
        kind === 'edit'
          ? rng.pick(['ZK', 'QX', 'JW', 'VB', 'XY'])
          : kind === 'answer'
            ? `crash check round ${round}, answer ${i + 1}`
            : '',
    })),
  );
  const plain = await inParallel(
    others.length,
    4,
    async (j) => {
      const { kind, value } = others[j] as (typeof others)[number];
      const n = identities.next++;
      const subject = await createSubjectOverHttp(http, coordinator, n);
      return { kind, round, subject, n, value };
    },
    (done) => progress(size.randomize + done, total),
  );
  return rng.shuffle([...eligible, ...plain]);
}

/** The HTTP request that makes `write`. */
function request(write: Write, shiftDays: number): { method: string; path: string; body: unknown } {
  const path = `/api/subjects/${write.subject.id}`;
  switch (write.kind) {
    case 'randomize':
      return { method: 'POST', path: `${path}/randomization`, body: { factors: FACTORS } };
    case 'edit':
      return {
        method: 'PATCH',
        path,
        body: {
          version: write.subject.version,
          initials: write.value,
          reason: `crash check: initials corrected (round ${write.round})`,
        },
      };
    case 'upload':
      return {
        method: 'POST',
        path: `${path}/documents`,
        body: {
          fileName: `crash-check-${write.round}.json`,
          mediaType: 'application/fhir+json',
          content: eligibleBundleFor(write.subject.id, write.n, shiftDays),
        },
      };
    case 'answer':
      return {
        method: 'POST',
        path: `${path}/attestations`,
        body: { answers: [{ linkId: 'I01', value: true, comment: write.value }] },
      };
  }
}

export interface Crash {
  outcomes: Outcome[];
  /** Acknowledgements counted when the kill was decided (more may arrive from the socket buffers after). */
  killAfterAcks: number;
  /** Requests sent and not answered when SIGKILL was sent. */
  inFlightAtKill: number;
  /** Seconds from the first request to the kill. */
  killedAtSeconds: number;
}

/**
 * Sends `writes` with `clients` concurrent clients and SIGKILLs `server` `jitterMs` after the
 * `killAfter`-th acknowledgement; resolves when the server is gone and every client has its answer
 * or its broken connection.
 */
export async function loadAndKill(
  http: Http,
  server: ServerProcess,
  staff: Staff,
  writes: readonly Write[],
  options: { clients: number; killAfter: number; jitterMs: number; shiftDays: number },
): Promise<Crash> {
  const outcomes: Outcome[] = writes.map((write) => ({ write, state: 'not-sent' }));
  let stopped = false;
  let acknowledged = 0;
  let pending = 0;
  let inFlightAtKill = 0;
  let killedAtSeconds = 0;
  const started = performance.now();
  let killing: Promise<void> | null = null;
  const kill = () => {
    if (killing) return killing;
    stopped = true;
    inFlightAtKill = pending;
    killedAtSeconds = (performance.now() - started) / 1000;
    killing = server.kill();
    return killing;
  };
  const clients = Array.from(
    { length: options.clients },
    (_, i) => staff.coordinators[i % staff.coordinators.length] as HttpClient,
  );
  await runPhase({
    clients,
    total: writes.length,
    send: async (i, client) => {
      const outcome = outcomes[i] as Outcome;
      if (stopped) return null;
      const { method, path, body } = request(outcome.write, options.shiftDays);
      outcome.state = 'in-flight';
      pending++;
      try {
        const answer = await http.send(method, path, client, body);
        if (answer.status < 200 || answer.status > 299) {
          outcome.state = 'refused';
          outcome.answer = `${answer.status} ${answer.body.slice(0, 300)}`;
          return outcome.answer;
        }
        outcome.state = 'acknowledged';
        const parsed = JSON.parse(answer.body);
        if (outcome.write.kind === 'randomize') outcome.receipt = parsed as Receipt;
        if (outcome.write.kind === 'upload')
          outcome.documentId = (parsed as { documentId: string }).documentId;
        if (++acknowledged === options.killAfter) setTimeout(kill, options.jitterMs);
        return null;
      } catch {
        return null; // the connection broke: the server was killed with this request in flight
      } finally {
        pending--;
      }
    },
  });
  // Every write answered before the kill came (a slow kill or a short round): kill now, after the load.
  await kill();
  return { outcomes, killAfterAcks: options.killAfter, inFlightAtKill, killedAtSeconds };
}
