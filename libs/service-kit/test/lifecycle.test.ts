import { Lifecycle, runService } from '@xinfang/service-kit';
import { memoryLogger } from './support/static-token-verifier';

describe('Lifecycle', () => {
  it('closes in reverse start order, once', async () => {
    const order: string[] = [];
    const lc = new Lifecycle({ logger: memoryLogger() });
    for (const name of ['db', 'relay', 'consumer', 'grpc', 'http']) {
      lc.add({ name, close: async () => void order.push(name) });
    }
    const [first, second] = await Promise.all([lc.shutdown('SIGTERM'), lc.shutdown('SIGINT')]);
    expect(order).toEqual(['http', 'grpc', 'consumer', 'relay', 'db']);
    expect(first).toBe(true);
    expect(second).toBe(true);
  });

  it('keeps closing after a failure and reports it', async () => {
    const order: string[] = [];
    const logger = memoryLogger();
    const lc = new Lifecycle({ logger });
    lc.add({ name: 'db', close: () => void order.push('db') });
    lc.add({ name: 'http', close: () => Promise.reject(new Error('socket stuck')) });
    expect(await lc.shutdown('test')).toBe(false);
    expect(order).toEqual(['db']);
    expect(logger.lines.find((l) => l.level === 'error')?.obj).toMatchObject({ closer: 'http' });
  });

  it('gives up after the shutdown timeout', async () => {
    const lc = new Lifecycle({ logger: memoryLogger(), shutdownTimeoutMs: 50 });
    lc.add({ name: 'stuck', close: () => new Promise(() => {}) });
    expect(await lc.shutdown('test')).toBe(false);
  });
});

describe('runService', () => {
  const signal = 'SIGUSR2' as NodeJS.Signals;

  it('starts, and on a signal closes everything and exits 0', async () => {
    const order: string[] = [];
    const exit = jest.fn();
    await runService({
      logger: memoryLogger(),
      signals: [signal],
      exit,
      start: async (lc) => {
        lc.add({ name: 'db', close: () => void order.push('db') });
        return [{ name: 'http', close: () => void order.push('http') }];
      },
    });
    process.emit(signal, signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['http', 'db']);
    expect(exit).toHaveBeenCalledWith(0);
    expect(process.listenerCount(signal)).toBe(0);
  });

  it('closes what a failed start opened and exits 1', async () => {
    const order: string[] = [];
    const exit = jest.fn();
    const logger = memoryLogger();
    await runService({
      logger,
      signals: [signal],
      exit,
      start: async (lc) => {
        lc.add({ name: 'db', close: () => void order.push('db') });
        throw new Error('kafka unreachable');
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['db']);
    expect(exit).toHaveBeenCalledWith(1);
    expect(logger.lines.some((l) => l.msg === 'start failed')).toBe(true);
  });

  it('logs an unhandled rejection and shuts down with exit 1', async () => {
    const exit = jest.fn();
    const logger = memoryLogger();
    await runService({ logger, signals: [signal], exit, start: async () => [] });
    process.emit('unhandledRejection', new Error('lost promise'), Promise.resolve());
    await new Promise((r) => setTimeout(r, 20));
    expect(exit).toHaveBeenCalledWith(1);
    expect(JSON.stringify(logger.lines)).toContain('lost promise');
  });
});
