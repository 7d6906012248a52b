import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toKafkaMessage, type CaseEvent } from '@xinfang/bus';
import {
  encodeCaseEvent,
  notificationV1,
  type CaseEventName,
  type CaseEventPayloads,
} from '@xinfang/contracts';
import { newEventId, newId } from '@xinfang/kernel';
import { createGrpcClient } from '@xinfang/service-kit';
import { SMTPServer } from 'smtp-server';
import { createService, notificationConfigSchema, verifySignature } from '../src';
import { clientCredentialsToken, passwordToken } from '../../../tests/support/keycloak';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';

jest.setTimeout(240_000);

interface Hit {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: SMS provider and webhook endpoints. */
async function startReceiver() {
  const hits: Hit[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const left = failures.get(path) ?? 0;
      if (left > 0) {
        failures.set(path, left - 1);
        res.writeHead(503).end('down');
        return;
      }
      hits.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    hits,
    failNext: (path: string, times: number) => failures.set(path, times),
    failuresLeft: (path: string) => failures.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real SMTP server on 127.0.0.1 keeping every message it is given. */
async function startSmtp() {
  const messages: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text of a single-part message nodemailer wrote (quoted-printable or base64). */
function mailText(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectRaw.replace(
    /=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi,
    (_m, enc: string, v: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(v, 'base64').toString('utf8')
        : decodeQp(v.replace(/_/g, ' ')),
  );
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(unfolded)?.[1]?.trim().toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQp(body)
        : body;
  return { subject, text };
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const joined = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const TENANT_A = { tenantId: '441481', regionPath: '/440000/441400/441481', regionCode: '441481' };
const TENANT_B = { tenantId: '441422', regionPath: '/440000/441400/441422', regionCode: '441422' };

describe('notification service on real Kafka, FerretDB, Keycloak, SMTP and HTTP', () => {
  const suffix = uniqueSuffix();
  const topic = `test.notification.${suffix}`;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let service: Awaited<
    ReturnType<
      typeof startService<
        typeof notificationConfigSchema,
        Awaited<ReturnType<typeof createService>>
      >
    >
  >;
  let adminA: string;
  let adminB: string;
  let clerkA: string;
  const secrets: Record<string, string> = {};
  const subscriptionIds: Record<string, string> = {};

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  async function publish<N extends CaseEventName>(
    name: N,
    caseId: string,
    tenant: typeof TENANT_A,
    payload: Partial<CaseEventPayloads[N]>,
    id = newEventId(),
  ): Promise<CaseEvent> {
    const { type, json } = encodeCaseEvent(name, {
      ...payload,
      caseRef: { caseId, caseNumber: `XF${tenant.regionCode}-${caseId.slice(-6)}`, ...tenant },
      occurredAt: '2026-03-05T02:00:00Z',
    } as never);
    const event: CaseEvent = {
      id,
      type,
      source: 'xinfang/test',
      time: new Date().toISOString(),
      subject: caseId,
      tenantId: tenant.tenantId,
      regionPath: tenant.regionPath,
      data: json,
    };
    await service.producer.send({ topic, messages: [toKafkaMessage(event)] });
    return event;
  }

  const webhooks = (path: string) =>
    receiver.hits
      .filter((h) => h.path === path)
      .map((h) => JSON.parse(h.body) as { id: string; type: string; subject: string });

  beforeAll(async () => {
    [receiver, smtp] = await Promise.all([startReceiver(), startSmtp()]);
    service = await startService(createService, {
      name: 'notification',
      schema: notificationConfigSchema,
      env: {
        CASE_EVENTS_TOPIC: topic,
        CASE_EVENTS_DLT: `${topic}.dlt`,
        NOTIFICATION_CONSUMER_GROUP: `notification-${suffix}`,
        SMS_PROVIDER_URL: receiver.url('/sms'),
        SMTP_URL: smtp.url,
        DELIVERY_POLL_INTERVAL: '100ms',
        DELIVERY_BACKOFF_BASE: '200ms',
        DELIVERY_BACKOFF_MAX: '1s',
        DELIVERY_MAX_ATTEMPTS: '30',
      },
    });
    [adminA, adminB, clerkA] = await Promise.all([
      passwordToken('tenant-admin.441481'),
      passwordToken('tenant-admin.441422'),
      passwordToken('clerk.441481'),
    ]);
    const subscriber = await clientCredentialsToken('downstream-12345', 'downstream-12345-secret');
    for (const [name, token, body] of [
      ['a', adminA, { url: receiver.url('/hooks/a') }],
      ['b', adminB, { url: receiver.url('/hooks/b') }],
      [
        'c',
        subscriber,
        { url: receiver.url('/hooks/c'), eventTypes: ['xinfang.case.v1.CaseAccepted'] },
      ],
    ] as const) {
      const created = await api(token, 'POST', '/subscriptions', body);
      expect(created.status).toBe(201);
      secrets[name] = created.body.secret as string;
      subscriptionIds[name] = created.body.id as string;
    }
    expect((await api(adminA, 'GET', '/subscriptions')).body.items).toHaveLength(2);
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all([receiver?.close(), smtp?.close()]);
  });

  it('serves probes, OpenAPI and refuses a subscription from a clerk', async () => {
    expect((await fetch(`${service.baseUrl}/readyz`)).status).toBe(200);
    const doc = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as {
      paths: object;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/subscriptions', '/staff-alerts']),
    );
    expect((await api(clerkA, 'POST', '/subscriptions', { url: receiver.url('/x') })).status).toBe(
      403,
    );
  });

  const caseId = newId();

  it('acceptance event → email, SMS and a PDF letter in Chinese to the contacts on file', async () => {
    const token = await clientCredentialsToken('xinfang-intake', 'xinfang-intake-secret');
    const client = createGrpcClient(notificationV1.NotificationServiceClient, service.grpcAddress, {
      token: () => Promise.resolve(token),
    });
    const send = (channel: notificationV1.NoticeChannel, address: string) =>
      new Promise<notificationV1.SendNoticeResponse>((resolve, reject) =>
        client.sendNotice(
          notificationV1.SendNoticeRequest.fromPartial({
            templateCode: 'registration-receipt',
            caseRef: { caseId, caseNumber: 'XF441481-0001', ...TENANT_A },
            channel,
            recipient: { kind: 1, id: 'p1', name: '张三', address },
            idempotencyKey: `receipt-${caseId}`,
          }),
          (err, res) => (err ? reject(err) : resolve(res)),
        ),
      );
    const { NOTICE_CHANNEL_EMAIL, NOTICE_CHANNEL_SMS, NOTICE_CHANNEL_LETTER } =
      notificationV1.NoticeChannel;
    const first = await send(NOTICE_CHANNEL_EMAIL, 'zhangsan@example.cn');
    expect(first.duplicate).toBe(false);
    expect((await send(NOTICE_CHANNEL_EMAIL, 'zhangsan@example.cn')).duplicate).toBe(true);
    await send(NOTICE_CHANNEL_SMS, '13800001234');
    await send(NOTICE_CHANNEL_LETTER, '广东省兴宁市兴田街道人民大道1号');
    const status = await eventually('receipt sent', async () => {
      const s = await new Promise<notificationV1.GetDeliveryStatusResponse>((resolve, reject) =>
        client.getDeliveryStatus({ messageId: first.messageId }, (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
      return s.state === notificationV1.DeliveryState.DELIVERY_STATE_SENT ? s : undefined;
    });
    expect(status.attempts).toBe(1);
    client.close();

    await publish('CaseAccepted', caseId, TENANT_A, {
      unit: { unitId: 'u-hrss', name: '兴宁市人力资源和社会保障局', regionCode: '441481' },
      handlingDueDate: '2026-05-04',
    });

    const mail = await eventually('acceptance email', () =>
      smtp.messages
        .map((m) => ({ ...m, ...mailText(m.raw) }))
        .find((m) => m.subject === '信访事项受理告知书'),
    );
    expect(mail.to).toEqual(['zhangsan@example.cn']);
    expect(mail.text).toContain('张三');
    expect(mail.text).toContain('兴宁市人力资源和社会保障局已于2026年3月5日依法受理');

    const sms = await eventually('acceptance SMS', () =>
      receiver.hits
        .filter((h) => h.path === '/sms')
        .map((h) => JSON.parse(h.body) as { to: string; text: string; reference: string })
        .find((m) => m.text.includes('受理')),
    );
    expect(sms.to).toBe('13800001234');
    expect(sms.text).toContain('将于2026年5月4日前书面答复');

    const letters = await eventually('acceptance letter', async () => {
      const { body } = await api(adminA, 'GET', `/deliveries?caseId=${caseId}&limit=50`);
      return (
        body.items as Array<{ id: string; kind: string; state: string; eventType: string }>
      ).find(
        (d) => d.kind === 'letter' && d.eventType.endsWith('CaseAccepted') && d.state === 'sent',
      );
    });
    const pdf = await fetch(`${service.baseUrl}/letters/${encodeURIComponent(letters.id)}`, {
      headers: { authorization: `Bearer ${clerkA}` },
    });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'letter-')), 'letter.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('信访事项受理告知书');
    expect(text).toContain('张三');
    expect(text.replace(/\s+/g, '')).toContain(
      '兴宁市人力资源和社会保障局已于2026年3月5日依法受理',
    );
  });

  it('webhooks are signed, filtered by type and never cross tenants', async () => {
    const accepted = await eventually('webhook a', () =>
      receiver.hits.find((h) => h.path === '/hooks/a' && h.body.includes('CaseAccepted')),
    );
    expect(accepted.headers['content-type']).toContain('application/cloudevents+json');
    expect(Number(accepted.headers['x-xinfang-timestamp'])).toBeGreaterThan(1_700_000_000);
    const signature = accepted.headers['x-xinfang-signature'] as string;
    expect(verifySignature(secrets.a!, accepted.body, signature)).toBe(true);
    expect(verifySignature(secrets.b!, accepted.body, signature)).toBe(false);
    const ce = JSON.parse(accepted.body) as Record<string, unknown>;
    expect(ce).toMatchObject({ specversion: '1.0', subject: caseId, tenantid: '441481' });
    expect((ce.data as { caseRef: { caseId: string } }).caseRef.caseId).toBe(caseId);
    const c = await eventually('webhook c', () => receiver.hits.find((h) => h.path === '/hooks/c'));
    expect(verifySignature(secrets.c!, c.body, c.headers['x-xinfang-signature'] as string)).toBe(
      true,
    );

    // tenant B's own event reaches B, so B's silence about tenant A is meaningful
    const own = await publish('CaseRegistered', newId(), TENANT_B, {});
    await eventually('webhook b', () => webhooks('/hooks/b').find((e) => e.id === own.id));
    expect(webhooks('/hooks/b').every((e) => e.id === own.id)).toBe(true);
    expect(webhooks('/hooks/a').some((e) => e.id === own.id)).toBe(false);
    expect(webhooks('/hooks/c').every((e) => e.type === 'xinfang.case.v1.CaseAccepted')).toBe(true);
  });

  it('a receiver failing for a while gets every event once, in order per case', async () => {
    receiver.failNext('/hooks/a', 6);
    const cases = [newId(), newId()];
    const sent: Record<string, string[]> = { [cases[0]!]: [], [cases[1]!]: [] };
    const steps = [
      'CaseRegistered',
      'CaseForwarded',
      'CaseAccepted',
      'CaseExtended',
      'CaseReplied',
    ] as const;
    for (const step of steps) {
      for (const id of cases) sent[id]!.push((await publish(step, id, TENANT_A, {})).id);
    }
    for (const id of cases) {
      await eventually(`all of case ${id}`, () => {
        const got = webhooks('/hooks/a').filter((e) => e.subject === id);
        return got.length >= steps.length ? got : undefined;
      });
    }
    expect(receiver.failuresLeft('/hooks/a')).toBe(0);
    for (const id of cases) {
      expect(
        webhooks('/hooks/a')
          .filter((e) => e.subject === id)
          .map((e) => e.id),
      ).toEqual(sent[id]);
    }
    const log = await api(
      adminA,
      'GET',
      `/deliveries?subscriptionId=${subscriptionIds.a}&limit=500`,
    );
    const retried = (log.body.items as Array<{ attempts: number; state: string }>).filter(
      (d) => d.attempts > 1,
    );
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((d) => d.state === 'delivered')).toBe(true);
  });

  it('a redelivered event sends no second SMS, email or webhook', async () => {
    const dupCase = newId();
    const first = await publish('CaseRegistered', dupCase, TENANT_A, {});
    await eventually('first', () => webhooks('/hooks/a').find((e) => e.id === first.id));
    const smsBefore = receiver.hits.filter((h) => h.path === '/sms').length;
    const mailBefore = smtp.messages.length;
    const acceptedEvent = receiver.hits.find(
      (h) => h.path === '/hooks/a' && h.body.includes('CaseAccepted') && h.body.includes(caseId),
    )!;
    const acceptedId = (JSON.parse(acceptedEvent.body) as { id: string }).id;

    // the same acceptance record again (same ce_id), then a marker behind it on the same case
    await publish(
      'CaseAccepted',
      caseId,
      TENANT_A,
      {
        unit: { unitId: 'u-hrss', name: '兴宁市人力资源和社会保障局', regionCode: '441481' },
        handlingDueDate: '2026-05-04',
      },
      acceptedId,
    );
    const marker = await publish('CaseExtensionRequested', caseId, TENANT_A, {});
    await eventually('marker', () => webhooks('/hooks/a').find((e) => e.id === marker.id));
    await new Promise((r) => setTimeout(r, 500));
    expect(webhooks('/hooks/a').filter((e) => e.id === acceptedId)).toHaveLength(1);
    expect(webhooks('/hooks/c').filter((e) => e.id === acceptedId)).toHaveLength(1);
    expect(receiver.hits.filter((h) => h.path === '/sms')).toHaveLength(smsBefore);
    expect(smtp.messages).toHaveLength(mailBefore);
  });

  it('replays a time window on request', async () => {
    const before = webhooks('/hooks/c').length;
    const replay = await api(adminA, 'POST', `/subscriptions/${subscriptionIds.c}/replay`, {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    // c belongs to the downstream client, which is in tenant 441481 like adminA
    expect(replay.status).toBe(202);
    expect(replay.body.replayed).toBe(before);
    await eventually('replayed', () =>
      webhooks('/hooks/c').length === before * 2 ? true : undefined,
    );
    const other = await api(adminB, 'POST', `/subscriptions/${subscriptionIds.c}/replay`, {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date().toISOString(),
    });
    expect(other.status).toBe(404);
  });

  it('overdue and escalation events become staff alerts for the responsible users', async () => {
    await publish('CaseOverdue', caseId, TENANT_A, {
      dueDate: '2026-05-04',
      kind: 4,
      responsibleUnit: {
        unitId: 'u-hrss',
        name: '兴宁市人力资源和社会保障局',
        regionCode: '441481',
      },
    });
    const handler = await passwordToken('handler.441481');
    const alert = await eventually('alert', async () => {
      const { body } = await api(handler, 'GET', `/staff-alerts?caseId=${caseId}`);
      return (body.items as Array<{ kind: string; message: string }>).find(
        (a) => a.kind === 'overdue',
      );
    });
    expect(alert.message).toContain('已于2026年5月4日届满');
    const elsewhere = await passwordToken('handler.441422');
    expect((await api(elsewhere, 'GET', `/staff-alerts?caseId=${caseId}`)).body.items).toEqual([]);
  });
});
