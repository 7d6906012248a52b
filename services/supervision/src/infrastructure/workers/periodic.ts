import type { Logger } from '@xinfang/store';

export interface PeriodicWorkOptions {
  readonly name: string;
  readonly logger: Logger;
  /** Wait between runs when the last run said there is nothing more to do right away. */
  readonly intervalMs: number;
  /** Wait before the first run (default 0). */
  readonly initialDelayMs?: number;
  /** One run; resolves true when more work is waiting (run again at once). */
  readonly run: () => Promise<boolean>;
}

/** Runs a job again and again until stopped; a failing run is logged and retried after the interval. */
export class PeriodicWork {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly options: PeriodicWorkOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Stops after the run in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async runLoop(): Promise<void> {
    const { name, logger, intervalMs, initialDelayMs = 0 } = this.options;
    if (initialDelayMs > 0) await this.sleep(initialDelayMs);
    while (this.running) {
      let more = false;
      try {
        more = await this.options.run();
      } catch (err) {
        logger.error({ err, worker: name }, 'periodic work failed; retrying');
      }
      if (!more && this.running) await this.sleep(intervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
