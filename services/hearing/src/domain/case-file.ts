import type { CaseRef, UnitRef } from './refs';

/** The reply whose receipt opens the review window (from CaseReplied). */
export interface ReplyRecord {
  readonly unit: UnitRef;
  readonly repliedAt: Date;
  /** When the petitioner received it; null while not delivered (the window has not opened). */
  readonly deliveredAt: Date | null;
  readonly documentNumber: string;
  /** The authority routing named for a review, if any. */
  readonly reviewAuthority: UnitRef | null;
}

/** What hearing knows of a case from the case events it consumes. */
export interface CaseFile {
  readonly caseRef: CaseRef;
  readonly subjectCode: string;
  readonly locationRegionCode: string;
  readonly title: string;
  readonly reply: ReplyRecord | null;
}
