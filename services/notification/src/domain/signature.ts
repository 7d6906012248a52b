import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `sha256=<hex>` of the raw body, keyed with the subscription secret. */
export const SIGNATURE_HEADER = 'X-Xinfang-Signature';
/** Unix seconds of the delivery attempt. */
export const TIMESTAMP_HEADER = 'X-Xinfang-Timestamp';
/** Delivery id; the same across retries and replays of one delivery. */
export const DELIVERY_HEADER = 'X-Xinfang-Delivery';

/** `sha256=<hex>` of HMAC-SHA256(secret, rawBody). */
export function signBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Constant-time check of a signature header against the raw body. */
export function verifySignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
