import { errorFields, type Logger } from './logger';

/** Something to stop at shutdown: an HTTP or gRPC server, a consumer, a relay, a database. */
export interface Closer {
  name: string;
  close: () => Promise<void> | void;
}

export interface LifecycleOptions {
  logger: Logger;
  /** Time allowed for all closers together before shutdown gives up; default 20 s. */
  shutdownTimeoutMs?: number;
}

/**
 * Closers in start order; shutdown closes them in reverse, so servers stop taking work before the
 * consumers, relays and the database they use are closed.
 */
export class Lifecycle {
  private readonly closers: Closer[] = [];
  private shutdownPromise?: Promise<boolean>;

  constructor(private readonly options: LifecycleOptions) {}

  add(closer: Closer): void {
    if (this.shutdownPromise) throw new Error(`cannot add ${closer.name}: shutting down`);
    this.closers.push(closer);
  }

  get stopping(): boolean {
    return this.shutdownPromise !== undefined;
  }

  /** Resolves true when every closer finished in time; repeated calls share the first run. */
  shutdown(reason: string): Promise<boolean> {
    this.shutdownPromise ??= this.closeAll(reason);
    return this.shutdownPromise;
  }

  private async closeAll(reason: string): Promise<boolean> {
    const { logger } = this.options;
    const timeoutMs = this.options.shutdownTimeoutMs ?? 20_000;
    logger.info({ reason }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        logger.error({ timeoutMs }, 'shutdown timed out');
        resolve(false);
      }, timeoutMs);
    });
    const closeInOrder = async (): Promise<boolean> => {
      let clean = true;
      for (const closer of [...this.closers].reverse()) {
        try {
          await closer.close();
          logger.info({ closer: closer.name }, 'closed');
        } catch (err) {
          clean = false;
          logger.error({ ...errorFields(err), closer: closer.name }, 'close failed');
        }
      }
      return clean;
    };
    try {
      return await Promise.race([closeInOrder(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface RunServiceOptions extends LifecycleOptions {
  /**
   * Starts the service and returns its closers in start order. It may also add closers to the
   * lifecycle as it goes, so a start that fails half-way still closes what it opened.
   */
  start: (lifecycle: Lifecycle) => Promise<Closer[] | void>;
  signals?: NodeJS.Signals[];
  /** Replaceable for tests; defaults to process.exit. */
  exit?: (code: number) => void;
}

/**
 * Runs a service process: start, then on SIGTERM/SIGINT close everything in reverse order and
 * exit 0 (1 when a closer failed or time ran out). A start failure, an uncaught exception or an
 * unhandled rejection is logged and shuts the process down with exit code 1.
 */
export async function runService(options: RunServiceOptions): Promise<Lifecycle> {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const lifecycle = new Lifecycle(options);
  const stop = (reason: string, failed: boolean) => {
    const first = !lifecycle.stopping;
    void lifecycle.shutdown(reason).then((clean) => {
      if (first) exit(failed || !clean ? 1 : 0);
    });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (lifecycle.stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      exit(1);
      return;
    }
    stop(signal, false);
  };
  const onUncaught = (err: unknown, origin: string) => {
    logger.error({ ...errorFields(err), origin }, 'unhandled error');
    stop(origin, true);
  };
  const onRejection = (reason: unknown) => onUncaught(reason, 'unhandledRejection');
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  for (const signal of signals) process.on(signal, onSignal);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  lifecycle.add({
    name: 'process handlers',
    close: () => {
      for (const signal of signals) process.off(signal, onSignal);
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
    },
  });

  try {
    const closers = await options.start(lifecycle);
    for (const closer of closers ?? []) lifecycle.add(closer);
    logger.info({}, 'started');
  } catch (err) {
    logger.error(errorFields(err), 'start failed');
    stop('start failed', true);
  }
  return lifecycle;
}
