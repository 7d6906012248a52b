import { ConflictError } from '@xinfang/kernel';
import { assertStep, canTakeStep, ROUTING_STATUSES, RoutingStep } from '../../src/domain';

const steps: RoutingStep[] = [
  'propose',
  'route',
  'decline',
  'handleDirectly',
  'reroute',
  'accept',
  'coAccept',
  'notAccept',
  'return',
  'requestExtension',
  'approveExtension',
  'reply',
  'reportResult',
];

describe('the routing status machine', () => {
  it('allows exactly the main path and its branches', () => {
    const allowed = Object.fromEntries(
      steps.map((step) => [step, ROUTING_STATUSES.filter((s) => canTakeStep(step, s))]),
    );
    expect(allowed).toEqual({
      propose: ['registered', 'returned'],
      route: ['registered'],
      decline: ['registered', 'returned'],
      handleDirectly: ['registered', 'returned'],
      reroute: ['returned'],
      accept: ['forwarded', 'assigned'],
      coAccept: ['forwarded', 'assigned', 'accepted'],
      notAccept: ['forwarded', 'assigned'],
      return: ['forwarded', 'assigned'],
      requestExtension: ['accepted'],
      approveExtension: ['accepted'],
      reply: ['accepted'],
      reportResult: ['replied'],
    });
  });

  it('ends nothing after a final decision', () => {
    for (const final of ['declined', 'disposedDirectly', 'notAccepted'] as const) {
      expect(steps.filter((step) => canTakeStep(step, final))).toEqual([]);
    }
  });

  it('names the case, its status and what the step needs in the conflict', () => {
    expect(() => assertStep('reply', 'forwarded', 'XF-1')).toThrow(
      new ConflictError(
        'cannot reply to case XF-1: it is forwarded; the unit must accept the case before replying',
      ),
    );
    expect(() => assertStep('reply', 'accepted', 'XF-1')).not.toThrow();
  });
});
