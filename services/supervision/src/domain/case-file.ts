import {
  addDays,
  ConflictError,
  daysBetween,
  HolidayCalendar,
  isLocalDate,
  LocalDate,
  PreconditionError,
  toLocalDate,
  ValidationError,
} from '@xinfang/kernel';
import {
  ChecklistEntry,
  CLOSING_CHECKLIST_ITEMS,
  ClosingDocument,
  evaluateChecklist,
} from './checklist';
import { EventRecorder } from './events';
import { CaseFact } from './facts';
import type { IdGenerator } from './ports-basic';
import { Actor, CaseRef, UnitRef } from './refs';
import {
  Channel,
  ClosureReason,
  ContactMethod,
  RatingSource,
  ReviewStage,
  Satisfaction,
} from './vocabulary';

const APPLIED_EVENTS_KEPT = 500;

export interface Registration {
  readonly registeredAt: Date;
  readonly receivedAt: Date | null;
  readonly channel: Channel;
  readonly collective: boolean;
  readonly headcount: number;
  readonly repeatCount: number;
  readonly repeatOfCaseId: string | null;
  readonly subjectCode: string;
  readonly title: string;
}

export interface RoutingLetter {
  readonly mode: 'forward' | 'assign';
  readonly letterNumber: string | null;
  readonly unit: UnitRef;
  readonly at: Date;
}

/** 领导包案: the one leader who owns the case. */
export interface CaseLeader {
  readonly subject: string;
  readonly name: string;
  readonly title: string;
  readonly unit: UnitRef | null;
  /** What the leader is charged with (阅批、接访、督办、化解…). */
  readonly duties: readonly string[];
  readonly assignedAt: Date;
  readonly assignedBy: Actor;
}

export interface FollowUpRecord {
  /** Id of the FollowUpRecorded event. */
  readonly id: string;
  readonly at: Date;
  readonly method: ContactMethod;
  readonly petitionerReached: boolean;
  readonly summary: string;
  readonly satisfaction: Satisfaction | null;
  readonly stable: boolean;
  readonly recordedBy: Actor;
}

export interface SatisfactionEntry {
  /** Id of the SatisfactionRated event, whoever published it. */
  readonly eventId: string;
  readonly satisfaction: Satisfaction;
  readonly source: RatingSource;
  readonly stage: ReviewStage;
  readonly ratedUnit: UnitRef | null;
  readonly at: Date;
  readonly actor: Actor;
}

export interface Resolution {
  readonly at: Date;
  readonly actor: Actor;
  readonly settlementAgreement: boolean;
  readonly agreementSignedDate: LocalDate | null;
  readonly summary: string;
  readonly ledgerEntryId: string | null;
}

export interface Closure {
  readonly reason: ClosureReason;
  readonly at: Date;
  readonly actor: Actor;
  readonly checklistComplete: boolean;
  readonly onTime: boolean;
  readonly daysOpen: number;
  readonly mergedIntoCaseId: string | null;
}

/** Supervision's file on one case: what events told it and what supervisors recorded. */
export interface CaseFileState {
  readonly caseRef: CaseRef;
  readonly registration: Registration | null;
  readonly letters: readonly RoutingLetter[];
  readonly reply: {
    readonly at: Date;
    readonly deliveredAt: Date | null;
    readonly documentNumber: string | null;
    readonly unit: UnitRef | null;
  } | null;
  readonly resultReport: { readonly at: Date; readonly signedBy: Actor | null } | null;
  readonly leader: CaseLeader | null;
  readonly previousLeaders: readonly { readonly subject: string; readonly replacedAt: Date }[];
  readonly documents: readonly ClosingDocument[];
  /** Next follow-up contact due (回访), if one is scheduled. */
  readonly followUpDueOn: LocalDate | null;
  readonly followUps: readonly FollowUpRecord[];
  readonly satisfactions: readonly SatisfactionEntry[];
  readonly resolution: Resolution | null;
  readonly ledgerEntryId: string | null;
  readonly terminated: boolean;
  readonly closure: Closure | null;
  /** Case events applied to the file (newest last), so redelivery changes nothing. */
  readonly appliedEventIds: readonly string[];
  readonly version: number;
}

export interface FileContext {
  readonly calendar: HolidayCalendar;
  readonly followUpDays: number;
}

export interface RatingInput {
  readonly eventId: string;
  readonly satisfaction: Satisfaction;
  readonly source: RatingSource;
  readonly stage: ReviewStage;
  readonly ratedUnit: UnitRef | null;
  readonly at: Date;
  readonly actor: Actor;
}

export interface FollowUpInput {
  readonly at: Date;
  readonly method: ContactMethod;
  readonly petitionerReached: boolean;
  readonly summary: string;
  readonly satisfaction: Satisfaction | null;
  readonly stable: boolean;
  /** Next contact to schedule, if any. */
  readonly nextContactOn: LocalDate | null;
  readonly actor: Actor;
}

export class CaseFile extends EventRecorder {
  private constructor(private s: CaseFileState) {
    super();
  }

  /** A new file, opened by the first event seen for the case. */
  static open(caseRef: CaseRef): CaseFile {
    return new CaseFile({
      caseRef,
      registration: null,
      letters: [],
      reply: null,
      resultReport: null,
      leader: null,
      previousLeaders: [],
      documents: [],
      followUpDueOn: null,
      followUps: [],
      satisfactions: [],
      resolution: null,
      ledgerEntryId: null,
      terminated: false,
      closure: null,
      appliedEventIds: [],
      version: 0,
    });
  }

  static fromState(state: CaseFileState): CaseFile {
    return new CaseFile(state);
  }

  toState(): CaseFileState {
    return this.s;
  }

  get caseRef(): CaseRef {
    return this.s.caseRef;
  }
  get leader(): CaseLeader | null {
    return this.s.leader;
  }
  get isClosed(): boolean {
    return this.s.closure !== null;
  }
  get ledgerEntryId(): string | null {
    return this.s.ledgerEntryId;
  }
  get registration(): Registration | null {
    return this.s.registration;
  }

  markPersisted(): void {
    this.s = { ...this.s, version: this.s.version + 1 };
  }

  hasApplied(eventId: string): boolean {
    return this.s.appliedEventIds.includes(eventId);
  }

  /**
   * Records what a case event says about the case. Returns the rating when the event is a
   * rating, so the caller can open a supervision record for an unsatisfied one.
   */
  apply(eventId: string, fact: CaseFact, ctx: FileContext): SatisfactionEntry | null {
    if (this.hasApplied(eventId)) return null;
    let rating: SatisfactionEntry | null = null;
    const s = this.s;
    switch (fact.name) {
      case 'CaseRegistered':
        this.s = {
          ...s,
          caseRef: fact.caseRef,
          registration: {
            registeredAt: fact.occurredAt,
            receivedAt: fact.receivedAt,
            channel: fact.channel,
            collective: fact.collective,
            headcount: fact.headcount,
            repeatCount: fact.repeatCount,
            repeatOfCaseId: fact.repeatOfCaseId,
            subjectCode: fact.subjectCode,
            title: fact.title,
          },
        };
        break;
      case 'CaseForwarded':
      case 'CaseAssigned':
        this.s = {
          ...s,
          letters: [
            ...s.letters,
            {
              mode: fact.name === 'CaseForwarded' ? 'forward' : 'assign',
              letterNumber: fact.letterNumber,
              unit: fact.toUnit,
              at: fact.occurredAt,
            },
          ],
        };
        break;
      case 'CaseReplied': {
        const delivered = fact.deliveredAt ?? fact.occurredAt;
        this.s = {
          ...s,
          reply: {
            at: fact.occurredAt,
            deliveredAt: fact.deliveredAt,
            documentNumber: fact.documentNumber,
            unit: fact.unit,
          },
          followUpDueOn: ctx.calendar.rollForward(
            addDays(toLocalDate(delivered), ctx.followUpDays),
          ),
        };
        break;
      }
      case 'CaseResultReported':
        this.s = { ...s, resultReport: { at: fact.occurredAt, signedBy: fact.signedBy } };
        break;
      case 'CaseTerminated':
        this.s = { ...s, terminated: true };
        break;
      case 'SatisfactionRated':
        rating = this.addRating({
          eventId,
          satisfaction: fact.satisfaction,
          source: fact.source,
          stage: fact.stage,
          ratedUnit: fact.ratedUnit,
          at: fact.occurredAt,
          actor: fact.actor,
        });
        break;
      default:
        break;
    }
    this.applied(eventId);
    return rating;
  }

  /**
   * 领导包案: one leader per case. A second leader is refused unless the assignment names the
   * current leader as the one replaced.
   */
  assignLeader(
    leader: Omit<CaseLeader, 'assignedAt' | 'assignedBy'>,
    replaces: string | null,
    actor: Actor,
    at: Date,
    ids: IdGenerator,
  ): void {
    this.assertOpen();
    const current = this.s.leader;
    if (current && current.subject === leader.subject) {
      throw new ConflictError(`${leader.name} already leads case ${this.s.caseRef.caseNumber}`);
    }
    if (current && replaces !== current.subject) {
      throw new ConflictError(
        `case ${this.s.caseRef.caseNumber} already has a leader (${current.name}); a case has one leader`,
        { leaderSubject: current.subject },
      );
    }
    if (!current && replaces) {
      throw new ConflictError(`case ${this.s.caseRef.caseNumber} has no leader to replace`);
    }
    if (leader.duties.length === 0) throw new ValidationError('duties', 'name at least one duty');
    this.s = {
      ...this.s,
      leader: { ...leader, assignedAt: at, assignedBy: actor },
      previousLeaders: current
        ? [...this.s.previousLeaders, { subject: current.subject, replacedAt: at }]
        : this.s.previousLeaders,
    };
    this.record({
      id: ids.newId(),
      name: 'CaseLeaderAssigned',
      caseRef: this.s.caseRef,
      actor,
      occurredAt: at,
      leaderSubject: leader.subject,
      leaderName: leader.name,
      leaderTitle: leader.title,
      leaderUnit: leader.unit,
      previousLeaderSubject: current?.subject ?? null,
    });
  }

  attachLedgerEntry(entryId: string): void {
    if (this.s.ledgerEntryId && this.s.ledgerEntryId !== entryId) {
      throw new ConflictError(`case ${this.s.caseRef.caseNumber} is already in the backlog ledger`);
    }
    this.s = { ...this.s, ledgerEntryId: entryId };
  }

  recordDocument(doc: ClosingDocument): void {
    this.assertOpen();
    if (!CLOSING_CHECKLIST_ITEMS.includes(doc.item)) {
      throw new ValidationError('item', `"${doc.item}" is not a checklist item`);
    }
    const others = this.s.documents.filter(
      (d) => !(d.item === doc.item && d.documentId === doc.documentId),
    );
    this.s = { ...this.s, documents: [...others, doc] };
  }

  /** 回访: a contact with the petitioner; a rating given in it is also published. */
  recordFollowUp(
    input: FollowUpInput,
    ids: IdGenerator,
  ): { followUpId: string; rating: SatisfactionEntry | null } {
    const reply = this.s.reply;
    if (!reply) {
      throw new PreconditionError(
        'a follow-up comes after the written reply; the case has none yet',
      );
    }
    if (input.nextContactOn !== null && !isLocalDate(input.nextContactOn)) {
      throw new ValidationError('nextContactOn', `"${input.nextContactOn}" is not a date`);
    }
    const id = ids.newId();
    const record: FollowUpRecord = {
      id,
      at: input.at,
      method: input.method,
      petitionerReached: input.petitionerReached,
      summary: input.summary,
      satisfaction: input.satisfaction,
      stable: input.stable,
      recordedBy: input.actor,
    };
    this.s = {
      ...this.s,
      followUps: [...this.s.followUps, record],
      followUpDueOn: input.nextContactOn,
    };
    this.record({
      id,
      name: 'FollowUpRecorded',
      caseRef: this.s.caseRef,
      actor: input.actor,
      occurredAt: input.at,
      method: input.method,
      petitionerReached: input.petitionerReached,
      summary: input.summary,
      satisfaction: input.satisfaction,
      stable: input.stable,
    });
    let rating: SatisfactionEntry | null = null;
    if (input.satisfaction && input.petitionerReached) {
      rating = this.rate(
        {
          satisfaction: input.satisfaction,
          stage: 'reply',
          ratedUnit: reply.unit,
          at: input.at,
          actor: input.actor,
        },
        ids,
      );
    }
    return { followUpId: id, rating };
  }

  /** A clerk records the rating the petitioner gave by phone, letter or in person. */
  rate(input: Omit<RatingInput, 'eventId' | 'source'>, ids: IdGenerator): SatisfactionEntry {
    const eventId = ids.newId();
    const entry = this.addRating({ ...input, eventId, source: 'clerk' })!;
    this.record({
      id: eventId,
      name: 'SatisfactionRated',
      caseRef: this.s.caseRef,
      actor: input.actor,
      occurredAt: input.at,
      satisfaction: input.satisfaction,
      source: 'clerk',
      ratedUnit: input.ratedUnit,
      stage: input.stage,
    });
    // The event comes back through the topic; it must not be counted twice.
    this.applied(eventId);
    return entry;
  }

  /** 化解: settled; with the settlement agreement (息诉罢访协议) where one was signed. */
  resolve(
    input: { settlementAgreement: boolean; agreementSignedDate: LocalDate | null; summary: string },
    actor: Actor,
    at: Date,
    ids: IdGenerator,
  ): Resolution {
    if (this.s.resolution) {
      throw new ConflictError(`case ${this.s.caseRef.caseNumber} is already resolved`);
    }
    if (input.settlementAgreement !== (input.agreementSignedDate !== null)) {
      throw new ValidationError(
        'agreementSignedDate',
        input.settlementAgreement
          ? 'is required when a settlement agreement was signed'
          : 'is only given with a settlement agreement',
      );
    }
    if (input.agreementSignedDate !== null) {
      if (!isLocalDate(input.agreementSignedDate)) {
        throw new ValidationError(
          'agreementSignedDate',
          `"${input.agreementSignedDate}" is not a date`,
        );
      }
      if (daysBetween(input.agreementSignedDate, toLocalDate(at)) < 0) {
        throw new ValidationError('agreementSignedDate', 'must not be in the future');
      }
    }
    const resolution: Resolution = { ...input, at, actor, ledgerEntryId: this.s.ledgerEntryId };
    this.s = { ...this.s, resolution };
    const leader = this.s.leader;
    this.record({
      id: ids.newId(),
      name: 'CaseResolved',
      caseRef: this.s.caseRef,
      actor,
      occurredAt: at,
      settlementAgreement: input.settlementAgreement,
      agreementSignedDate: input.agreementSignedDate,
      summary: input.summary,
      ledgerEntryId: this.s.ledgerEntryId,
      caseLeader: leader
        ? {
            subject: leader.subject,
            username: '',
            role: 'case-leader',
            unitId: leader.unit?.unitId ?? null,
          }
        : null,
    });
    return resolution;
  }

  checklist(ledgerMeasures: readonly string[]): ChecklistEntry[] {
    return evaluateChecklist({
      registered: this.s.registration !== null,
      letterNumbers: this.s.letters.map((l) => l.letterNumber).filter((n): n is string => !!n),
      resultReportSigned: this.s.resultReport?.signedBy != null,
      replied: this.s.reply !== null,
      followUpCount: this.s.followUps.length,
      ledgerMeasures,
      documents: this.s.documents,
    });
  }

  /**
   * 办结: only with the closing checklist (六有) complete; otherwise a PreconditionError lists
   * every missing item. `onTime` says whether every statutory clock was met.
   */
  close(
    reason: ClosureReason,
    mergedIntoCaseId: string | null,
    ledgerMeasures: readonly string[],
    onTime: boolean,
    actor: Actor,
    at: Date,
    ids: IdGenerator,
  ): Closure {
    this.assertOpen();
    const missing = this.checklist(ledgerMeasures).filter((e) => !e.complete);
    if (missing.length > 0) {
      throw new PreconditionError(
        `the closing checklist (六有) is incomplete: ${missing.map((m) => `${m.label} (${m.missing})`).join('; ')}`,
        { missing: missing.map((m) => ({ item: m.item, label: m.label, missing: m.missing })) },
      );
    }
    if ((reason === 'merged') !== (mergedIntoCaseId !== null)) {
      throw new ValidationError('mergedIntoCaseId', 'is given exactly when the reason is "merged"');
    }
    const since = this.s.registration?.registeredAt ?? at;
    const closure: Closure = {
      reason,
      at,
      actor,
      checklistComplete: true,
      onTime,
      daysOpen: Math.max(0, daysBetween(toLocalDate(since), toLocalDate(at))),
      mergedIntoCaseId,
    };
    this.s = { ...this.s, closure, followUpDueOn: null };
    this.record({
      id: ids.newId(),
      name: 'CaseClosed',
      caseRef: this.s.caseRef,
      actor,
      occurredAt: at,
      reason,
      checklistComplete: true,
      onTime,
      daysOpen: closure.daysOpen,
      mergedIntoCaseId,
    });
    return closure;
  }

  private addRating(entry: SatisfactionEntry): SatisfactionEntry | null {
    if (this.s.satisfactions.some((r) => r.eventId === entry.eventId)) return null;
    this.s = { ...this.s, satisfactions: [...this.s.satisfactions, entry] };
    return entry;
  }

  private assertOpen(): void {
    if (this.s.closure) throw new ConflictError(`case ${this.s.caseRef.caseNumber} is closed`);
  }

  private applied(eventId: string): void {
    this.s = {
      ...this.s,
      appliedEventIds: [...this.s.appliedEventIds, eventId].slice(-APPLIED_EVENTS_KEPT),
    };
  }
}
