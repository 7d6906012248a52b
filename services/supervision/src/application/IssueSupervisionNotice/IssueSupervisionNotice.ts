import { ConflictError, NotFoundError } from '@xinfang/kernel';
import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { NOTICE_KINDS, SupervisionNotice, SupervisionNoticeState } from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, localDate, parseInput, text, unitRefInput } from '../shared/input';

export const IssueSupervisionNoticeInput = z.object({
  caseId: id,
  kind: z.enum(NOTICE_KINDS),
  documentNumber: text(100),
  /** The issuing body (petition bureau, inspection office, discipline commission). */
  issuer: unitRefInput,
  targetUnit: unitRefInput,
  reason: text(),
  /** Defaults to the policy's response days for the kind, rolled past holidays. */
  responseDueDate: localDate.optional(),
  /** Defaults to the highest ladder level any clock of the case reached. */
  escalationLevel: z.number().int().min(0).max(10).optional(),
  /** The supervision record the notice answers, if any. */
  supervisionRecordId: id.optional(),
});
export type IssueSupervisionNoticeInput = z.input<typeof IssueSupervisionNoticeInput>;

const ROLES_ALLOWED = [ROLES.supervisor];

/** 三函: a supervisor issues a risk reminder, supervision letter or accountability proposal. */
export class IssueSupervisionNotice {
  constructor(
    private readonly deps: Pick<
      SupervisionDeps,
      'files' | 'clocks' | 'notices' | 'records' | 'policies' | 'calendar' | 'clock' | 'ids'
    >,
  ) {}

  async execute(principal: Principal, input: unknown): Promise<SupervisionNoticeState> {
    assertRole(principal, ROLES_ALLOWED, 'issuing supervision notices');
    const cmd = parseInput(IssueSupervisionNoticeInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    if (file.isClosed) throw new ConflictError(`case ${file.caseRef.caseNumber} is closed`);
    const record = cmd.supervisionRecordId
      ? await this.deps.records.findById(cmd.supervisionRecordId)
      : null;
    if (cmd.supervisionRecordId && record?.toState().caseRef.caseId !== cmd.caseId) {
      throw new NotFoundError('supervision record', cmd.supervisionRecordId);
    }
    const now = this.deps.clock.now();
    const policy = await this.deps.policies.policyFor(file.caseRef.tenantId);
    const responseDueDate =
      cmd.responseDueDate ??
      this.deps.calendar.dueByCalendarDays(now, policy.noticeResponseDays[cmd.kind]);
    const escalationLevel =
      cmd.escalationLevel ??
      (await this.deps.clocks.findByCase(cmd.caseId)).reduce(
        (max, c) => Math.max(max, c.escalationLevel),
        0,
      );
    const notice = SupervisionNotice.issue({
      id: this.deps.ids.newId(),
      eventId: this.deps.ids.newId(),
      caseRef: file.caseRef,
      kind: cmd.kind,
      documentNumber: cmd.documentNumber,
      issuer: cmd.issuer,
      targetUnit: cmd.targetUnit,
      reason: cmd.reason,
      responseDueDate,
      escalationLevel,
      supervisionRecordId: cmd.supervisionRecordId ?? null,
      at: now,
      actor: actorOf(principal, ROLES_ALLOWED, cmd.issuer.unitId),
    });
    await this.deps.notices.save(notice);
    if (record) {
      record.linkNotice(notice.id);
      await this.deps.records.save(record);
    }
    return notice.toState();
  }
}
