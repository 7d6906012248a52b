import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { passwordToken } from '../../../tests/support/keycloak';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';
import { createService, intakeConfigSchema } from '../src';
import { aStaffInput } from './support/mothers';

jest.setTimeout(180_000);

let service: { baseUrl: string; connection: Connection; stop(): Promise<void> };
const tokens: Record<string, string> = {};
let caseId: string;

const TENANT_LIMIT = 600 * 1024;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function upload(
  as: string | null,
  body: Buffer,
  contentType: string,
  filename = '征收协议.pdf',
  id = caseId,
) {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (as) headers.authorization = `Bearer ${tokens[as]}`;
  const r = await fetch(
    `${service.baseUrl}/cases/${id}/attachments?filename=${encodeURIComponent(filename)}`,
    { method: 'POST', headers, body },
  );
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function download(as: string | null, attachmentId: string) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${tokens[as]}`;
  const r = await fetch(`${service.baseUrl}/cases/${caseId}/attachments/${attachmentId}`, {
    headers,
  });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

const fieldsOf = (b: Record<string, unknown>) =>
  ((b.issues as { field: string }[] | undefined) ?? []).map((i) => i.field);

beforeAll(async () => {
  const suffix = uniqueSuffix();
  service = await startService(createService, {
    name: 'intake',
    schema: intakeConfigSchema,
    env: {
      CASE_EVENTS_TOPIC: `test.intake.att.${suffix}`,
      CASE_EVENTS_DLT: `test.intake.att.${suffix}.dlt`,
      INTAKE_CONSUMER_GROUP: `intake-att-${suffix}`,
    },
  });
  for (const user of ['clerk.441481', 'clerk.441422', 'handler.441481']) {
    tokens[user] = await passwordToken(user);
  }
  const r = await fetch(`${service.baseUrl}/cases`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${tokens['clerk.441481']}`,
    },
    body: JSON.stringify(aStaffInput()),
  });
  expect(r.status).toBe(201);
  caseId = ((await r.json()) as { caseId: string }).caseId;
  // a tighter limit than the default, so an oversize upload stays small
  await service.connection.db!.collection('tenant_policies').insertOne({
    _id: '441481' as never,
    tenantId: '441481',
    regionPath: '/440000/441400/441481',
    overrides: { attachments: { maxSizeBytes: TENANT_LIMIT } },
    updatedAt: new Date(),
  });
});

afterAll(async () => {
  await service?.stop();
});

describe('attachments', () => {
  let attachmentId: string;

  it('stores an uploaded PDF and gives it back byte for byte', async () => {
    const r = await upload('clerk.441481', PDF, 'application/pdf');
    expect(r.status).toBe(201);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(r.body).toMatchObject({
      name: '征收协议.pdf',
      sizeBytes: PDF.length,
      contentType: 'application/pdf',
      sha256,
      uploadedBy: { username: 'clerk.441481' },
    });
    attachmentId = r.body.id as string;

    const got = await download('handler.441481', attachmentId);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-sha256')).toBe(sha256);
    expect(got.bytes.equals(PDF)).toBe(true);

    const view = await fetch(`${service.baseUrl}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${tokens['clerk.441481']}` },
    });
    const files = ((await view.json()) as { files: { id: string }[] }).files;
    expect(files.map((f) => f.id)).toEqual([attachmentId]);
  });

  it('splits a larger file into chunks and reassembles it', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(TENANT_LIMIT - PDF.length, 7)]);
    const r = await upload('clerk.441481', big, 'application/pdf', 'big.pdf');
    expect(r.status).toBe(201);
    const chunks = await service.connection
      .db!.collection('attachment_blobs')
      .countDocuments({ attachmentId: r.body.id as string });
    expect(chunks).toBe(3);
    const got = await download('clerk.441481', r.body.id as string);
    expect(got.bytes.equals(big)).toBe(true);
  });

  it('refuses bytes that are not of the declared type, naming the body', async () => {
    const r = await upload('clerk.441481', PNG, 'application/pdf');
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(['body']);
  });

  it("refuses a file over the tenant's limit with 413", async () => {
    const r = await upload(
      'clerk.441481',
      Buffer.concat([PDF, Buffer.alloc(TENANT_LIMIT)]),
      'application/pdf',
    );
    expect(r.status).toBe(413);
    expect(fieldsOf(r.body)).toEqual(['body']);
  });

  it('refuses a type the policy does not accept, naming contentType', async () => {
    const r = await upload('clerk.441481', Buffer.from('plain'), 'text/plain', 'a.txt');
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(['contentType']);
  });

  it('hides the case and its files from another county', async () => {
    expect((await upload('clerk.441422', PDF, 'application/pdf')).status).toBe(404);
    expect((await download('clerk.441422', attachmentId)).status).toBe(404);
  });

  it('requires a token on both routes', async () => {
    expect((await upload(null, PDF, 'application/pdf')).status).toBe(401);
    expect((await download(null, attachmentId)).status).toBe(401);
  });

  it('stores the bytes in chunks of the case tenant and audit-logs upload and read', async () => {
    const chunks = await service.connection
      .db!.collection('attachment_blobs')
      .find({ attachmentId })
      .toArray();
    expect(chunks.map((c) => [c._id, c.tenantId, c.regionPath])).toEqual([
      [`${attachmentId}:0`, '441481', '/440000/441400/441481'],
    ]);
    const actions = await service.connection
      .db!.collection('audit_log')
      .find({ entityId: caseId, action: { $in: ['attachment-upload', 'attachment-read'] } })
      .toArray();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(['attachment-upload', 'attachment-read']),
    );
  });

  it('documents both routes in /openapi.json', async () => {
    const doc = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: object } }>>;
    };
    const post = doc.paths['/cases/{caseId}/attachments']!.post!;
    expect(Object.keys(post.requestBody!.content)).toContain('application/pdf');
    expect(doc.paths['/cases/{caseId}/attachments/{attachmentId}']!.get).toBeDefined();
  });
});
