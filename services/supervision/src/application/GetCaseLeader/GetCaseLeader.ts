import { canSee, Principal } from '@xinfang/principal';
import { z } from 'zod';
import { CaseLeader } from '../../domain';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput } from '../shared/input';

export const GetCaseLeaderInput = z.object({ caseId: id });
export type GetCaseLeaderInput = z.input<typeof GetCaseLeaderInput>;

/** The case's leader, or null (also for a case the caller may not see, or one unknown here). */
export class GetCaseLeader {
  constructor(private readonly deps: Pick<SupervisionDeps, 'files'>) {}

  async execute(principal: Principal, input: unknown): Promise<CaseLeader | null> {
    const { caseId } = parseInput(GetCaseLeaderInput, input);
    const file = await this.deps.files.findById(caseId);
    if (!file || !canSee(principal, file.caseRef.regionPath)) return null;
    return file.leader;
  }
}
