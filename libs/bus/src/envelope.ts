import { ValidationError } from '@xinfang/kernel';
import type { IHeaders, Message } from 'kafkajs';

/**
 * A case event as it travels on Kafka: the CloudEvents 1.0 attributes plus the tenancy of the
 * case. `subject` is the case id and the record key, so one case's events stay in order.
 */
export interface CaseEvent<T = unknown> {
  /** Unique event id; consumers deduplicate by it. */
  id: string;
  /** `xinfang.case.v1.<EventName>`. */
  type: string;
  /** The producing service, e.g. `xinfang/intake`. */
  source: string;
  /** ISO-8601 time the event happened. */
  time: string;
  /** The case id. */
  subject: string;
  /** County tenant of the case, null for cases held at city or province level. */
  tenantId: string | null;
  regionPath: string;
  data: T;
  /** W3C trace context of the request that caused the event. */
  traceparent?: string;
}

/** The parts of a Kafka record an event is read from (a kafkajs `KafkaMessage` fits). */
export interface IncomingRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

export const CE_SPECVERSION = '1.0';
export const CONTENT_TYPE_JSON = 'application/json';

/** CloudEvents 1.0 Kafka binary mode: attributes in headers, the data as the JSON value. */
export function toKafkaMessage<T>(
  event: CaseEvent<T>,
): Message & { key: string; value: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    ce_specversion: CE_SPECVERSION,
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_time: event.time,
    ce_subject: event.subject,
    regionpath: event.regionPath,
    'content-type': CONTENT_TYPE_JSON,
  };
  // A city- or province-level case has no tenant; the header is left out rather than empty.
  if (event.tenantId) headers.tenantid = event.tenantId;
  if (event.traceparent) headers.traceparent = event.traceparent;
  return { key: event.subject, value: JSON.stringify(event.data ?? null), headers };
}

/** Reads an event from a record; throws ValidationError naming what is missing or malformed. */
export function fromKafkaMessage<T = unknown>(record: IncomingRecord): CaseEvent<T> {
  const h = (name: string): string | undefined => headerValue(record.headers, name);
  const required = [
    'ce_specversion',
    'ce_id',
    'ce_type',
    'ce_source',
    'ce_time',
    'ce_subject',
    'regionpath',
  ];
  const missing = required.filter((name) => !h(name));
  if (missing.length > 0)
    throw new ValidationError(missing.map((field) => ({ field, reason: 'header is missing' })));
  if (h('ce_specversion') !== CE_SPECVERSION)
    throw new ValidationError('ce_specversion', `unsupported version ${h('ce_specversion')}`);
  const contentType = h('content-type');
  if (contentType && !contentType.startsWith(CONTENT_TYPE_JSON))
    throw new ValidationError('content-type', `unsupported ${contentType}`);
  if (Number.isNaN(Date.parse(h('ce_time')!)))
    throw new ValidationError('ce_time', 'is not a time');
  if (record.value === null || record.value === undefined)
    throw new ValidationError('value', 'is empty');
  let data: T;
  try {
    data = JSON.parse(record.value.toString()) as T;
  } catch (err) {
    throw new ValidationError('value', `is not JSON: ${(err as Error).message}`);
  }
  const event: CaseEvent<T> = {
    id: h('ce_id')!,
    type: h('ce_type')!,
    source: h('ce_source')!,
    time: h('ce_time')!,
    subject: h('ce_subject')!,
    tenantId: h('tenantid') ?? null,
    regionPath: h('regionpath')!,
    data,
  };
  const traceparent = h('traceparent');
  if (traceparent) event.traceparent = traceparent;
  return event;
}

/** A header as a string (the first value when repeated). */
export function headerValue(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}
