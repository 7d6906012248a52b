import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CLOSURE_REASONS, Closure } from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput } from '../shared/input';

export const CloseCaseInput = z.object({
  caseId: id,
  reason: z.enum(CLOSURE_REASONS),
  /** The case this one was merged into, when the reason is `merged`. */
  mergedIntoCaseId: id.optional(),
});
export type CloseCaseInput = z.input<typeof CloseCaseInput>;

const ROLES_ALLOWED = [ROLES.clerk, ROLES.supervisor];

/**
 * 办结: closes a case whose closing file (六有) is complete — otherwise a PreconditionError lists
 * every missing item. Publishes CaseClosed; its return through the topic cancels the clocks
 * still running (ApplyCaseEvent), like any other event.
 */
export class CloseCase {
  constructor(
    private readonly deps: Pick<
      SupervisionDeps,
      'files' | 'clocks' | 'ledger' | 'calendar' | 'clock' | 'ids'
    >,
  ) {}

  async execute(principal: Principal, input: unknown): Promise<Closure> {
    assertRole(principal, ROLES_ALLOWED, 'closing cases');
    const cmd = parseInput(CloseCaseInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    const now = this.deps.clock.now();
    const entry = await this.deps.ledger.findOpenByCase(cmd.caseId);
    const clocks = await this.deps.clocks.findByCase(cmd.caseId);
    const onTime = clocks.every((c) => c.metInTime(now, this.deps.calendar));
    const closure = file.close(
      cmd.reason,
      cmd.mergedIntoCaseId ?? null,
      entry?.measures ?? [],
      onTime,
      actorOf(principal, ROLES_ALLOWED),
      now,
      this.deps.ids,
    );
    await this.deps.files.save(file);
    return closure;
  }
}
