import { runAsSystem } from '@xinfang/principal';
import type { Logger } from '@xinfang/store';
import type { Model } from 'mongoose';
import { ScanBacklog } from '../../application';
import { PeriodicWork } from './periodic';

export interface BacklogScannerOptions {
  readonly scan: ScanBacklog;
  /** Case files, for the tenants that have any. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly files: Model<any>;
  readonly logger: Logger;
  readonly intervalMs: number;
}

/** Runs ScanBacklog for every tenant with case files, once per interval (daily by default). */
export function backlogScanner(options: BacklogScannerOptions): PeriodicWork {
  return new PeriodicWork({
    name: 'backlog scanner',
    logger: options.logger,
    intervalMs: options.intervalMs,
    // Not at start: a replica restarting often should not rescan every time.
    initialDelayMs: Math.min(options.intervalMs, 10 * 60_000),
    run: () =>
      runAsSystem('backlog-scanner', async () => {
        const tenants = (await options.files.distinct('tenantId').exec()) as Array<string | null>;
        for (const tenantId of tenants) {
          if (!tenantId) continue;
          const flagged = await options.scan.execute({ tenantId });
          if (flagged.length > 0) {
            options.logger.info({ tenantId, flagged: flagged.length }, 'backlog cases flagged');
          }
        }
        return false;
      }),
  });
}
