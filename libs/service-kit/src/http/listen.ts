import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Closer } from '../lifecycle';

/** Starts serving the app; resolves once the port is bound. */
export function listenHttp(app: Express, port: number, host = '0.0.0.0'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

/** Stops accepting connections, lets requests in flight finish, then drops idle keep-alives. */
export function httpServerCloser(server: Server, name = 'http'): Closer {
  return {
    name,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
