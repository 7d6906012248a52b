import { AsyncLocalStorage } from 'node:async_hooks';
import { UnauthenticatedError } from '@xinfang/kernel';
import { Principal, systemPrincipal } from './principal';

/** What the data layer and the audit log need to know about the current request. */
export interface RequestContext {
  readonly principal: Principal;
  readonly requestId?: string;
  readonly sourceIp?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Runs background work (a relay, a consumer, a sweeper) with the system principal. */
export function runAsSystem<T>(name: string, fn: () => T): T {
  return storage.run({ principal: systemPrincipal(name) }, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The caller of the current request; throws when code runs outside any request or system task. */
export function currentPrincipal(): Principal {
  const ctx = storage.getStore();
  if (!ctx) throw new UnauthenticatedError('no principal in the current context');
  return ctx.principal;
}
