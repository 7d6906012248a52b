import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { Resolution } from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, localDate, parseInput, text } from '../shared/input';

export const ResolveCaseInput = z.object({
  caseId: id,
  /** The petitioner signed a settlement agreement (息诉罢访协议). */
  settlementAgreement: z.boolean(),
  /** The day it was signed; given exactly when there is an agreement. */
  agreementSignedDate: localDate.nullish(),
  /** How it was settled, without personal data. */
  summary: text(),
});
export type ResolveCaseInput = z.input<typeof ResolveCaseInput>;

const ROLES_ALLOWED = [ROLES.supervisor, ROLES.caseLeader, ROLES.clerk];

/** 化解 / 案结事了: records that the matter is settled; resolves its backlog ledger entry. */
export class ResolveCase {
  constructor(private readonly deps: Pick<SupervisionDeps, 'files' | 'ledger' | 'clock' | 'ids'>) {}

  async execute(principal: Principal, input: unknown): Promise<Resolution> {
    assertRole(principal, ROLES_ALLOWED, 'recording resolutions');
    const cmd = parseInput(ResolveCaseInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    const now = this.deps.clock.now();
    const resolution = file.resolve(
      {
        settlementAgreement: cmd.settlementAgreement,
        agreementSignedDate: cmd.agreementSignedDate ?? null,
        summary: cmd.summary,
      },
      actorOf(principal, ROLES_ALLOWED),
      now,
      this.deps.ids,
    );
    await this.deps.files.save(file);
    const entry = await this.deps.ledger.findOpenByCase(cmd.caseId);
    if (entry) {
      entry.resolve(now);
      await this.deps.ledger.save(entry);
    }
    return resolution;
  }
}
