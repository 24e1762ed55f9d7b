/** The randomization requests of one server process, committed in batches (batch.ts). */
import type { Receipt } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import type { Db } from '../database.ts';
import { type Outcome, type RandomizationRequest, randomizeBatch } from './batch.ts';

interface Waiting {
  request: RandomizationRequest;
  resolve: (receipt: Receipt) => void;
  reject: (error: unknown) => void;
}

/**
 * Randomization requests of one server process, committed in batches: while a batch's transaction
 * runs, new requests wait; the next batch takes all of them (up to `maxBatch`). A lone request waits
 * only for the end of the event loop's turn. Across processes the cursor's row lock orders the batches.
 *
 * Three batches at a time: one holds the hot rows while the others check their requests. On the 2-core
 * development machine (bench:server, 32 clients, one stratum, checks set-wise in batch-checks.ts) 2 and 3
 * were alike (randomizations/s ÷ one-hot-row pgbench TPS 0.5–0.8 each, machine shared), 3 with the
 * lower p99.
 */
export class RandomizationQueue {
  readonly #waiting: Waiting[] = [];
  #running = 0;
  #scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly protocol: Protocol,
    private readonly clock: { now(): Date },
    private readonly options: { maxBatch: number; concurrentBatches: number } = {
      maxBatch: 64,
      concurrentBatches: 3,
    },
  ) {}

  randomize(request: RandomizationRequest): Promise<Receipt> {
    return new Promise<Receipt>((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      // After the I/O callbacks of this turn of the event loop: requests that arrived together (32
      // clients answered by one commit send their next ones at once) start as one batch, not one alone
      // and the rest behind it. A lone request waits for nothing else.
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#start();
      });
    });
  }

  #start(): void {
    while (this.#running < this.options.concurrentBatches && this.#waiting.length) {
      const batch = this.#waiting.splice(0, this.options.maxBatch);
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#start();
      });
    }
  }

  async #run(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.db.transaction((tx) =>
        randomizeBatch(
          tx,
          this.protocol,
          this.clock,
          batch.map((w) => w.request),
        ),
      );
      for (const [i, w] of batch.entries()) {
        const outcome = outcomes[i] as Outcome;
        if ('receipt' in outcome) w.resolve(outcome.receipt);
        else w.reject(outcome.error);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
