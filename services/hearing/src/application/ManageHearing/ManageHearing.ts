import { NotFoundError } from '@xinfang/kernel';
import type { Principal } from '@xinfang/principal';
import type {
  Appeal,
  MemberKind,
  Participant,
  PanelMember,
  ParticipantSide,
  ReviewOutcome,
} from '../../domain';
import { ACTION_ROLES, actorOf, assertActsFor, type HearingDeps } from '../shared/context';
import { hearingView, type HearingView } from '../shared/views';

export interface ScheduleHearingInput {
  /** The review or re-review the hearing serves. */
  readonly appealId: string;
  readonly scheduledAt: Date;
  readonly venue: string;
  readonly public: boolean;
  /** Required for a review: why the case is complex enough for a hearing. */
  readonly complexReason?: string;
  /** Name of the presiding hearing officer as printed; default the caller's login. */
  readonly hostName?: string;
  readonly participants: ReadonlyArray<{ name: string; side: ParticipantSide; unitId?: string }>;
}

export interface PanelMemberInput {
  readonly name: string;
  readonly kind: MemberKind;
  readonly unitId?: string;
  readonly organisation?: string;
  readonly relations?: readonly string[];
}

export interface MinutesInput {
  readonly documentId: string;
  readonly summary: string;
  readonly startedAt?: Date;
}

export interface VoteInput {
  readonly memberId: string;
  readonly position: ReviewOutcome;
  readonly opinion: string;
}

/**
 * A hearing officer of the authority runs a hearing: schedules it with notice, sets a panel
 * free of conflicts, records the minutes and the panel's votes, and concludes it with the
 * majority opinion (dissent kept). Scheduling pauses a re-review's decision clock; concluding
 * resumes it.
 */
export class ManageHearing {
  constructor(private readonly deps: HearingDeps) {}

  async schedule(p: Principal, input: ScheduleHearingInput): Promise<HearingView> {
    const hearingId = this.deps.newId();
    const participants: Participant[] = input.participants.map((x) => ({
      name: x.name,
      side: x.side,
      unitId: x.unitId ?? '',
    }));
    const host: PanelMember = {
      id: this.deps.newId(),
      name: input.hostName ?? p.username,
      kind: 'host',
      subject: p.subject,
      unitId: '',
      organisation: '',
      relations: [],
    };
    const appeal = await this.deps.appeals.modify(input.appealId, (a) => {
      assertActsFor(p, a.state.authority, `appeal ${input.appealId}`);
      a.scheduleHearing(
        {
          hearingId,
          scheduledAt: input.scheduledAt,
          venue: input.venue,
          public: input.public,
          complexReason: input.complexReason ?? '',
          participants,
        },
        actorOf(p, ACTION_ROLES.hearing),
        host,
        this.deps.now(),
        this.deps.policy,
      );
    });
    return hearingView(appeal, appeal.hearing(hearingId));
  }

  setPanel(
    p: Principal,
    hearingId: string,
    members: readonly PanelMemberInput[],
  ): Promise<HearingView> {
    const panel: PanelMember[] = members.map((m) => ({
      id: this.deps.newId(),
      name: m.name,
      kind: m.kind,
      subject: '',
      unitId: m.unitId ?? '',
      organisation: m.organisation ?? '',
      relations: [...(m.relations ?? [])],
    }));
    return this.change(p, hearingId, (a) => a.setPanel(hearingId, panel));
  }

  recordMinutes(p: Principal, hearingId: string, input: MinutesInput): Promise<HearingView> {
    return this.change(p, hearingId, (a) =>
      a.recordMinutes(
        hearingId,
        {
          documentId: input.documentId,
          summary: input.summary,
          startedAt: input.startedAt ?? null,
        },
        actorOf(p, ACTION_ROLES.hearing),
        this.deps.now(),
      ),
    );
  }

  vote(p: Principal, hearingId: string, input: VoteInput): Promise<HearingView> {
    return this.change(p, hearingId, (a) => a.vote(hearingId, input, this.deps.now()));
  }

  conclude(p: Principal, hearingId: string, majorityOpinion: string): Promise<HearingView> {
    return this.change(p, hearingId, (a) =>
      a.concludeHearing(
        hearingId,
        majorityOpinion,
        actorOf(p, ACTION_ROLES.hearing),
        this.deps.now(),
      ),
    );
  }

  async get(hearingId: string): Promise<HearingView> {
    const appeal = await this.deps.appeals.findByHearing(hearingId);
    if (!appeal) throw new NotFoundError('hearing', hearingId);
    return hearingView(appeal, appeal.hearing(hearingId));
  }

  private async change(
    p: Principal,
    hearingId: string,
    fn: (a: Appeal) => void,
  ): Promise<HearingView> {
    const appeal = await this.deps.appeals.modifyByHearing(hearingId, (a) => {
      assertActsFor(p, a.state.authority, `hearing ${hearingId}`);
      fn(a);
    });
    return hearingView(appeal, appeal.hearing(hearingId));
  }
}
