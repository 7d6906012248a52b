import type { Appeal } from './appeal';
import type { CaseFile, ReplyRecord } from './case-file';
import type { AppealStage, CaseRef } from './refs';

/** Appeals, scoped to the caller by the data layer. */
export interface AppealRepository {
  /** Inserts a new appeal; ConflictError when the case already has one at this stage. */
  create(appeal: Appeal): Promise<void>;
  /** Loads, lets `change` act and saves state and events together under the document's lock. */
  modify(id: string, change: (appeal: Appeal) => void | Promise<void>): Promise<Appeal>;
  /** The appeal holding this hearing, read-modify-write as `modify`. */
  modifyByHearing(hearingId: string, change: (appeal: Appeal) => void): Promise<Appeal>;
  findById(id: string): Promise<Appeal | null>;
  findByHearing(hearingId: string): Promise<Appeal | null>;
  /** The case's appeals the caller may see. */
  findByCase(caseId: string): Promise<Appeal[]>;
  /** The case's appeal at one stage, whatever the caller's scope (for the window checks). */
  findStageAnyScope(caseId: string, stage: AppealStage): Promise<Appeal | null>;
  /** Public hearings, newest first (public notices and published results). */
  listPublicHearings(limit: number): Promise<Appeal[]>;
}

/** The case facts hearing keeps from events. */
export interface CaseFileRepository {
  /** Read regardless of the caller's scope; callers check what they may do with it. */
  find(caseId: string): Promise<CaseFile | null>;
  recordRegistered(
    caseRef: CaseRef,
    facts: { subjectCode: string; locationRegionCode: string; title: string },
  ): Promise<void>;
  recordReplied(caseRef: CaseRef, reply: ReplyRecord): Promise<void>;
}
