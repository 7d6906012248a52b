import { NotFoundError } from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import { z } from 'zod';
import { assertCanManageDirectory, Unit, UnitMember, UnitMemberDirectory } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { id, parseCommand } from '../shared/validation';

/** Keycloak usernames: letters, digits and `._@-`, as the realm allows them. */
export const keycloakUsername = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'is not a username');

export const AddUnitMemberCommand = z.object({
  unitId: id,
  username: keycloakUsername,
  /** Keycloak user id (`sub`); optional, the username is enough. */
  subject: z
    .string()
    .trim()
    .max(64, 'must be at most 64 characters')
    .nullish()
    .transform((v) => v || null),
});
export type AddUnitMemberCommand = z.input<typeof AddUnitMemberCommand>;

export interface UnitMembersDeps extends Pick<RoutingDeps, 'units' | 'clock'> {
  members: UnitMemberDirectory;
}

/**
 * The staff directory: which users work for which unit, so a handler acts only for the units they
 * belong to. Kept by those who keep the unit itself (the county's tenant admin, the operator).
 */
export class ManageUnitMembers {
  constructor(private readonly deps: UnitMembersDeps) {}

  async list(principal: Principal, unitId: string): Promise<UnitMember[]> {
    const unit = await this.load(unitId);
    assertCanManageDirectory(principal, unit.regionPath, 'unit members');
    return this.deps.members.list(unit.id);
  }

  async add(principal: Principal, command: AddUnitMemberCommand): Promise<UnitMember> {
    const cmd = parseCommand(AddUnitMemberCommand, command);
    const unit = await this.load(cmd.unitId);
    assertCanManageDirectory(principal, unit.regionPath, 'unit members');
    const member: UnitMember = {
      unitId: unit.id,
      username: cmd.username,
      subject: cmd.subject,
      addedAt: this.deps.clock.now(),
      addedBy: principal.username,
    };
    await this.deps.members.add(member, unit.regionPath);
    return member;
  }

  async remove(principal: Principal, unitId: string, name: string): Promise<void> {
    const unit = await this.load(unitId);
    assertCanManageDirectory(principal, unit.regionPath, 'unit members');
    if (!(await this.deps.members.remove(unit.id, name))) {
      throw new NotFoundError('member', `${name} of unit ${unit.id}`);
    }
  }

  private async load(unitId: string): Promise<Unit> {
    const unit = await this.deps.units.get(unitId);
    if (!unit) throw new NotFoundError('unit', unitId);
    return unit;
  }
}
