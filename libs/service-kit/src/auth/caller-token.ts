import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The raw bearer token of the request being served, so that gRPC clients can call other services
 * on the caller's behalf (the callee then applies the caller's own scope).
 */
const storage = new AsyncLocalStorage<string>();

export function runWithCallerToken<T>(token: string, fn: () => T): T {
  return storage.run(token, fn);
}

export function currentCallerToken(): string | undefined {
  return storage.getStore();
}
