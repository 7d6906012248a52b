import { createHmac } from 'node:crypto';
import { retryDelay } from '../../src/domain/backoff';
import { signBody, verifySignature } from '../../src/domain/signature';

describe('webhook signature', () => {
  const secret = 'a-subscription-secret-of-32-chars!';
  const body = JSON.stringify({
    id: '01J',
    type: 'xinfang.case.v1.CaseAccepted',
    data: { a: '受理' },
  });

  it('is HMAC-SHA256 of the raw body, hex, prefixed sha256=', () => {
    const hex = createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signBody(secret, body)).toBe(`sha256=${hex}`);
  });

  it('verifies the same body and refuses any change, another key or a malformed header', () => {
    const sig = signBody(secret, body);
    expect(verifySignature(secret, body, sig)).toBe(true);
    expect(verifySignature(secret, body.replace('受理', '受 理'), sig)).toBe(false);
    expect(verifySignature(`${secret}x`, body, sig)).toBe(false);
    expect(verifySignature(secret, body, sig.toUpperCase())).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
  });
});

describe('retry backoff', () => {
  const policy = { baseMs: 1000, maxMs: 8000, maxAttempts: 6 };

  it('doubles from the base up to the cap without jitter', () => {
    const delays = [1, 2, 3, 4, 5].map((a) => retryDelay(policy, a, () => 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('takes at most a fifth off as jitter', () => {
    expect(retryDelay(policy, 2, () => 0.999)).toBeGreaterThanOrEqual(1600);
    expect(retryDelay(policy, 2, () => 0.5)).toBe(1800);
  });

  it('gives up after the last attempt', () => {
    expect(retryDelay(policy, 6)).toBeUndefined();
    expect(retryDelay({ ...policy, maxAttempts: 1 }, 1)).toBeUndefined();
  });
});
