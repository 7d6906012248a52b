import type { SmsSender } from '../../domain/ports';

/**
 * SMS through a provider's HTTP API: POST JSON `{ to, text, reference }` to the provider URL.
 * `reference` (also sent as `Idempotency-Key`) is the delivery id, so a provider that
 * deduplicates drops the resend after a crash between sending and recording.
 */
export class HttpSmsSender implements SmsSender {
  constructor(private readonly options: { url: string; token?: string; timeoutMs: number }) {}

  async send(to: string, text: string, idempotencyKey: string): Promise<void> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify({ to, text, reference: idempotencyKey }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`SMS provider answered ${response.status}`);
  }
}
