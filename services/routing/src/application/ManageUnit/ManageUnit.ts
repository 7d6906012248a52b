import { ConflictError, NotFoundError, regionPath, ValidationError } from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import { z } from 'zod';
import { assertCanManageDirectory, Page, Unit, UNIT_KINDS, UnitState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { superiorChain } from '../shared/support';
import {
  cursor,
  id,
  limit,
  MAX,
  optionalText,
  parseCommand,
  regionCode,
  subjectCode,
  text,
} from '../shared/validation';

const contact = z.object({
  name: text(60),
  phone: optionalText(30),
  email: z
    .email('must be an e-mail address')
    .nullish()
    .transform((v) => v ?? null),
});

const details = {
  name: text(MAX.name),
  kind: z.enum(UNIT_KINDS),
  subjectCodes: z.array(subjectCode).max(100).default([]),
  contacts: z.array(contact).max(20).default([]),
  parentUnitId: id.nullish().transform((v) => v ?? null),
  isLocalGovernment: z.boolean().default(false),
};

export const CreateUnitCommand = z.object({ regionCode, ...details });
export type CreateUnitCommand = z.input<typeof CreateUnitCommand>;

export const UpdateUnitCommand = z.object({
  unitId: id,
  /** The version the caller edited; a later change by someone else is a conflict. */
  expectedVersion: z.number().int().min(0).optional(),
  ...details,
});
export type UpdateUnitCommand = z.input<typeof UpdateUnitCommand>;

export const ListUnitsQuery = z.object({
  regionCode,
  includeSubtree: z.boolean().default(false),
  subjectCode: subjectCode.nullish().transform((v) => v ?? null),
  kind: z
    .enum(UNIT_KINDS)
    .nullish()
    .transform((v) => v ?? null),
  includeInactive: z.boolean().default(false),
  limit,
  cursor,
});
export type ListUnitsQuery = z.input<typeof ListUnitsQuery>;

/**
 * The unit directory of a tenant: the tenant admin keeps the county's and its townships' units;
 * city and province units are kept by staff of exactly that city or province. Anyone on the
 * staff may read the directory, since routing across tenants needs it.
 */
export class ManageUnit {
  constructor(private readonly deps: Pick<RoutingDeps, 'units' | 'rules' | 'clock' | 'ids'>) {}

  async create(principal: Principal, command: CreateUnitCommand): Promise<UnitState> {
    const cmd = parseCommand(CreateUnitCommand, command);
    assertCanManageDirectory(principal, regionPath(cmd.regionCode), 'units');
    const now = this.deps.clock.now();
    const unit = Unit.create({ id: this.deps.ids.next(), ...cmd }, now);
    await this.placeUnder(unit, cmd.parentUnitId, now);
    await this.assertSoleLocalGovernment(unit);
    await this.deps.units.insert(unit);
    return unit.toState();
  }

  async update(principal: Principal, command: UpdateUnitCommand): Promise<UnitState> {
    const cmd = parseCommand(UpdateUnitCommand, command);
    const unit = await this.load(cmd.unitId);
    assertCanManageDirectory(principal, unit.regionPath, 'units');
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== unit.version) {
      throw new ConflictError(
        `unit ${unit.name} was changed by someone else; reload it (version ${unit.version})`,
      );
    }
    const now = this.deps.clock.now();
    unit.update(cmd, now);
    if (cmd.parentUnitId !== unit.parentUnitId) await this.placeUnder(unit, cmd.parentUnitId, now);
    await this.assertSoleLocalGovernment(unit);
    await this.deps.units.save(unit);
    return unit.toState();
  }

  /**
   * Dissolves a unit. Refused while units are still placed under it or active rules still send
   * cases to it, as either would route matters to a unit that no longer exists.
   */
  async deactivate(principal: Principal, unitId: string): Promise<UnitState> {
    const unit = await this.load(unitId);
    assertCanManageDirectory(principal, unit.regionPath, 'units');
    if (!unit.active) return unit.toState();
    const children = (await this.deps.units.children(unit.id)).filter((u) => u.active);
    if (children.length > 0) {
      throw new ConflictError(
        `${unit.name} still has units under it: ${children.map((u) => u.name).join(', ')}`,
      );
    }
    const rules = await this.deps.rules.list({
      scopePathWithin: '/',
      targetUnitId: unit.id,
      includeInactive: false,
      limit: 10,
      cursor: null,
    });
    if (rules.items.length > 0) {
      throw new ConflictError(
        `routing rules still send cases to ${unit.name}: ${rules.items.map((r) => r.id).join(', ')}`,
      );
    }
    unit.deactivate(this.deps.clock.now());
    await this.deps.units.save(unit);
    return unit.toState();
  }

  async reactivate(principal: Principal, unitId: string): Promise<UnitState> {
    const unit = await this.load(unitId);
    assertCanManageDirectory(principal, unit.regionPath, 'units');
    if (unit.active) return unit.toState();
    if (unit.parentUnitId) {
      const parent = await this.deps.units.get(unit.parentUnitId);
      if (!parent?.active)
        throw new ConflictError(
          `the superior of ${unit.name} is dissolved; place it under another unit first`,
        );
    }
    unit.reactivate(this.deps.clock.now());
    await this.assertSoleLocalGovernment(unit);
    await this.deps.units.save(unit);
    return unit.toState();
  }

  async get(_principal: Principal, unitId: string): Promise<UnitState> {
    return (await this.load(unitId)).toState();
  }

  async list(_principal: Principal, query: ListUnitsQuery): Promise<Page<UnitState>> {
    const q = parseCommand(ListUnitsQuery, query);
    const page = await this.deps.units.list({
      regionPathWithin: regionPath(q.regionCode),
      exactRegion: !q.includeSubtree,
      subjectCode: q.subjectCode,
      kind: q.kind,
      includeInactive: q.includeInactive,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { items: page.items.map((u) => u.toState()), nextCursor: page.nextCursor };
  }

  private async load(unitId: string): Promise<Unit> {
    const unit = await this.deps.units.get(unitId);
    if (!unit) throw new NotFoundError('unit', unitId);
    return unit;
  }

  private async placeUnder(unit: Unit, parentUnitId: string | null, at: Date): Promise<void> {
    if (parentUnitId === null) return unit.moveUnder(null, [], at);
    const parent = await this.deps.units.get(parentUnitId);
    if (!parent) throw new ValidationError('parentUnitId', `no unit ${parentUnitId}`);
    unit.moveUnder(parent, (await superiorChain(this.deps, parent)).slice(1), at);
  }

  /** A region has one local government, so the 属地 fallback is never ambiguous. */
  private async assertSoleLocalGovernment(unit: Unit): Promise<void> {
    if (!unit.isLocalGovernment || !unit.active) return;
    const others = (await this.deps.units.localGovernments([unit.regionCode])).filter(
      (u) => u.active && u.id !== unit.id,
    );
    if (others.length > 0) {
      throw new ConflictError(
        `${others[0]!.name} is already the local government of region ${unit.regionCode}`,
      );
    }
  }
}
