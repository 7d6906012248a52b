import type { CaseFileRepository, CaseRef, ReplyRecord } from '../../domain';

/** Keeps the case facts hearing needs from other services' events. */
export class RecordCaseEvent {
  constructor(private readonly deps: { caseFiles: CaseFileRepository }) {}

  registered(
    caseRef: CaseRef,
    facts: { subjectCode: string; locationRegionCode: string; title: string },
  ): Promise<void> {
    return this.deps.caseFiles.recordRegistered(caseRef, facts);
  }

  /** A reply delivered to the petitioner opens the review window. */
  replied(caseRef: CaseRef, reply: ReplyRecord): Promise<void> {
    return this.deps.caseFiles.recordReplied(caseRef, reply);
  }
}
