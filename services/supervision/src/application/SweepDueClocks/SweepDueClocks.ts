import { ConflictError } from '@xinfang/kernel';
import { ClockFiring, SupervisionPolicy, SupervisionRecord, TimeContext } from '../../domain';
import { SupervisionDeps } from '../shared/deps';

export interface SweepOptions {
  /** This replica's name in leases, e.g. `supervision-7d9f:1234`. */
  readonly leaseOwner: string;
  /** How long a claim holds; a crashed replica's claims are retried after it. */
  readonly leaseMs: number;
  /** Clocks claimed per sweep. */
  readonly batchSize: number;
}

export interface SweptClock {
  readonly clockId: string;
  readonly caseId: string;
  readonly firings: readonly ClockFiring[];
  readonly recordIds: readonly string[];
}

export interface SweepReport {
  readonly now: Date;
  readonly claimed: number;
  readonly swept: readonly SweptClock[];
  /** Clocks changed meanwhile by another writer (an event or another replica); left as they are. */
  readonly conflicts: readonly string[];
  readonly failures: readonly { readonly clockId: string; readonly error: string }[];
}

/**
 * The sweeper: claims a batch of due clocks (leased, so replicas never fire the same clock at
 * once) and fires each — reminders, overdue, the escalation ladder, lapsed windows — recording a
 * supervision record per firing. Safe to run on every replica, repeatedly: each step is done once
 * per clock, records are keyed by the step, and a clock saved by someone else meanwhile is a
 * conflict that discards this replica's work.
 */
export class SweepDueClocks {
  constructor(
    private readonly deps: Pick<
      SupervisionDeps,
      'clocks' | 'records' | 'policies' | 'calendar' | 'ids' | 'clock'
    >,
    private readonly options: SweepOptions,
  ) {}

  async execute(): Promise<SweepReport> {
    const now = this.deps.clock.now();
    const { leaseOwner, leaseMs, batchSize } = this.options;
    const claimed = await this.deps.clocks.claimDue(now, batchSize, leaseOwner, leaseMs);
    const policies = new Map<string, SupervisionPolicy>();
    const swept: SweptClock[] = [];
    const conflicts: string[] = [];
    const failures: { clockId: string; error: string }[] = [];
    for (const clock of claimed) {
      try {
        const tenantId = clock.caseRef.tenantId;
        let policy = policies.get(tenantId);
        if (!policy) {
          policy = await this.deps.policies.policyFor(tenantId);
          policies.set(tenantId, policy);
        }
        const ctx: TimeContext = { calendar: this.deps.calendar, policy, ids: this.deps.ids };
        const firings = clock.fire(now, ctx);
        const recordIds: string[] = [];
        // Records first: keyed by the step, so a lost race or a retry never opens a second one,
        // and a crash before the clock is saved leaves the step due and the record present.
        for (const firing of firings) {
          if (firing.type === 'lapsed') continue;
          const record = SupervisionRecord.fromFiring(this.deps.ids.newId(), firing, {
            id: clock.id,
            kind: clock.kind,
            caseRef: clock.caseRef,
            responsibleUnit: clock.responsibleUnit,
          });
          if (await this.deps.records.add(record)) recordIds.push(record.id);
        }
        await this.deps.clocks.save(clock);
        swept.push({ clockId: clock.id, caseId: clock.caseRef.caseId, firings, recordIds });
      } catch (err) {
        if (err instanceof ConflictError) conflicts.push(clock.id);
        else
          failures.push({
            clockId: clock.id,
            error: err instanceof Error ? err.message : String(err),
          });
      } finally {
        await this.deps.clocks.release(clock.id, leaseOwner);
      }
    }
    return { now, claimed: claimed.length, swept, conflicts, failures };
  }
}
