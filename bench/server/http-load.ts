/**
 * The load generator of bench:server: plain node:http over one keep-alive agent, so each of the
 * concurrent clients keeps one connection open for the whole phase (no dependency, no fetch overhead).
 * Each client is a loop that takes the next request number from a shared counter and sends it as soon
 * as its previous answer has arrived (a closed loop: offered load = what the server can take).
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface HttpClient {
  /** The session cookie and CSRF token of one signed-in user. */
  cookie: string | null;
  csrf: string | null;
}

export interface HttpResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export class Http {
  private readonly agent: Agent;

  constructor(
    private readonly origin: URL,
    sockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  send(method: string, path: string, client: HttpClient | null, payload?: unknown): Promise<HttpResponse> {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (client?.cookie) headers.cookie = client.cookie;
    if (client?.csrf) headers['x-csrf-token'] = client.csrf;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.origin.hostname,
          port: this.origin.port,
          method,
          path,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends and parses a JSON answer, failing loudly on an unexpected status (setup steps). */
  async json<T>(
    method: string,
    path: string,
    client: HttpClient | null,
    payload: unknown,
    expected: number,
  ): Promise<{ body: T; response: HttpResponse }> {
    const response = await this.send(method, path, client, payload);
    if (response.status !== expected)
      throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${response.body}`);
    return { body: JSON.parse(response.body) as T, response };
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface PhaseResult {
  requests: number;
  /** Answers whose status was not the expected one (each is also in `failures`, the first few kept). */
  errors: number;
  failures: string[];
  seconds: number;
  /** Milliseconds per request, sorted. */
  latencies: Float64Array;
  /** CPU time of this process (server and clients together) per second of the phase: 1 = one core busy. */
  cores: number;
  /** How late timers ran (ms, p50 and p99): the event loop's queue, which every request waits in. */
  eventLoopDelayMs: { p50: number; p99: number };
}

export interface Phase {
  clients: readonly HttpClient[];
  /** Stop after this many requests … */
  total?: number;
  /** … or after this many milliseconds (whichever comes first). */
  durationMs?: number;
  /** Sends request number `i`; returns an error text when the answer is wrong, null when it is right. */
  send(i: number, client: HttpClient): Promise<string | null>;
}

const DELAY_RESOLUTION_MS = 2;
/** The histogram records the interval between its timer's runs, resolution included: the lateness is the rest. */
const lateness = (ns: number) => Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS);

/** Runs a closed-loop phase with one worker per client; latencies are per request, in ms. */
export async function runPhase(phase: Phase): Promise<PhaseResult> {
  const total = phase.total ?? Number.POSITIVE_INFINITY;
  const deadline = phase.durationMs === undefined ? Number.POSITIVE_INFINITY : phase.durationMs;
  const latencies: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  let next = 0;
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async (client: HttpClient) => {
    for (;;) {
      if (next >= total || performance.now() - started >= deadline) return;
      const i = next++;
      const sent = performance.now();
      const problem = await phase.send(i, client);
      latencies.push(performance.now() - sent);
      if (problem !== null) {
        errors++;
        if (failures.length < 5) failures.push(problem);
      }
    }
  };
  await Promise.all(phase.clients.map(worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  delay.disable();
  return {
    requests: latencies.length,
    errors,
    failures,
    seconds,
    latencies: Float64Array.from(latencies).sort(),
    cores: (used.user + used.system) / 1e6 / seconds,
    eventLoopDelayMs: { p50: lateness(delay.percentile(50)), p99: lateness(delay.percentile(99)) },
  };
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
