/**
 * A progress bar on stderr for long runs: shown only when stderr is a terminal and only once the run
 * has lasted a couple of seconds, so short runs and piped output stay clean.
 */
import type { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';

const DELAY_MS = 2000;

export class Progress {
  private bar: SingleBar | undefined;
  private readonly started = Date.now();
  private patients = 0;
  private read = 0;
  private total: number | undefined;
  private stageName = 'screening';

  constructor(private readonly stream: Writable) {}

  /** Starts a new stage ('scanning', then 'screening'): a fresh bar, bytes counted from 0. */
  stage(name: string): void {
    this.bar?.stop();
    this.bar = undefined;
    this.stageName = name;
    this.read = 0;
  }

  bytes(read: number, total: number | undefined): void {
    this.read = read;
    this.total = total;
    this.update();
  }

  patient(): void {
    this.patients += 1;
    if (this.patients % 100 === 0) this.update();
  }

  private update(): void {
    if (!this.bar) {
      if (Date.now() - this.started < DELAY_MS || !this.total) return;
      this.bar = new SingleBar(
        {
          stream: this.stream,
          format:
            '{stage} {bar} {percentage}% | {patients} patients | {mb}/{totalMb} MB | eta {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
        },
        Presets.shades_classic,
      );
      this.bar.start(this.total, 0, {
        stage: this.stageName,
        patients: 0,
        mb: '0',
        totalMb: (this.total / 1e6).toFixed(0),
      });
    }
    this.bar.update(this.read, {
      stage: this.stageName,
      patients: this.patients,
      mb: (this.read / 1e6).toFixed(0),
    });
  }

  stop(): void {
    this.bar?.stop();
  }
}
