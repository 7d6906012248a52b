import { isRegionCode, regionLevel, tenantOf, ValidationError } from '@xinfang/kernel';
import { z } from 'zod';
import { officeAt } from '../../domain';
import { parseInput, petitionContentInput } from '../shared/input';
import { registerAt, RegistrationDeps } from '../shared/registration';

export const SubmitOnlinePetitionInput = petitionContentInput;
export type SubmitOnlinePetitionInput = z.input<typeof petitionContentInput>;

/** What the portal shows after a submission; the query code is shown this once. */
export interface OnlineSubmissionReceipt {
  /** For the audit log and the service's own use; the portal shows the case number. */
  readonly caseId: string;
  readonly regionPath: string;
  readonly caseNumber: string;
  readonly queryCode: string;
  readonly registeredAt: Date;
  readonly notices: readonly string[];
}

/**
 * A petitioner submits through the online portal, without a staff login. The place of the
 * matter decides the tenant: the case is registered at the petition office of its county.
 */
export class SubmitOnlinePetition {
  constructor(private readonly deps: RegistrationDeps) {}

  async execute(input: unknown): Promise<OnlineSubmissionReceipt> {
    const content = parseInput(SubmitOnlinePetitionInput, input);
    const code = content.location.regionCode;
    if (!isRegionCode(code) || !['county', 'township'].includes(regionLevel(code))) {
      throw new ValidationError('location.regionCode', 'must be a county or township code');
    }
    const office = officeAt(tenantOf(code)!);
    // Urgency is the clerks' triage, not the submitter's choice.
    const result = await registerAt(
      this.deps,
      { ...content, channel: 'online', urgency: 'normal' },
      office,
      null,
    );
    return {
      caseId: result.caseId,
      regionPath: result.regionPath,
      caseNumber: result.caseNumber,
      queryCode: result.queryCode,
      registeredAt: result.registeredAt,
      notices: result.notices,
    };
  }
}
