import { NotFoundError } from '@xinfang/kernel';
import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { SupervisionNotice, SupervisionNoticeState } from '../../domain';
import { actorOf, assertRole, assertVisible } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput, text } from '../shared/input';

export const RespondToNoticeInput = z.object({
  noticeId: id,
  response: text(),
});
export type RespondToNoticeInput = z.input<typeof RespondToNoticeInput>;

const ROLES_ALLOWED = [ROLES.unitHead, ROLES.handler, ROLES.caseLeader];

/** The addressed unit answers a notice (issued → responded); late answers are marked late. */
export class RespondToNotice {
  constructor(private readonly deps: Pick<SupervisionDeps, 'notices' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<SupervisionNoticeState> {
    assertRole(principal, ROLES_ALLOWED, 'answering supervision notices');
    const cmd = parseInput(RespondToNoticeInput, input);
    const notice = await loadNotice(this.deps.notices, principal, cmd.noticeId);
    notice.respond(
      cmd.response,
      actorOf(principal, ROLES_ALLOWED, notice.targetUnit.unitId),
      this.deps.clock.now(),
    );
    await this.deps.notices.save(notice);
    return notice.toState();
  }
}

export async function loadNotice(
  notices: SupervisionDeps['notices'],
  principal: Principal,
  noticeId: string,
): Promise<SupervisionNotice> {
  const notice = await notices.findById(noticeId);
  if (!notice) throw new NotFoundError('notice', noticeId);
  assertVisible(principal, notice.caseRef.regionPath, 'notice', noticeId);
  return notice;
}
