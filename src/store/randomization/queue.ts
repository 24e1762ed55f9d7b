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
 * for nothing. Across processes the cursor's row lock orders the batches.
 *
 * Three batches at a time: one holds the hot rows while the others check their requests. On the 2-core
 * development machine (bench:server, 32 clients, one stratum) 2, 3 and 8 gave 190, 203 and 182
 * randomizations/s: the database's CPU, not the lock, is the limit there.
 */
export class RandomizationQueue {
  readonly #waiting: Waiting[] = [];
  #running = 0;

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
      this.#start();
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
