import {
  FieldIssue,
  isRegionCode,
  isWithin,
  regionLevel,
  RegionLevel,
  regionPath,
  tenantOf,
  ValidationError,
} from '@xinfang/kernel';
import { UnitRef } from '../refs';
import { GOVERNMENT_KINDS, isSubjectCode, UNIT_KINDS, UnitKind } from '../vocabulary';

export interface UnitContact {
  /** Person or desk, e.g. `信访科`. */
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
}

/** The plain data of a unit, as stored. */
export interface UnitState {
  readonly id: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly regionCode: string;
  readonly regionPath: string;
  readonly level: RegionLevel;
  /** County tenant; null for city- and province-level units. */
  readonly tenantId: string | null;
  /** Lines of work (subject codes) the unit is competent for. */
  readonly subjectCodes: readonly string[];
  readonly contacts: readonly UnitContact[];
  readonly parentUnitId: string | null;
  /** The government of its region, chosen when no line-of-work rule applies (属地). */
  readonly isLocalGovernment: boolean;
  readonly active: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface UnitDetails {
  name: string;
  kind: UnitKind;
  subjectCodes: readonly string[];
  contacts: readonly UnitContact[];
  isLocalGovernment: boolean;
}

export interface NewUnit extends UnitDetails {
  id: string;
  regionCode: string;
}

const NAME_MAX = 100;

/**
 * A unit of a tenant's directory: a department, government, township or petition office. Its
 * region is fixed for life (a unit that moves is a new unit); everything else may change.
 */
export class Unit {
  private constructor(private state: UnitState) {}

  static create(input: NewUnit, at: Date): Unit {
    const issues = checkDetails(input);
    if (!isRegionCode(input.regionCode)) {
      issues.push({ field: 'regionCode', reason: `"${input.regionCode}" is not a region code` });
    }
    if (input.id.trim() === '') issues.push({ field: 'id', reason: 'is required' });
    if (issues.length > 0) throw new ValidationError(issues);
    return new Unit({
      id: input.id,
      name: input.name.trim(),
      kind: input.kind,
      regionCode: input.regionCode,
      regionPath: regionPath(input.regionCode),
      level: regionLevel(input.regionCode),
      tenantId: tenantOf(input.regionCode),
      subjectCodes: [...new Set(input.subjectCodes)],
      contacts: input.contacts.map(copyContact),
      parentUnitId: null,
      isLocalGovernment: input.isLocalGovernment,
      active: true,
      version: 0,
      createdAt: at,
      updatedAt: at,
    });
  }

  static restore(state: UnitState): Unit {
    return new Unit(state);
  }

  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }
  get regionCode(): string {
    return this.state.regionCode;
  }
  get regionPath(): string {
    return this.state.regionPath;
  }
  get level(): RegionLevel {
    return this.state.level;
  }
  get tenantId(): string | null {
    return this.state.tenantId;
  }
  get parentUnitId(): string | null {
    return this.state.parentUnitId;
  }
  get active(): boolean {
    return this.state.active;
  }
  get isLocalGovernment(): boolean {
    return this.state.isLocalGovernment;
  }
  get version(): number {
    return this.state.version;
  }

  ref(): UnitRef {
    return { unitId: this.state.id, name: this.state.name, regionCode: this.state.regionCode };
  }

  /** True when the unit's lines of work cover `subject`. */
  covers(subject: string): boolean {
    return this.state.subjectCodes.some((c) => subject === c || subject.startsWith(`${c}.`));
  }

  update(details: UnitDetails, at: Date): void {
    const issues = checkDetails(details);
    if (issues.length > 0) throw new ValidationError(issues);
    this.state = {
      ...this.state,
      name: details.name.trim(),
      kind: details.kind,
      subjectCodes: [...new Set(details.subjectCodes)],
      contacts: details.contacts.map(copyContact),
      isLocalGovernment: details.isLocalGovernment,
      updatedAt: at,
    };
  }

  /**
   * Places the unit under `parent` (or at the top with null). The superior must be active and
   * sit at the unit's region or above it; `ancestorsOfParent` (the parent's own chain upwards)
   * must not contain the unit, which would close a loop.
   */
  moveUnder(parent: Unit | null, ancestorsOfParent: readonly Unit[], at: Date): void {
    if (parent) {
      if (parent.id === this.id || ancestorsOfParent.some((u) => u.id === this.id)) {
        throw new ValidationError(
          'parentUnitId',
          `${parent.name} is below ${this.name}; units cannot form a loop`,
        );
      }
      if (!parent.active) throw new ValidationError('parentUnitId', `${parent.name} is dissolved`);
      if (!isWithin(this.regionPath, parent.regionPath)) {
        throw new ValidationError(
          'parentUnitId',
          `${parent.name} (${parent.regionCode}) is not at or above region ${this.regionCode}`,
        );
      }
    }
    this.state = { ...this.state, parentUnitId: parent?.id ?? null, updatedAt: at };
  }

  deactivate(at: Date): void {
    this.state = { ...this.state, active: false, updatedAt: at };
  }

  reactivate(at: Date): void {
    this.state = { ...this.state, active: true, updatedAt: at };
  }

  toState(): UnitState {
    return {
      ...this.state,
      subjectCodes: [...this.state.subjectCodes],
      contacts: [...this.state.contacts],
    };
  }
}

function copyContact(c: UnitContact): UnitContact {
  return { name: c.name.trim(), phone: c.phone ?? null, email: c.email ?? null };
}

function checkDetails(d: UnitDetails): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (d.name.trim() === '') issues.push({ field: 'name', reason: 'is required' });
  else if (d.name.trim().length > NAME_MAX)
    issues.push({ field: 'name', reason: `must be at most ${NAME_MAX} characters` });
  if (!UNIT_KINDS.includes(d.kind))
    issues.push({ field: 'kind', reason: `must be one of ${UNIT_KINDS.join(', ')}` });
  d.subjectCodes.forEach((c, i) => {
    if (!isSubjectCode(c))
      issues.push({ field: `subjectCodes.${i}`, reason: `"${c}" is not a subject code` });
  });
  d.contacts.forEach((c, i) => {
    if (c.name.trim() === '') issues.push({ field: `contacts.${i}.name`, reason: 'is required' });
    if (!c.phone && !c.email)
      issues.push({ field: `contacts.${i}`, reason: 'needs a phone number or an e-mail address' });
  });
  if (d.isLocalGovernment && !GOVERNMENT_KINDS.includes(d.kind)) {
    issues.push({
      field: 'isLocalGovernment',
      reason: `a ${d.kind} cannot be the local government`,
    });
  }
  return issues;
}
