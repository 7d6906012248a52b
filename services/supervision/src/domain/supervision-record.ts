import { ConflictError, LocalDate, StatutoryClockKind } from '@xinfang/kernel';
import type { ClockFiring } from './case-clock';
import { Actor, CaseRef, SYSTEM_ACTOR, UnitRef } from './refs';
import { EscalationBody } from './vocabulary';

/** What opened a supervision record (督查督办 file). */
export type SupervisionRecordKind =
  'reminder' | 'overdue' | 'escalation' | 'unsatisfied' | 'notice';

/** One act of supervision on a case: a reminder, an overdue step, a ladder level, a bad rating. */
export interface SupervisionRecordState {
  readonly id: string;
  /**
   * Unique per act (`<clockId>:<type>:<dueDate|level>`, `<caseId>:unsatisfied:<eventId>`), so a
   * repeated sweep or a redelivered event never opens a second record.
   */
  readonly key: string;
  readonly caseRef: CaseRef;
  readonly kind: SupervisionRecordKind;
  /** Ladder level for escalations; 0 otherwise. */
  readonly level: number;
  /** Who supervises; null for reminders. */
  readonly body: EscalationBody | null;
  readonly clockId: string | null;
  readonly clockKind: StatutoryClockKind | null;
  readonly dueDate: LocalDate | null;
  readonly supervisedUnit: UnitRef | null;
  readonly summary: string;
  readonly openedAt: Date;
  readonly openedBy: Actor;
  readonly status: 'open' | 'closed';
  readonly closedAt: Date | null;
  readonly closedBy: Actor | null;
  readonly conclusion: string | null;
  /** Notices (三函) issued under this record. */
  readonly noticeIds: readonly string[];
}

const SUMMARIES: Record<ClockFiring['type'], string> = {
  reminder: '临期提醒',
  overdue: '超期',
  escalation: '超期督办',
  lapsed: '期限届满',
};

export class SupervisionRecord {
  private constructor(private s: SupervisionRecordState) {}

  static fromState(state: SupervisionRecordState): SupervisionRecord {
    return new SupervisionRecord(state);
  }

  /** The record of a reminder, overdue or escalation step fired by the sweep. */
  static fromFiring(
    id: string,
    firing: ClockFiring,
    clock: {
      id: string;
      kind: StatutoryClockKind;
      caseRef: CaseRef;
      responsibleUnit: UnitRef | null;
    },
  ): SupervisionRecord {
    const kind: SupervisionRecordKind =
      firing.type === 'escalation'
        ? 'escalation'
        : firing.type === 'overdue'
          ? 'overdue'
          : 'reminder';
    return new SupervisionRecord({
      id,
      key: firing.key,
      caseRef: clock.caseRef,
      kind,
      level: firing.level,
      body: firing.body ?? (kind === 'overdue' ? 'petitionBureau' : null),
      clockId: clock.id,
      clockKind: clock.kind,
      dueDate: firing.dueDate,
      supervisedUnit: clock.responsibleUnit,
      summary:
        firing.type === 'escalation'
          ? `${SUMMARIES.escalation}（第${firing.level}级）`
          : SUMMARIES[firing.type],
      openedAt: firing.at,
      openedBy: SYSTEM_ACTOR,
      status: 'open',
      closedAt: null,
      closedBy: null,
      conclusion: null,
      noticeIds: [],
    });
  }

  /** An unsatisfied rating (不满意) puts the handling under supervision. */
  static forUnsatisfiedRating(
    id: string,
    caseRef: CaseRef,
    ratingEventId: string,
    ratedUnit: UnitRef | null,
    at: Date,
    actor: Actor,
  ): SupervisionRecord {
    return new SupervisionRecord({
      id,
      key: `${caseRef.caseId}:unsatisfied:${ratingEventId}`,
      caseRef,
      kind: 'unsatisfied',
      level: 0,
      body: 'petitionBureau',
      clockId: null,
      clockKind: null,
      dueDate: null,
      supervisedUnit: ratedUnit,
      summary: '信访人不满意',
      openedAt: at,
      openedBy: actor,
      status: 'open',
      closedAt: null,
      closedBy: null,
      conclusion: null,
      noticeIds: [],
    });
  }

  toState(): SupervisionRecordState {
    return this.s;
  }

  get id(): string {
    return this.s.id;
  }

  linkNotice(noticeId: string): void {
    if (this.s.noticeIds.includes(noticeId)) return;
    this.s = { ...this.s, noticeIds: [...this.s.noticeIds, noticeId] };
  }

  close(conclusion: string, actor: Actor, at: Date): void {
    if (this.s.status === 'closed')
      throw new ConflictError(`supervision record ${this.s.id} is closed`);
    this.s = { ...this.s, status: 'closed', closedAt: at, closedBy: actor, conclusion };
  }
}
