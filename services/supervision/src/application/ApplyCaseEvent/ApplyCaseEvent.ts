import { ConflictError } from '@xinfang/kernel';
import {
  CaseClock,
  CaseFact,
  CaseFile,
  ClockChange,
  planClockChanges,
  SupervisionRecord,
  TimeContext,
} from '../../domain';
import { SupervisionDeps } from '../shared/deps';

export interface ApplyCaseEventInput {
  /** The event's id (CloudEvents `ce_id`): applying the same id again changes nothing. */
  readonly eventId: string;
  readonly fact: CaseFact;
}

export interface ApplyCaseEventResult {
  /** False when the event had been applied before. */
  readonly applied: boolean;
  /** Clocks started, stopped, paused, resumed or extended. */
  readonly changedClockIds: readonly string[];
  /** Supervision records opened (an unsatisfied rating). */
  readonly openedRecordIds: readonly string[];
}

/** Saves racing a sweep of the same clock are retried from fresh state this many times. */
const ATTEMPTS = 3;

/**
 * A case event → the case's clocks and file. Idempotent by event id: each clock and the file
 * remember the events applied to them, so a redelivered event (or one half-applied before a
 * crash) changes nothing twice.
 */
export class ApplyCaseEvent {
  constructor(
    private readonly deps: Pick<
      SupervisionDeps,
      'clocks' | 'files' | 'records' | 'policies' | 'calendar' | 'ids'
    >,
  ) {}

  async execute(input: ApplyCaseEventInput): Promise<ApplyCaseEventResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.applyOnce(input);
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= ATTEMPTS) throw err;
      }
    }
  }

  private async applyOnce({ eventId, fact }: ApplyCaseEventInput): Promise<ApplyCaseEventResult> {
    const { caseId, tenantId } = fact.caseRef;
    const file = (await this.deps.files.findById(caseId)) ?? CaseFile.open(fact.caseRef);
    if (file.hasApplied(eventId)) {
      return { applied: false, changedClockIds: [], openedRecordIds: [] };
    }
    const policy = await this.deps.policies.policyFor(tenantId);
    const ctx: TimeContext = { calendar: this.deps.calendar, policy, ids: this.deps.ids };
    const clocks = await this.deps.clocks.findByCase(caseId);
    const changed = new Set<CaseClock>();
    for (const change of planClockChanges(fact, policy)) {
      this.applyChange(change, clocks, changed, eventId, fact, ctx);
    }
    for (const clock of changed) await this.deps.clocks.save(clock);

    const rating = file.apply(eventId, fact, {
      calendar: this.deps.calendar,
      followUpDays: policy.followUpDays,
    });
    const opened: string[] = [];
    if (rating?.satisfaction === 'unsatisfied') {
      const record = SupervisionRecord.forUnsatisfiedRating(
        this.deps.ids.newId(),
        file.caseRef,
        eventId,
        rating.ratedUnit,
        rating.at,
        rating.actor,
      );
      if (await this.deps.records.add(record)) opened.push(record.id);
    }
    await this.deps.files.save(file);
    return {
      applied: true,
      changedClockIds: [...changed].map((c) => c.id),
      openedRecordIds: opened,
    };
  }

  private applyChange(
    change: ClockChange,
    clocks: CaseClock[],
    changed: Set<CaseClock>,
    eventId: string,
    fact: CaseFact,
    ctx: TimeContext,
  ): void {
    const active = (kinds: readonly string[]) =>
      clocks.filter((c) => c.isActive && kinds.includes(c.kind));
    const mark = (clock: CaseClock, did: boolean) => {
      if (did) changed.add(clock);
    };
    switch (change.op) {
      case 'start': {
        const done = clocks.some(
          (c) => c.kind === change.kind && c.toState().startedBy === eventId,
        );
        if (done) return;
        for (const old of active([change.kind])) {
          mark(old, old.stopFor('cancelled', change.at, eventId, fact.actor, ctx));
        }
        const clock = CaseClock.start(
          {
            id: ctx.ids.newId(),
            caseRef: fact.caseRef,
            kind: change.kind,
            startedAt: change.at,
            limit: change.limit,
            responsibleUnit: change.responsibleUnit,
            eventId,
          },
          ctx,
        );
        clocks.push(clock);
        changed.add(clock);
        return;
      }
      case 'stop':
        for (const c of active(change.kinds)) {
          mark(c, c.stopFor(change.outcome, change.at, eventId, fact.actor, ctx));
        }
        return;
      case 'pause':
        for (const c of active(change.kinds)) {
          mark(c, c.pause(change.at, eventId, change.hearingId, fact.actor, ctx));
        }
        return;
      case 'resume':
        for (const c of active(change.kinds)) {
          mark(c, c.resume(change.at, eventId, fact.actor, ctx));
        }
        return;
      case 'extend':
        for (const c of active([change.kind])) {
          mark(c, c.extend(change.days, change.at, eventId, ctx));
        }
        return;
      case 'cancelAll':
        for (const c of clocks.filter((x) => x.isActive)) {
          mark(c, c.stopFor('cancelled', change.at, eventId, fact.actor, ctx));
        }
        return;
    }
  }
}
