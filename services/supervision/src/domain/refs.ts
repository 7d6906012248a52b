/** Identifies a case in every event, as in the public contract (`CaseRef`). */
export interface CaseRef {
  readonly caseId: string;
  readonly caseNumber: string;
  /** The county tenant that owns the case. */
  readonly tenantId: string;
  readonly regionPath: string;
  readonly regionCode: string;
}

/** Who caused an event: the user, the role they acted in and the unit they acted for. */
export interface Actor {
  readonly subject: string;
  readonly username: string;
  readonly role: string;
  /** Unit the actor acted for; null when not acting for a unit. */
  readonly unitId: string | null;
}

/** A unit as named in events: enough to display and scope it without a lookup. */
export interface UnitRef {
  readonly unitId: string;
  readonly name: string;
  readonly regionCode: string;
}

/** The actor of automatic work (sweeps, rule-based flags), as the contract names it. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  subject: 'system',
  username: '',
  role: 'service',
  unitId: null,
});
