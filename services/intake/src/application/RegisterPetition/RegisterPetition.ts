import { ForbiddenError, ValidationError } from '@xinfang/kernel';
import { hasRole, Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { officeAt } from '../../domain';
import { parseInput, staffPetitionInput } from '../shared/input';
import { registerAt, RegistrationDeps, RegistrationResult } from '../shared/registration';

export const RegisterPetitionInput = staffPetitionInput;
export type RegisterPetitionInput = z.input<typeof staffPetitionInput>;

/**
 * A clerk registers a petition that arrived by letter, visit, phone, online or referral from a
 * higher level, at their own petition office.
 */
export class RegisterPetition {
  constructor(private readonly deps: RegistrationDeps) {}

  async execute(principal: Principal, input: unknown): Promise<RegistrationResult> {
    if (principal.kind !== 'user' || !hasRole(principal, ROLES.clerk)) {
      throw new ForbiddenError('registering a petition needs the clerk role');
    }
    const { officeRegionCode, ...draft } = parseInput(RegisterPetitionInput, input);
    const office = officeAt(officeOf(principal, officeRegionCode));
    return registerAt(this.deps, draft, office, {
      subject: principal.subject,
      username: principal.username,
    });
  }
}

function officeOf(principal: Principal, requested: string | undefined): string {
  if (requested === undefined) {
    const [only, ...others] = principal.regionCodes;
    if (!only || others.length > 0) {
      throw new ValidationError(
        'officeRegionCode',
        'is required: the caller belongs to several offices',
      );
    }
    return only;
  }
  if (!principal.regionCodes.includes(requested)) {
    throw new ForbiddenError(`the caller does not work at office ${requested}`);
  }
  return requested;
}
