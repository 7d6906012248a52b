import type { RenderedNotice } from './templates';

/** Media of petitioner notices this service delivers itself. */
export type NoticeMedium = 'sms' | 'email' | 'letter';

/** How to reach a petitioner of a case: any of phone, email and postal address. */
export interface PetitionerContact {
  /** Stable key of the person within the case (petitioner key or a caller-given id). */
  readonly recipientId: string;
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly postalAddress?: string;
}

/** Where petitioners' contact details come from; events carry none (DESIGN §6). */
export interface ContactDirectory {
  contactsFor(caseId: string): Promise<PetitionerContact[]>;
}

export interface SmsSender {
  /** Throws when the provider refuses or cannot be reached. */
  send(to: string, text: string, idempotencyKey: string): Promise<void>;
}

export interface EmailSender {
  send(to: string, subject: string, text: string, idempotencyKey: string): Promise<void>;
}

export interface LetterRenderer {
  /** A printable PDF of the notice addressed to `address`. */
  render(notice: RenderedNotice, recipient: { name: string; address: string }): Promise<Buffer>;
  /** Undefined when the renderer can work; otherwise why not (readiness). */
  problem(): Promise<string | undefined>;
}

export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface WebhookTransport {
  /** Resolves on a 2xx answer; throws otherwise. */
  post(request: WebhookRequest): Promise<void>;
}
