import { CaseEvent, toKafkaMessage } from '@xinfang/bus';
import { CaseEventType, decodeCaseEvent, encodeCaseEvent, caseEvents } from '@xinfang/contracts';
import { newEventId, regionPath } from '@xinfang/kernel';
import type { Consumer, Kafka, Producer } from 'kafkajs';

/** A JSON call to the service; the body comes back parsed. */
export interface Api {
  (
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> & { issues?: Issue[] } }>;
}

export interface Issue {
  field: string;
  reason: string;
}

export function apiAt(baseUrl: string): Api {
  return async (token, method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: method.toUpperCase(),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
}

/** Every event on the topic since the observer joined, for tests to wait on. */
export class EventObserver {
  readonly events: CaseEvent[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    groupId: string,
  ) {
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const h = (name: string) => message.headers?.[name]?.toString();
        this.events.push({
          id: h('ce_id')!,
          type: h('ce_type')!,
          source: h('ce_source')!,
          time: h('ce_time')!,
          subject: h('ce_subject')!,
          tenantId: h('tenantid') ?? null,
          regionPath: h('regionpath')!,
          data: JSON.parse(message.value!.toString()) as unknown,
        });
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  /** The events of one case so far, by event name. */
  namesFor(caseId: string): string[] {
    return this.events
      .filter((e) => e.subject === caseId)
      .map((e) => e.type.replace('xinfang.case.v1.', ''));
  }

  /** Waits for the `name` event of a case and returns it with its decoded payload. */
  async next(name: keyof typeof CaseEventType, caseId: string, timeoutMs = 20_000) {
    const type = CaseEventType[name];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.events.find((e) => e.type === type && e.subject === caseId);
      if (event) {
        const decoded = decodeCaseEvent(event.type, event.data);
        if (!decoded) throw new Error(`${event.type} does not decode`);
        return { event, payload: decoded.payload as unknown as Record<string, unknown> };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no ${name} for ${caseId} within ${timeoutMs} ms; saw ${this.namesFor(caseId).join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface Registration {
  caseId: string;
  caseNumber: string;
  regionCode: string;
  subjectCode: string;
  nature: 'suggestion' | 'accusation' | 'claim';
  title?: string;
  anonymous?: boolean;
}

const NATURE = {
  suggestion: caseEvents.Nature.NATURE_SUGGESTION,
  accusation: caseEvents.Nature.NATURE_ACCUSATION,
  claim: caseEvents.Nature.NATURE_CLAIM,
};

/** Publishes a CaseRegistered event as intake does: proto3 JSON in the CloudEvents envelope. */
export async function publishRegistration(
  producer: Producer,
  topic: string,
  r: Registration,
  at: Date,
): Promise<void> {
  const { type, json } = encodeCaseEvent('CaseRegistered', {
    caseRef: {
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      tenantId: '441481',
      regionPath: regionPath(r.regionCode),
      regionCode: r.regionCode,
    },
    actor: { subject: 'sub-clerk', username: 'clerk.441481', role: 'clerk', unitId: '' },
    occurredAt: at.toISOString(),
    channel: caseEvents.Channel.CHANNEL_LETTER,
    nature: NATURE[r.nature],
    subjectCode: r.subjectCode,
    title: r.title ?? '',
    locationRegionCode: r.regionCode,
    headcount: 1,
    anonymous: r.anonymous ?? false,
    receivedAt: at.toISOString(),
    registeringOffice: { unitId: '', name: '兴宁市信访局', regionCode: '441481' },
  });
  const event: CaseEvent = {
    id: newEventId(),
    type,
    source: 'xinfang/intake',
    time: at.toISOString(),
    subject: r.caseId,
    tenantId: '441481',
    regionPath: regionPath(r.regionCode),
    data: json,
  };
  await producer.send({ topic, acks: -1, messages: [toKafkaMessage(event)] });
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
