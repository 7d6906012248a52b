import type { WebhookRequest, WebhookTransport } from '../../domain/ports';

/** Webhooks over HTTP(S); a 2xx answer is success, anything else (or no answer) a failure. */
export class FetchWebhookTransport implements WebhookTransport {
  constructor(private readonly timeoutMs: number) {}

  async post(request: WebhookRequest): Promise<void> {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status >= 300)
      throw new Error(`receiver answered ${response.status}`);
  }
}
