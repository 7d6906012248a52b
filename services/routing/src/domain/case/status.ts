import { ConflictError } from '@xinfang/kernel';

/**
 * Where a case stands in routing: `registered → forwarded|assigned → accepted → replied`, with
 * `declined` and `disposedDirectly` at the petition office, `notAccepted` at the unit, and
 * `returned` back at the office until it is re-routed.
 */
export const ROUTING_STATUSES = [
  'registered',
  'forwarded',
  'assigned',
  'accepted',
  'notAccepted',
  'returned',
  'declined',
  'disposedDirectly',
  'replied',
] as const;
export type RoutingStatus = (typeof ROUTING_STATUSES)[number];

/** Every step of routing, the statuses it may start from, and what it needs. */
const STEPS = {
  propose: {
    verb: 'propose a disposition for',
    from: ['registered', 'returned'],
    needs: 'only a case awaiting disposition gets a proposal',
  },
  route: {
    verb: 'forward or assign',
    from: ['registered'],
    needs: 'only a newly registered case is sent out; a returned case is re-routed',
  },
  decline: {
    verb: 'decline',
    from: ['registered', 'returned'],
    needs: 'only a case still at the petition office can be declined',
  },
  handleDirectly: {
    verb: 'handle directly',
    from: ['registered', 'returned'],
    needs: 'only a case still at the petition office can be handled by it',
  },
  nameAccused: {
    verb: 'name the accused units of',
    from: ['registered', 'returned'],
    needs: 'accused units are named while the case is at the petition office',
  },
  reroute: {
    verb: 're-route',
    from: ['returned'],
    needs: 'only a case a unit returned can be re-routed',
  },
  accept: {
    verb: 'accept',
    from: ['forwarded', 'assigned'],
    needs: 'only a case sent to the unit and not yet decided on can be accepted',
  },
  coAccept: {
    verb: 'accept',
    from: ['forwarded', 'assigned', 'accepted'],
    needs: 'co-units accept a case while it is sent out or being handled',
  },
  notAccept: {
    verb: 'decline',
    from: ['forwarded', 'assigned'],
    needs: 'only a case sent to the unit and not yet decided on can be declined',
  },
  return: {
    verb: 'return',
    from: ['forwarded', 'assigned'],
    needs: 'an objection to a misrouting comes before the case is accepted',
  },
  requestExtension: {
    verb: 'ask to extend',
    from: ['accepted'],
    needs: 'only a case accepted and being handled can be extended',
  },
  approveExtension: {
    verb: 'extend',
    from: ['accepted'],
    needs: 'only a case accepted and being handled can be extended',
  },
  reply: {
    verb: 'reply to',
    from: ['accepted'],
    needs: 'the unit must accept the case before replying',
  },
  reportResult: {
    verb: 'report the result of',
    from: ['replied'],
    needs: 'the result is reported once the unit has replied',
  },
} as const satisfies Record<
  string,
  { verb: string; from: readonly RoutingStatus[]; needs: string }
>;

export type RoutingStep = keyof typeof STEPS;

/** Throws a ConflictError naming the case, its status and what the step needs. */
export function assertStep(step: RoutingStep, status: RoutingStatus, caseNumber: string): void {
  const rule = STEPS[step];
  if ((rule.from as readonly RoutingStatus[]).includes(status)) return;
  throw new ConflictError(
    `cannot ${rule.verb} case ${caseNumber}: it is ${status}; ${rule.needs}`,
    {
      step,
      status,
    },
  );
}

/** True when `step` may start from `status`. */
export function canTakeStep(step: RoutingStep, status: RoutingStatus): boolean {
  return (STEPS[step].from as readonly RoutingStatus[]).includes(status);
}
