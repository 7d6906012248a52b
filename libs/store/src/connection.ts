import mongoose, { Connection } from 'mongoose';
import { Logger, silentLogger } from './logger';

export interface ConnectStoreOptions {
  /** MongoDB connection string, e.g. `mongodb://127.0.0.1:27018`. */
  url: string;
  /** The service's own database. */
  dbName: string;
  logger?: Logger;
  /** How long one attempt waits for a server (default 5000 ms). */
  serverSelectionTimeoutMS?: number;
  /** Attempts before giving up on the initial connection (default 5). */
  attempts?: number;
  /** Delay before the second attempt; doubles after each failure (default 500 ms). */
  retryDelayMs?: number;
  /** Reported to the server, shows up in its logs (default: dbName). */
  appName?: string;
  maxPoolSize?: number;
}

/** The URL with any password replaced, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

/**
 * Opens a mongoose connection to the service's database. The initial connection is retried with
 * backoff because servers and their clients start together; after the last attempt it fails with
 * an error naming the server and the cause, so the process exits with a clear message.
 */
export async function connectStore(options: ConnectStoreOptions): Promise<Connection> {
  const logger = options.logger ?? silentLogger;
  const attempts = Math.max(1, options.attempts ?? 5);
  const where = `${redactUrl(options.url)} (database ${options.dbName})`;
  let delay = options.retryDelayMs ?? 500;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const conn = mongoose.createConnection(options.url, {
      dbName: options.dbName,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
      appName: options.appName ?? options.dbName,
      ...(options.maxPoolSize === undefined ? {} : { maxPoolSize: options.maxPoolSize }),
    });
    try {
      await conn.asPromise();
      watch(conn, logger, where);
      logger.info({ store: where, attempt }, 'store connected');
      return conn;
    } catch (err) {
      lastError = err;
      await conn.close().catch(() => undefined);
      if (attempt < attempts) {
        logger.warn(
          { store: where, attempt, err: messageOf(err) },
          'store not reachable, retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }
  throw new Error(
    `could not connect to ${where} after ${attempts} attempts: ${messageOf(lastError)}`,
    {
      cause: lastError,
    },
  );
}

/** Closes the connection, waiting for operations in flight. */
export async function closeStore(conn: Connection): Promise<void> {
  await conn.close();
}

function watch(conn: Connection, logger: Logger, where: string): void {
  conn.on('disconnected', () => logger.warn({ store: where }, 'store disconnected'));
  conn.on('reconnected', () => logger.info({ store: where }, 'store reconnected'));
  conn.on('error', (err: unknown) =>
    logger.error({ store: where, err: messageOf(err) }, 'store error'),
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Readiness of a store connection: connected and answering a ping (for `/readyz`). */
export async function storeReady(conn: Connection): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  await conn.db.admin().ping();
  return true;
}
