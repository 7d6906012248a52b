import {
  ConflictError,
  isWithin,
  PreconditionError,
  regionPath,
  tenantOf,
  ValidationError,
} from '@xinfang/kernel';
import { AttachmentFile } from './attachment-file';
import { CASE_EVENT_TYPES, CaseEvent, CaseLink } from './events';
import { scrubPii } from './identity';
import { LegalChannel, LegalChannelSuggestion } from './legal-channel';
import {
  deferralNotice,
  legalChannelNotice,
  RegionNames,
  repeatNotice,
  skipLevelNotice,
  statusLabel,
} from './notices';
import { Attachment, CaseLocation, Office, Referral, ValidPetition } from './petition';
import { Petitioner } from './petitioner';
import { PiiOwner } from './pii';
import { DEFAULT_INTAKE_POLICY } from './policy';
import { PriorCaseRef, TerminatedCaseRef } from './ports';
import {
  CaseStatus,
  PROGRESS_RULES,
  progressEventName,
  SETTLED_STATUSES,
  STATUS_LABELS,
} from './progress';
import { queryCodeMatches } from './query-code';
import {
  Channel,
  Nature,
  SATISFACTION_LABELS,
  SATISFACTION_RATINGS,
  SatisfactionRating,
  Urgency,
} from './vocabulary';

/** The staff member who registered a case; null for online submissions. */
export interface Registrar {
  readonly subject: string;
  readonly username: string;
}

export interface Satisfaction {
  readonly rating: SatisfactionRating;
  readonly comment: string | null;
  readonly ratedAt: Date;
}

/** One step on the case's timeline. Entries carry no staff names and no internal notes. */
export interface TimelineEntry {
  /** Id of the event that caused it, for idempotent mirroring; null for intake's own steps. */
  readonly eventId: string | null;
  /** Event name, e.g. `CaseRegistered`, `CaseAccepted`. */
  readonly type: string;
  readonly at: Date;
  /** Petitioner-facing label; null for internal steps the petitioner does not see. */
  readonly label: string | null;
  /** Text meant for the petitioner (a decline reason, why the limit was extended). */
  readonly note: string | null;
}

/** Everything a case is; what the repository stores (ID numbers and phones sealed by PiiCipher). */
export interface CaseState {
  readonly id: string;
  readonly caseNumber: string;
  /** The county tenant of the registering office; null for a city or province office. */
  readonly tenantId: string | null;
  /** The registering office's region path; scopes who sees and changes the case. */
  readonly regionPath: string;
  readonly office: Office;
  readonly channel: Channel;
  readonly nature: Nature;
  readonly subjectCode: string;
  readonly subjectRoot: string;
  readonly title: string;
  readonly narrative: string;
  readonly location: CaseLocation;
  readonly urgency: Urgency;
  readonly petitioners: readonly Petitioner[];
  readonly anonymous: boolean;
  /** Keyed hashes of the petitioners' ID numbers and phones, for province-wide lookups. */
  readonly petitionerKeys: readonly string[];
  readonly collective: { readonly headcount: number } | null;
  readonly referral: Referral | null;
  /** Declared at registration (metadata only). */
  readonly attachments: readonly Attachment[];
  /** Files uploaded to the case; absent on cases stored before uploads existed. */
  readonly files?: readonly AttachmentFile[];
  readonly repeat: { readonly of: CaseLink; readonly count: number } | null;
  readonly deferredTo: CaseLink | null;
  readonly competentRegionCode: string;
  readonly skipLevel: boolean;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelSuggestion: LegalChannelSuggestion | null;
  /** What the petitioner was told at registration (deferral, repeat, skip-level, legal channel). */
  readonly notices: readonly string[];
  readonly queryCodeHash: string;
  readonly status: CaseStatus;
  readonly overdue: boolean;
  readonly replied: boolean;
  readonly resolved: boolean;
  readonly timeline: readonly TimelineEntry[];
  readonly satisfaction: Satisfaction | null;
  readonly registeredAt: Date;
  readonly registeredBy: Registrar | null;
  /** Stored version; 0 before the first save. */
  readonly version: number;
}

/** What registration found out beyond the petition itself. */
export interface RegistrationFacts {
  readonly id: string;
  readonly caseNumber: string;
  readonly eventId: string;
  readonly registeredAt: Date;
  readonly registeredBy: Registrar | null;
  readonly queryCodeHash: string;
  readonly petitionerKeys: readonly string[];
  /** Earlier cases of the same people about the same subject and place, oldest first. */
  readonly priorCases: readonly PriorCaseRef[];
  readonly terminated: TerminatedCaseRef | null;
  readonly regionNames?: RegionNames;
}

/** The petitioner's view of their case: no staff, no internal steps, no petitioner data. */
export interface PetitionerTimeline {
  readonly caseNumber: string;
  readonly title: string;
  readonly channel: Channel;
  readonly registeredAt: Date;
  readonly status: CaseStatus;
  readonly statusLabel: string;
  readonly entries: readonly {
    readonly label: string;
    readonly at: Date;
    readonly note: string | null;
  }[];
  readonly canRate: boolean;
  readonly satisfaction: {
    readonly rating: SatisfactionRating;
    readonly label: string;
    readonly ratedAt: Date;
  } | null;
}

const MAX_NOTE_LENGTH = 2000;

const linkOf = (ref: CaseLink): CaseLink => ({
  caseId: ref.caseId,
  caseNumber: ref.caseNumber,
  tenantId: ref.tenantId,
  regionPath: ref.regionPath,
});

/** True when `path` lies strictly below the office. */
function isBelow(path: string, office: Office): boolean {
  return path !== office.regionPath && isWithin(path, office.regionPath);
}

/**
 * A matter terminated after re-review (终结) is not registered again on the same facts: refuses
 * with PreconditionError naming the terminated case, whether the hearing service reported it or
 * an earlier case is known to be terminated.
 */
export function assertNotTerminated(
  terminated: TerminatedCaseRef | null,
  priorCases: readonly PriorCaseRef[],
): void {
  const found = terminated ?? priorCases.find((p) => p.status === 'terminated') ?? null;
  if (found) {
    throw new PreconditionError(
      `the matter was terminated after re-review in case ${found.caseNumber}; it is not registered again on the same facts`,
      { terminatedCaseId: found.caseId, terminatedCaseNumber: found.caseNumber },
    );
  }
}

/** A petition matter (信访事项), from registration through the progress others report. */
export class Case implements PiiOwner {
  private state: CaseState;
  private events: CaseEvent[] = [];

  private constructor(state: CaseState) {
    this.state = state;
  }

  /**
   * Registers a checked petition. Refuses a matter terminated after re-review; links repeats
   * to the original case; defers to a lower level still handling the matter within its limit
   * (Art. 19); flags a skip-level petition; records CaseRegistered.
   */
  static register(petition: ValidPetition, facts: RegistrationFacts): Case {
    assertNotTerminated(facts.terminated, facts.priorCases);
    const names = facts.regionNames ?? new Map<string, string>();
    const { office } = petition;
    const tenantId = tenantOf(office.regionCode);
    const priors = facts.priorCases;
    const original = priors[0];
    const repeat = original ? { of: linkOf(original), count: priors.length } : null;
    const deferredRef =
      priors.find((p) => p.handlingWithinLimit && isBelow(p.regionPath, office)) ?? null;
    const skipLevel = isBelow(regionPath(petition.competentRegionCode), office);

    const notices: string[] = [];
    if (deferredRef) notices.push(deferralNotice(deferredRef, names));
    else if (original) notices.push(repeatNotice(original, priors.length));
    if (skipLevel) notices.push(skipLevelNotice(petition.competentRegionCode, names));
    if (petition.legalChannel) notices.push(legalChannelNotice(petition.legalChannel));

    const registeredAt = facts.registeredAt;
    const state: CaseState = {
      id: facts.id,
      caseNumber: facts.caseNumber,
      tenantId,
      regionPath: office.regionPath,
      office,
      channel: petition.channel,
      nature: petition.nature,
      subjectCode: petition.subjectCode,
      subjectRoot: petition.subjectRoot,
      title: petition.title,
      narrative: petition.narrative,
      location: petition.location,
      urgency: petition.urgency,
      petitioners: petition.petitioners,
      anonymous: petition.anonymous,
      petitionerKeys: [...facts.petitionerKeys],
      collective: petition.collective,
      referral: petition.referral,
      attachments: petition.attachments,
      files: [],
      repeat,
      deferredTo: deferredRef ? linkOf(deferredRef) : null,
      competentRegionCode: petition.competentRegionCode,
      skipLevel,
      legalChannel: petition.legalChannel,
      legalChannelSuggestion: petition.legalChannelSuggestion,
      notices,
      queryCodeHash: facts.queryCodeHash,
      status: 'registered',
      overdue: false,
      replied: false,
      resolved: false,
      timeline: [
        {
          eventId: facts.eventId,
          type: 'CaseRegistered',
          at: registeredAt,
          label: STATUS_LABELS.registered,
          note: notices.length > 0 ? notices.join('\n') : null,
        },
      ],
      satisfaction: null,
      registeredAt,
      registeredBy: facts.registeredBy,
      version: 0,
    };
    const aggregate = new Case(state);
    aggregate.events.push({
      id: facts.eventId,
      type: CASE_EVENT_TYPES.CaseRegistered,
      caseId: state.id,
      tenantId,
      regionPath: state.regionPath,
      time: registeredAt.toISOString(),
      data: {
        caseId: state.id,
        caseNumber: state.caseNumber,
        channel: state.channel,
        nature: state.nature,
        subjectCode: state.subjectCode,
        subjectRoot: state.subjectRoot,
        title: state.nature === 'accusation' ? null : scrubPii(state.title),
        urgency: state.urgency,
        location: { regionCode: state.location.regionCode, regionPath: state.location.regionPath },
        office: { regionCode: office.regionCode, level: office.level },
        petitionerCount: state.petitioners.length,
        anonymous: state.anonymous,
        collective: state.collective
          ? { headcount: state.collective.headcount, representatives: state.petitioners.length }
          : null,
        repeatOf: repeat?.of ?? null,
        repeatCount: repeat?.count ?? 0,
        deferredTo: state.deferredTo,
        skipLevel,
        competentRegionCode: state.competentRegionCode,
        legalChannel: state.legalChannel,
        referral: state.referral
          ? {
              fromRegionCode: state.referral.fromRegionCode,
              reference: state.referral.reference,
              referredOn: state.referral.referredOn,
            }
          : null,
        attachmentCount: state.attachments.length,
        registeredAt: registeredAt.toISOString(),
      },
    });
    return aggregate;
  }

  /** Rebuilds a stored case; records no events. */
  static fromState(state: CaseState): Case {
    return new Case(structuredClone(state));
  }

  toState(): CaseState {
    return structuredClone(this.state);
  }

  get id(): string {
    return this.state.id;
  }
  get caseNumber(): string {
    return this.state.caseNumber;
  }
  get tenantId(): string | null {
    return this.state.tenantId;
  }
  get office(): Office {
    return this.state.office;
  }
  get regionPath(): string {
    return this.state.regionPath;
  }
  get nature(): Nature {
    return this.state.nature;
  }
  get status(): CaseStatus {
    return this.state.status;
  }
  get version(): number {
    return this.state.version;
  }
  get notices(): readonly string[] {
    return this.state.notices;
  }

  /**
   * Is the matter still being handled here within its time limit? False once settled, overdue,
   * deferred to a lower level or steered to a legal procedure (the value PriorCaseFinder reports).
   */
  isHandlingWithinLimit(): boolean {
    const s = this.state;
    return (
      !SETTLED_STATUSES.includes(s.status) &&
      !s.overdue &&
      s.deferredTo === null &&
      s.legalChannel === null
    );
  }

  /** Mirrors an event of another service. Unknown types and repeated event ids change nothing. */
  recordProgress(
    eventType: string,
    at: Date,
    publicNote: string | null = null,
    eventId: string | null = null,
  ): boolean {
    const name = progressEventName(eventType);
    if (name === null) return false;
    if (eventId !== null && this.state.timeline.some((e) => e.eventId === eventId)) return false;
    const rule = PROGRESS_RULES[name]!;
    const note = publicNote?.trim() ? scrubPii(publicNote.trim()).slice(0, MAX_NOTE_LENGTH) : null;
    const entry: TimelineEntry = {
      eventId,
      type: name,
      at,
      label: rule.label ?? null,
      note: rule.label ? note : null,
    };
    this.state = {
      ...this.state,
      status: rule.status ?? this.state.status,
      replied: this.state.replied || rule.replied === true,
      overdue: this.state.overdue || rule.overdue === true,
      resolved: this.state.resolved || rule.resolved === true,
      timeline: [...this.state.timeline, entry],
    };
    return true;
  }

  /** The petitioner rates the handling, once, after the reply (满意 / 基本满意 / 不满意). */
  rate(
    rating: SatisfactionRating,
    comment: string | null,
    at: Date,
    eventId: string,
    commentMaxLength: number = DEFAULT_INTAKE_POLICY.text.commentMaxLength,
  ): void {
    if (!SATISFACTION_RATINGS.includes(rating)) {
      throw new ValidationError('rating', `must be one of ${SATISFACTION_RATINGS.join(', ')}`);
    }
    const text = comment?.trim() ? comment.trim() : null;
    if (text !== null && text.length > commentMaxLength) {
      throw new ValidationError('comment', `must be at most ${commentMaxLength} characters`);
    }
    if (this.state.satisfaction)
      throw new ConflictError(`case ${this.state.caseNumber} was already rated`);
    if (!this.state.replied) {
      throw new PreconditionError(
        `case ${this.state.caseNumber} can be rated only after the reply`,
      );
    }
    this.state = { ...this.state, satisfaction: { rating, comment: text, ratedAt: at } };
    this.events.push({
      id: eventId,
      type: CASE_EVENT_TYPES.SatisfactionRated,
      caseId: this.state.id,
      tenantId: this.state.tenantId,
      regionPath: this.state.regionPath,
      time: at.toISOString(),
      data: {
        caseId: this.state.id,
        caseNumber: this.state.caseNumber,
        rating,
        ratedAt: at.toISOString(),
      },
    });
  }

  get files(): readonly AttachmentFile[] {
    return this.state.files ?? [];
  }

  fileById(id: string): AttachmentFile | null {
    return this.files.find((f) => f.id === id) ?? null;
  }

  /** Links an uploaded file (already checked by `checkUpload` and stored) to the case. */
  attachFile(file: AttachmentFile, maxCount: number): void {
    if (this.files.length >= maxCount) {
      throw new PreconditionError(
        `case ${this.state.caseNumber} has ${this.files.length} attachments, the most allowed`,
      );
    }
    if (this.fileById(file.id)) throw new ConflictError(`attachment ${file.id} exists already`);
    this.state = { ...this.state, files: [...this.files, file] };
  }

  matchesQueryCode(code: string): boolean {
    return queryCodeMatches(code, this.state.queryCodeHash);
  }

  publicTimeline(): PetitionerTimeline {
    const s = this.state;
    const entries = s.timeline
      .filter((e): e is TimelineEntry & { label: string } => e.label !== null)
      .map((e) => ({ label: e.label, at: e.at, note: e.note }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      caseNumber: s.caseNumber,
      title: scrubPii(s.title),
      channel: s.channel,
      registeredAt: s.registeredAt,
      status: s.status,
      statusLabel: statusLabel(s.status),
      entries,
      canRate: s.replied && s.satisfaction === null,
      satisfaction: s.satisfaction
        ? {
            rating: s.satisfaction.rating,
            label: SATISFACTION_LABELS[s.satisfaction.rating],
            ratedAt: s.satisfaction.ratedAt,
          }
        : null,
    };
  }

  /** The events recorded since the last call; the repository writes them with the state. */
  pullEvents(): CaseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Called by the repository after the atomic write succeeded. */
  markPersisted(): void {
    this.state = { ...this.state, version: this.state.version + 1 };
  }
}
