/**
 * A small pool of worker threads running one entry file. Tasks wait in one queue and go to
 * whichever worker has room (at most `depth` tasks each, so a worker always has its next task at hand
 * and a slow one never collects a backlog). Any worker failure — an uncaught exception, an exit, a
 * message that cannot be read — fails every task and every later call, so the caller sees an error
 * instead of waiting forever.
 *
 * The entry is a JavaScript file (the workers' bundle, ./worker-bundle.ts), or a TypeScript one that
 * workers run through tsx, however the main thread got it (`tsx src/cli/main.ts`,
 * `node --import tsx`, bin/trialkit.js's `register()`, Vitest): each worker first registers tsx's
 * loader itself, then imports the entry. (Node 20 workers do not reliably inherit the main thread's
 * loader, and a `--import` given in a worker's execArgv is not in place yet when the entry is loaded.)
 */
import { Worker } from 'node:worker_threads';
import type { WorkerReply } from './messages.ts';

interface Task {
  id: number;
  request: object;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress: ((bytes: number) => void) | undefined;
}

interface Slot {
  worker: Worker;
  running: Map<number, Task>;
}

const TSX_API = import.meta.resolve('tsx/esm/api');

function startWorker(entry: URL): Worker {
  // A bundle (./worker-bundle.ts) is plain JavaScript: the worker gets none of the parent's Node
  // options, so an `--import tsx` there does not load tsx again in it (~0.2 s per worker at start).
  // (V8 flags such as --single-threaded-gc are the process's and apply anyway.) TypeScript sources
  // go through tsx.
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { execArgv: [] });
  const code = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(
    entry: URL,
    count: number,
    private readonly depth = 2,
  ) {
    for (let i = 0; i < count; i++) {
      const slot: Slot = { worker: startWorker(entry), running: new Map() };
      this.slots.push(slot);
      slot.worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
      slot.worker.on('error', (error) => this.fail(error));
      slot.worker.on('messageerror', (error) => this.fail(error));
      slot.worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
      });
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs one task on the first worker with room. */
  run<T>(request: object, onProgress?: (bytes: number) => void): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        request,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress,
      });
      this.dispatch();
    });
  }

  /** Runs the same task once on every worker (after whatever each one has already been given). */
  broadcast<T>(request: object): Promise<T[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<T>((resolve, reject) => {
            const task: Task = {
              id: this.nextId++,
              request,
              resolve: resolve as (value: unknown) => void,
              reject,
              onProgress: undefined,
            };
            this.send(slot, task);
          }),
      ),
    );
  }

  /** Stops every worker (also after a failure); pending tasks are rejected. */
  async close(): Promise<void> {
    this.closing = true;
    this.fail(new Error('the worker pool was closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const slot of this.slots)
        if (slot.running.size < this.depth && (best === undefined || slot.running.size < best.running.size))
          best = slot;
      if (best === undefined) return;
      this.send(best, this.queue.shift() as Task);
    }
  }

  private send(slot: Slot, task: Task): void {
    slot.running.set(task.id, task);
    try {
      slot.worker.postMessage({ ...task.request, id: task.id });
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const task = slot.running.get(reply.id);
    if (task === undefined) return;
    if (reply.type === 'progress') {
      task.onProgress?.(reply.bytes);
      return;
    }
    slot.running.delete(reply.id);
    if (reply.type === 'done') {
      task.resolve(reply.value);
      this.dispatch();
      return;
    }
    // A task that failed is a fault of trialkit: nothing more is run.
    const error = new Error(`in a worker thread: ${reply.error}`);
    task.reject(error);
    this.fail(error);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const tasks = [...this.queue.splice(0), ...this.slots.flatMap((slot) => [...slot.running.values()])];
    for (const slot of this.slots) slot.running.clear();
    for (const task of tasks) task.reject(this.failure);
  }
}
