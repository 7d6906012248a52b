import {
  ConflictError,
  NotFoundError,
  REGION_LEVELS,
  regionPath,
  ValidationError,
} from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import { z } from 'zod';
import {
  assertCanManageDirectory,
  NATURES,
  Page,
  RoutingRule,
  RoutingRuleState,
  RuleDefinition,
} from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { activeUnits } from '../shared/support';
import {
  cursor,
  id,
  limit,
  MAX,
  parseCommand,
  regionCode,
  subjectCode,
  text,
} from '../shared/validation';

const definition = {
  name: text(MAX.name),
  subjectCodes: z.array(subjectCode).min(1, 'must name at least one subject').max(50),
  natures: z.array(z.enum(NATURES)).default([]),
  level: z
    .enum(REGION_LEVELS)
    .nullish()
    .transform((v) => v ?? null),
  priority: z.number().int().default(0),
  targetUnitId: id,
  coUnitIds: z.array(id).max(20).default([]),
};

export const CreateRuleCommand = z.object({ scopeRegionCode: regionCode, ...definition });
export type CreateRuleCommand = z.input<typeof CreateRuleCommand>;

export const RedefineRuleCommand = z.object({
  ruleId: id,
  expectedVersion: z.number().int().min(0).optional(),
  ...definition,
});
export type RedefineRuleCommand = z.input<typeof RedefineRuleCommand>;

export const ListRulesQuery = z.object({
  regionCode,
  targetUnitId: id.nullish().transform((v) => v ?? null),
  includeInactive: z.boolean().default(false),
  limit,
  cursor,
});
export type ListRulesQuery = z.input<typeof ListRulesQuery>;

/**
 * The routing rules a tenant keeps (and cities and the province for their own regions): which
 * unit handles which subjects in which subtree. Kept by those who may keep the directory there.
 */
export class ManageRoutingRule {
  constructor(private readonly deps: Pick<RoutingDeps, 'units' | 'rules' | 'clock' | 'ids'>) {}

  async create(principal: Principal, command: CreateRuleCommand): Promise<RoutingRuleState> {
    const cmd = parseCommand(CreateRuleCommand, command);
    assertCanManageDirectory(principal, regionPath(cmd.scopeRegionCode), 'routing rules');
    const rule = RoutingRule.create(
      {
        id: this.deps.ids.next(),
        scopeRegionCode: cmd.scopeRegionCode,
        ...(await this.definition(cmd)),
      },
      this.deps.clock.now(),
    );
    await this.deps.rules.insert(rule);
    return rule.toState();
  }

  async redefine(principal: Principal, command: RedefineRuleCommand): Promise<RoutingRuleState> {
    const cmd = parseCommand(RedefineRuleCommand, command);
    const rule = await this.load(cmd.ruleId);
    assertCanManageDirectory(principal, rule.scopePath, 'routing rules');
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== rule.version) {
      throw new ConflictError(
        `rule ${rule.id} was changed by someone else; reload it (version ${rule.version})`,
      );
    }
    rule.redefine(await this.definition(cmd), this.deps.clock.now());
    await this.deps.rules.save(rule);
    return rule.toState();
  }

  async deactivate(principal: Principal, ruleId: string): Promise<RoutingRuleState> {
    const rule = await this.load(ruleId);
    assertCanManageDirectory(principal, rule.scopePath, 'routing rules');
    if (rule.active) {
      rule.deactivate(this.deps.clock.now());
      await this.deps.rules.save(rule);
    }
    return rule.toState();
  }

  async reactivate(principal: Principal, ruleId: string): Promise<RoutingRuleState> {
    const rule = await this.load(ruleId);
    assertCanManageDirectory(principal, rule.scopePath, 'routing rules');
    if (!rule.active) {
      await activeUnits(this.deps, [{ field: 'targetUnitId', unitId: rule.targetUnitId }]);
      rule.reactivate(this.deps.clock.now());
      await this.deps.rules.save(rule);
    }
    return rule.toState();
  }

  async get(_principal: Principal, ruleId: string): Promise<RoutingRuleState> {
    return (await this.load(ruleId)).toState();
  }

  async list(_principal: Principal, query: ListRulesQuery): Promise<Page<RoutingRuleState>> {
    const q = parseCommand(ListRulesQuery, query);
    const page = await this.deps.rules.list({
      scopePathWithin: regionPath(q.regionCode),
      targetUnitId: q.targetUnitId,
      includeInactive: q.includeInactive,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { items: page.items.map((r) => r.toState()), nextCursor: page.nextCursor };
  }

  private async load(ruleId: string): Promise<RoutingRule> {
    const rule = await this.deps.rules.get(ruleId);
    if (!rule) throw new NotFoundError('routing rule', ruleId);
    return rule;
  }

  /** Target and co-units must exist; the rule itself checks they are active and placed right. */
  private async definition(
    cmd: z.output<typeof RedefineRuleCommand> | z.output<typeof CreateRuleCommand>,
  ): Promise<RuleDefinition> {
    const units = await this.deps.units.getMany([cmd.targetUnitId, ...cmd.coUnitIds]);
    const byId = new Map(units.map((u) => [u.id, u]));
    const missing = [
      { field: 'targetUnitId', unitId: cmd.targetUnitId },
      ...cmd.coUnitIds.map((unitId, i) => ({ field: `coUnitIds.${i}`, unitId })),
    ].filter((n) => !byId.has(n.unitId));
    if (missing.length > 0) {
      throw new ValidationError(
        missing.map((n) => ({ field: n.field, reason: `no unit ${n.unitId}` })),
      );
    }
    return {
      name: cmd.name,
      subjectCodes: cmd.subjectCodes,
      natures: cmd.natures,
      level: cmd.level,
      priority: cmd.priority,
      target: byId.get(cmd.targetUnitId)!,
      coUnits: cmd.coUnitIds.map((unitId) => byId.get(unitId)!),
    };
  }
}
