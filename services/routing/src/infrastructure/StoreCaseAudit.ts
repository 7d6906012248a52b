import type { AuditLog } from '@xinfang/store';

/** A case as the audit log names it. */
export interface AuditedCase {
  readonly caseId: string;
  readonly regionPath: string;
}

/**
 * Every read and change of a routing case goes into the hash-chained audit log of its tenant
 * (DESIGN §6); who, when and from where come from the request context. Reads are recorded before
 * the answer leaves, so nothing is shown that was not logged.
 */
export class StoreCaseAudit {
  constructor(private readonly log: AuditLog) {}

  async record(
    action: string,
    subject: AuditedCase,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.log.record({
      action,
      entity: 'routing-case',
      entityId: subject.caseId,
      regionPath: subject.regionPath,
      details,
    });
  }

  async recordEach(action: string, subjects: readonly AuditedCase[]): Promise<void> {
    await Promise.all(subjects.map((s) => this.record(action, s)));
  }
}
