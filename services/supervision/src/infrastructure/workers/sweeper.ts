import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { runAsSystem } from '@xinfang/principal';
import type { Logger } from '@xinfang/store';
import { SweepDueClocks, type SupervisionDeps } from '../../application';
import { PeriodicWork } from './periodic';

/** A lease owner id unique to this process and service instance: `<host>:<pid>:<random>`. */
export function leaseOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface ClockSweeperOptions {
  readonly deps: Pick<
    SupervisionDeps,
    'clocks' | 'records' | 'policies' | 'calendar' | 'ids' | 'clock'
  >;
  readonly logger: Logger;
  readonly leaseOwner: string;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly intervalMs: number;
}

/**
 * Runs SweepDueClocks every interval, at once again while full batches come back. Safe on every
 * replica: claims are leased per clock and every step is done once per clock.
 */
export function clockSweeper(options: ClockSweeperOptions): PeriodicWork {
  const sweep = new SweepDueClocks(options.deps, {
    leaseOwner: options.leaseOwner,
    leaseMs: options.leaseMs,
    batchSize: options.batchSize,
  });
  return new PeriodicWork({
    name: 'clock sweeper',
    logger: options.logger,
    intervalMs: options.intervalMs,
    run: () =>
      runAsSystem(`sweeper:${options.leaseOwner}`, async () => {
        const report = await sweep.execute();
        const fired = report.swept.reduce((n, s) => n + s.firings.length, 0);
        if (report.claimed > 0) {
          options.logger.info(
            {
              claimed: report.claimed,
              fired,
              conflicts: report.conflicts.length,
              failures: report.failures.length,
            },
            'due clocks swept',
          );
        }
        for (const f of report.failures) {
          options.logger.error({ clockId: f.clockId, err: f.error }, 'sweeping a clock failed');
        }
        return report.claimed >= options.batchSize;
      }),
  });
}
