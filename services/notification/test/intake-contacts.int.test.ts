import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toKafkaMessage, type CaseEvent } from '@xinfang/bus';
import { encodeCaseEvent } from '@xinfang/contracts';
import { createService as createIntake, intakeConfigSchema } from '@xinfang/intake';
import { newEventId } from '@xinfang/kernel';
import { createService, notificationConfigSchema } from '../src';
import { passwordToken } from '../../../tests/support/keycloak';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';

jest.setTimeout(240_000);

const REGION_PATH = '/440000/441400/441481';

/** A real SMS provider endpoint on 127.0.0.1 keeping every request body. */
async function startSmsProvider() {
  const bodies: Array<{ to: string; text: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function eventually<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('petitioner notices with contacts from intake', () => {
  const suffix = uniqueSuffix();
  const topic = `test.notification-contacts.${suffix}`;
  let sms: Awaited<ReturnType<typeof startSmsProvider>>;
  let intake: Awaited<
    ReturnType<
      typeof startService<typeof intakeConfigSchema, Awaited<ReturnType<typeof createIntake>>>
    >
  >;
  let notification: Awaited<
    ReturnType<
      typeof startService<
        typeof notificationConfigSchema,
        Awaited<ReturnType<typeof createService>>
      >
    >
  >;

  beforeAll(async () => {
    sms = await startSmsProvider();
    intake = await startService(createIntake, {
      name: 'intake',
      schema: intakeConfigSchema,
      env: {
        CASE_EVENTS_TOPIC: `test.intake-contacts.${suffix}`,
        CASE_EVENTS_DLT: `test.intake-contacts.${suffix}.dlt`,
        INTAKE_CONSUMER_GROUP: `intake-${suffix}`,
      },
    });
    notification = await startService(createService, {
      name: 'notification',
      schema: notificationConfigSchema,
      env: {
        CASE_EVENTS_TOPIC: topic,
        CASE_EVENTS_DLT: `${topic}.dlt`,
        NOTIFICATION_CONSUMER_GROUP: `notification-${suffix}`,
        SMS_PROVIDER_URL: sms.url,
        SMTP_URL: undefined,
        INTAKE_GRPC_ADDRESS: intake.grpcAddress,
        KEYCLOAK_CLIENT_ID: 'xinfang-notification',
        KEYCLOAK_CLIENT_SECRET: 'xinfang-notification-secret',
        DELIVERY_POLL_INTERVAL: '100ms',
      },
    });
  });

  afterAll(async () => {
    await notification?.stop();
    await intake?.stop();
    await sms?.close();
  });

  it('an acceptance event texts the phone intake registered for the petitioner', async () => {
    const clerk = await passwordToken('clerk.441481');
    const registered = await fetch(`${intake.baseUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'letter',
        nature: 'claim',
        subjectCode: 'land-acquisition',
        title: '反映征地补偿款未足额发放',
        narrative: '2025年村里土地被征收,补偿款至今只发放了一半,请求依法足额发放。',
        location: { regionCode: '441481001', address: '兴宁市兴田街道某村' },
        petitioners: [
          {
            name: '陈七',
            idNumber: '441481199003070017',
            phone: '13755556666',
            address: '兴宁市兴田街道人民大道8号',
          },
        ],
      }),
    });
    const body = (await registered.json()) as { caseId: string; caseNumber: string };
    expect(registered.status).toBe(201);

    const { type, json } = encodeCaseEvent('CaseAccepted', {
      caseRef: {
        caseId: body.caseId,
        caseNumber: body.caseNumber,
        tenantId: '441481',
        regionPath: REGION_PATH,
        regionCode: '441481',
      },
      occurredAt: '2026-03-05T02:00:00Z',
      unit: { unitId: 'u-hrss', name: '兴宁市人力资源和社会保障局', regionCode: '441481' },
      handlingDueDate: '2026-05-04',
    } as never);
    const event: CaseEvent = {
      id: newEventId(),
      type,
      source: 'xinfang/test',
      time: new Date().toISOString(),
      subject: body.caseId,
      tenantId: '441481',
      regionPath: REGION_PATH,
      data: json,
    };
    await notification.producer.send({ topic, messages: [toKafkaMessage(event)] });

    const text = await eventually('the acceptance SMS', () =>
      sms.bodies.find((b) => b.text.includes('受理')),
    );
    expect(text.to).toBe('13755556666');
    expect(text.text).toContain('陈七');

    const reads = await intake.connection
      .db!.collection('audit_log')
      .find({ entityId: body.caseId, action: 'contact-read' })
      .toArray();
    expect(reads.length).toBeGreaterThan(0);
  });
});
