import {
  ConflictError,
  daysBetween,
  isLocalDate,
  LocalDate,
  toLocalDate,
  ValidationError,
} from '@xinfang/kernel';
import { EventRecorder } from './events';
import { Actor, CaseRef, UnitRef } from './refs';
import { NoticeKind, NoticeStatus } from './vocabulary';

export interface NoticeResponse {
  readonly text: string;
  readonly respondedAt: Date;
  readonly respondedBy: Actor;
  /** Responded after the due date. */
  readonly late: boolean;
}

/** A supervision letter (三函) and its answer: issued → responded → closed. */
export interface SupervisionNoticeState {
  readonly id: string;
  readonly caseRef: CaseRef;
  readonly kind: NoticeKind;
  readonly documentNumber: string;
  readonly issuer: UnitRef;
  readonly targetUnit: UnitRef;
  readonly reason: string;
  readonly responseDueDate: LocalDate;
  /** Ladder level the notice belongs to; 0 outside the ladder. */
  readonly escalationLevel: number;
  readonly supervisionRecordId: string | null;
  readonly issuedAt: Date;
  readonly issuedBy: Actor;
  readonly status: NoticeStatus;
  readonly response: NoticeResponse | null;
  readonly closedAt: Date | null;
  readonly closedBy: Actor | null;
  readonly conclusion: string | null;
  readonly version: number;
}

export interface IssueNoticeParams {
  readonly id: string;
  readonly eventId: string;
  readonly caseRef: CaseRef;
  readonly kind: NoticeKind;
  readonly documentNumber: string;
  readonly issuer: UnitRef;
  readonly targetUnit: UnitRef;
  readonly reason: string;
  readonly responseDueDate: LocalDate;
  readonly escalationLevel: number;
  readonly supervisionRecordId: string | null;
  readonly at: Date;
  readonly actor: Actor;
}

export class SupervisionNotice extends EventRecorder {
  private constructor(private s: SupervisionNoticeState) {
    super();
  }

  static issue(p: IssueNoticeParams): SupervisionNotice {
    if (!isLocalDate(p.responseDueDate)) {
      throw new ValidationError('responseDueDate', `"${p.responseDueDate}" is not a date`);
    }
    if (daysBetween(toLocalDate(p.at), p.responseDueDate) < 0) {
      throw new ValidationError('responseDueDate', 'must not be before the day of issue');
    }
    const notice = new SupervisionNotice({
      id: p.id,
      caseRef: p.caseRef,
      kind: p.kind,
      documentNumber: p.documentNumber,
      issuer: p.issuer,
      targetUnit: p.targetUnit,
      reason: p.reason,
      responseDueDate: p.responseDueDate,
      escalationLevel: p.escalationLevel,
      supervisionRecordId: p.supervisionRecordId,
      issuedAt: p.at,
      issuedBy: p.actor,
      status: 'issued',
      response: null,
      closedAt: null,
      closedBy: null,
      conclusion: null,
      version: 0,
    });
    notice.record({
      id: p.eventId,
      name: 'SupervisionNoticeIssued',
      caseRef: p.caseRef,
      actor: p.actor,
      occurredAt: p.at,
      noticeId: p.id,
      kind: p.kind,
      documentNumber: p.documentNumber,
      issuer: p.issuer,
      targetUnit: p.targetUnit,
      reason: p.reason,
      responseDueDate: p.responseDueDate,
      escalationLevel: p.escalationLevel,
    });
    return notice;
  }

  static fromState(state: SupervisionNoticeState): SupervisionNotice {
    return new SupervisionNotice(state);
  }

  toState(): SupervisionNoticeState {
    return this.s;
  }

  get id(): string {
    return this.s.id;
  }
  get caseRef(): CaseRef {
    return this.s.caseRef;
  }
  get targetUnit(): UnitRef {
    return this.s.targetUnit;
  }

  markPersisted(): void {
    this.s = { ...this.s, version: this.s.version + 1 };
  }

  /** The addressed unit answers; once only. */
  respond(text: string, actor: Actor, at: Date): void {
    if (this.s.status !== 'issued') {
      throw new ConflictError(`notice ${this.s.id} was already answered`);
    }
    const late = daysBetween(this.s.responseDueDate, toLocalDate(at)) > 0;
    this.s = {
      ...this.s,
      status: 'responded',
      response: { text, respondedAt: at, respondedBy: actor, late },
    };
  }

  /** The supervisor closes the notice after reading the answer. */
  close(conclusion: string, actor: Actor, at: Date): void {
    if (this.s.status === 'closed') throw new ConflictError(`notice ${this.s.id} is closed`);
    if (this.s.status !== 'responded') {
      throw new ConflictError(`notice ${this.s.id} has no response yet`);
    }
    this.s = { ...this.s, status: 'closed', closedAt: at, closedBy: actor, conclusion };
  }

  /** Past its due date without an answer. */
  isResponseOverdue(now: Date): boolean {
    return this.s.status === 'issued' && daysBetween(this.s.responseDueDate, toLocalDate(now)) > 0;
  }
}
