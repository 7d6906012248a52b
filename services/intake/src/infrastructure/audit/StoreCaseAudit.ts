import type { AuditLog } from '@xinfang/store';

/** What was done to a case; who and from where come from the request context. */
export type CaseAuditAction =
  | 'register'
  | 'read'
  | 'list'
  | 'track'
  | 'rate'
  | 'progress'
  | 'terminated'
  | 'prior-case-lookup'
  | 'attachment-upload'
  | 'attachment-read'
  | 'contact-read';

export interface AuditedCase {
  readonly id: string;
  readonly regionPath: string;
}

/**
 * Every read and change of a case goes into the hash-chained audit log of its tenant (DESIGN §6).
 * A read is recorded before its answer leaves, so nothing is shown that was not logged.
 */
export class StoreCaseAudit {
  constructor(private readonly log: AuditLog) {}

  async record(
    action: CaseAuditAction,
    subject: AuditedCase,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.log.record({
      action,
      entity: 'case',
      entityId: subject.id,
      regionPath: subject.regionPath,
      details,
    });
  }

  async recordEach(
    action: CaseAuditAction,
    subjects: readonly AuditedCase[],
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await Promise.all(subjects.map((s) => this.record(action, s, details)));
  }
}
