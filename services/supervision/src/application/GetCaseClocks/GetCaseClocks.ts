import { canSee, Principal } from '@xinfang/principal';
import { z } from 'zod';
import { ClockView } from '../../domain';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput } from '../shared/input';

export const GetCaseClocksInput = z.object({ caseId: id });
export type GetCaseClocksInput = z.input<typeof GetCaseClocksInput>;

/** Every clock of a case, running or stopped, in start order. An unknown case has none. */
export class GetCaseClocks {
  constructor(private readonly deps: Pick<SupervisionDeps, 'clocks' | 'calendar' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<ClockView[]> {
    const { caseId } = parseInput(GetCaseClocksInput, input);
    const clocks = await this.deps.clocks.findByCase(caseId);
    const now = this.deps.clock.now();
    return clocks
      .filter((c) => canSee(principal, c.caseRef.regionPath))
      .map((c) => c.view(now, this.deps.calendar));
  }
}
