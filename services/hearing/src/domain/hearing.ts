import { daysBetween, PreconditionError, toLocalDate, ValidationError } from '@xinfang/kernel';
import type { Actor, AppealStage, ReviewOutcome, UnitRef } from './refs';

/** Who sits on a panel: the presiding hearing officer and members from outside. */
export const PANEL_KINDS = ['host', 'monitor', 'expert', 'lawyer', 'deputy'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** Members the host may draw from (信访监督员、专家、律师、两代表一委员). */
export const MEMBER_KINDS = ['monitor', 'expert', 'lawyer', 'deputy'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export interface PanelMember {
  readonly id: string;
  readonly name: string;
  readonly kind: PanelKind;
  /** Token subject of a staff member (the host); empty for outside members. */
  readonly subject: string;
  /** Unit the member works for, if any. */
  readonly unitId: string;
  readonly organisation: string;
  /** People and bodies the member declares ties to (kin, employer, client…). */
  readonly relations: readonly string[];
}

/** Sides at a hearing: the petitioner's, the unit's, and others heard. */
export const PARTICIPANT_SIDES = ['petitioner', 'unit', 'third-party'] as const;
export type ParticipantSide = (typeof PARTICIPANT_SIDES)[number];

export interface Participant {
  readonly name: string;
  readonly side: ParticipantSide;
  readonly unitId: string;
}

export interface Vote {
  readonly memberId: string;
  readonly position: ReviewOutcome;
  readonly opinion: string;
  readonly at: Date;
}

export interface Minutes {
  readonly documentId: string;
  readonly summary: string;
  readonly startedAt: Date;
  readonly recordedAt: Date;
  readonly recordedBy: Actor;
}

export interface Dissent {
  readonly memberId: string;
  readonly name: string;
  readonly position: ReviewOutcome;
  readonly opinion: string;
}

export interface HearingResult {
  readonly heldAt: Date;
  readonly position: ReviewOutcome;
  readonly majorityOpinion: string;
  readonly majorityCount: number;
  readonly panelSize: number;
  readonly dissent: readonly Dissent[];
}

/** A hearing (听证) of one review or re-review, kept inside that appeal. */
export interface HearingState {
  readonly id: string;
  readonly stage: AppealStage;
  readonly scheduledAt: Date;
  readonly venue: string;
  readonly public: boolean;
  /** When notice was given; a public notice is posted from then on. */
  readonly noticeAt: Date;
  /** Why a review (not a re-review) needs a hearing: only complex cases get one. */
  readonly complexReason: string;
  readonly scheduledBy: Actor;
  readonly panel: readonly PanelMember[];
  readonly participants: readonly Participant[];
  readonly minutes: Minutes | null;
  readonly votes: readonly Vote[];
  readonly result: HearingResult | null;
}

/** Refuses a hearing whose notice period is too short; returns the days of notice given. */
export function assertNotice(scheduledAt: Date, now: Date, noticeDays: number): number {
  const days = daysBetween(toLocalDate(now), toLocalDate(scheduledAt));
  if (days < noticeDays) {
    throw new PreconditionError(
      `a hearing needs ${noticeDays} days' notice: the earliest day is ` +
        `${addLocal(now, noticeDays)}, not ${toLocalDate(scheduledAt)}`,
      { noticeDays, earliest: addLocal(now, noticeDays) },
    );
  }
  return days;
}

function addLocal(now: Date, days: number): string {
  return toLocalDate(new Date(now.getTime() + days * 86_400_000));
}

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * Nobody on the panel may come from the unit whose decision is appealed or be tied to a party
 * (回避). Throws a PreconditionError naming the first member with a conflict.
 */
export function assertNoConflicts(
  panel: readonly PanelMember[],
  participants: readonly Participant[],
  appealedUnit: UnitRef,
): void {
  const parties = participants.map((p) => norm(p.name)).filter(Boolean);
  const unitNames = [
    appealedUnit.name,
    ...participants.filter((p) => p.side === 'unit').map((p) => p.name),
  ]
    .map(norm)
    .filter(Boolean);
  const unitIds = [appealedUnit.unitId, ...participants.map((p) => p.unitId)].filter(Boolean);
  for (const m of panel) {
    const refuse = (reason: string): never => {
      throw new PreconditionError(`panel member ${m.name} has a conflict of interest: ${reason}`, {
        member: m.name,
        memberId: m.id,
        reason,
      });
    };
    if (m.unitId && appealedUnit.unitId && m.unitId === appealedUnit.unitId)
      refuse(`works for the handling unit ${appealedUnit.name || appealedUnit.unitId}`);
    if (m.organisation && norm(m.organisation) === norm(appealedUnit.name))
      refuse(`works for the handling unit ${appealedUnit.name}`);
    if (parties.includes(norm(m.name))) refuse('is a party to the matter');
    if (m.unitId && unitIds.includes(m.unitId)) refuse('works for a party');
    for (const r of m.relations) {
      if (parties.includes(norm(r)) || unitNames.includes(norm(r)) || unitIds.includes(r))
        refuse(`is related to the party ${r}`);
    }
  }
}

/** Panel membership rules: exactly one host, at least two outside members, unique names. */
export function assertPanelShape(panel: readonly PanelMember[]): void {
  const hosts = panel.filter((m) => m.kind === 'host');
  if (hosts.length !== 1) throw new ValidationError('panel', 'must have exactly one host');
  if (panel.length < 3)
    throw new ValidationError('members', 'a panel needs the host and at least two members');
  const names = new Set<string>();
  for (const m of panel) {
    if (names.has(norm(m.name)))
      throw new ValidationError('members', `${m.name} is on the panel twice`);
    names.add(norm(m.name));
  }
}

/**
 * The panel's majority: every member has voted and one position has more than half of the
 * panel. Members voting otherwise are the dissent, recorded with their opinions.
 */
export function majorityOf(
  panel: readonly PanelMember[],
  votes: readonly Vote[],
): { position: ReviewOutcome; count: number; dissent: Dissent[] } {
  const missing = panel.filter((m) => !votes.some((v) => v.memberId === m.id));
  if (missing.length > 0) {
    throw new PreconditionError(
      `not every panel member has voted: ${missing.map((m) => m.name).join(', ')}`,
      { missing: missing.map((m) => m.name) },
    );
  }
  const counts = new Map<ReviewOutcome, number>();
  for (const v of votes) counts.set(v.position, (counts.get(v.position) ?? 0) + 1);
  const [position, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (count * 2 <= panel.length) {
    throw new PreconditionError(
      `no majority: ${[...counts.entries()].map(([p, c]) => `${c} ${p}`).join(', ')} of ${panel.length}`,
      { votes: Object.fromEntries(counts) },
    );
  }
  const dissent = votes
    .filter((v) => v.position !== position)
    .map((v) => ({
      memberId: v.memberId,
      name: panel.find((m) => m.id === v.memberId)!.name,
      position: v.position,
      opinion: v.opinion,
    }));
  return { position, count, dissent };
}
