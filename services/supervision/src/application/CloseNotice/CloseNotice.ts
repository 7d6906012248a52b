import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { SupervisionNoticeState } from '../../domain';
import { loadNotice } from '../RespondToNotice/RespondToNotice';
import { actorOf, assertRole } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput, text } from '../shared/input';

export const CloseNoticeInput = z.object({
  noticeId: id,
  conclusion: text(),
});
export type CloseNoticeInput = z.input<typeof CloseNoticeInput>;

const ROLES_ALLOWED = [ROLES.supervisor];

/** The supervisor closes an answered notice (responded → closed). */
export class CloseNotice {
  constructor(private readonly deps: Pick<SupervisionDeps, 'notices' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<SupervisionNoticeState> {
    assertRole(principal, ROLES_ALLOWED, 'closing supervision notices');
    const cmd = parseInput(CloseNoticeInput, input);
    const notice = await loadNotice(this.deps.notices, principal, cmd.noticeId);
    notice.close(cmd.conclusion, actorOf(principal, ROLES_ALLOWED), this.deps.clock.now());
    await this.deps.notices.save(notice);
    return notice.toState();
  }
}
