import { CASE_READER_ROLES, GetAttachment, UploadAttachment } from '../../application';
import { AttachmentTooLargeError, DEFAULT_INTAKE_POLICY } from '../../domain';
import type { StoreCaseAudit } from '../../infrastructure/audit/StoreCaseAudit';
import { ROLES } from '@xinfang/principal';
import { PayloadTooLargeError, route, type Route } from '@xinfang/service-kit';
import { z } from 'zod';
import { AttachmentFileSchema, toJson } from './schemas';

export interface AttachmentRouteDeps {
  readonly uploadAttachment: UploadAttachment;
  readonly getAttachment: GetAttachment;
  readonly audit: StoreCaseAudit;
  /** Largest body read at all; a tenant's own limit applies below it. */
  readonly maxUploadBytes?: number;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CaseIdParams = z.object({
  caseId: z.string().regex(ULID, 'must be a case id (26-character ULID)'),
});
const AttachmentParams = CaseIdParams.extend({
  attachmentId: z.string().regex(ULID, 'must be an attachment id (26-character ULID)'),
});
const UploadQuery = z.object({
  filename: z.string().min(1).max(255).describe('Name of the file as the petitioner gave it'),
});

/** `filename*` carries any name safely; the plain `filename` is an ASCII fallback. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Uploading files to a case and reading them back. */
export function attachmentRoutes(deps: AttachmentRouteDeps): Route[] {
  const types = [...DEFAULT_INTAKE_POLICY.attachments.allowedContentTypes];
  return [
    route({
      method: 'post',
      path: '/cases/:caseId/attachments',
      summary: 'Upload a file to a case (the raw bytes as the body)',
      description:
        "The body is the file itself, `Content-Type` its type and `filename` its name. The tenant's " +
        'intake policy sets the accepted types and the size limit (413); the bytes must carry the ' +
        "declared type's signature. Only a clerk of the owning office uploads.",
      tags: ['attachments'],
      operationId: 'uploadAttachment',
      auth: { roles: [ROLES.clerk] },
      params: CaseIdParams,
      query: UploadQuery,
      rawBody: {
        limit: deps.maxUploadBytes ?? DEFAULT_INTAKE_POLICY.attachments.maxSizeBytes,
        types,
      },
      responses: { 201: AttachmentFileSchema },
      handler: async ({ params, query, rawBody, principal }) => {
        const receipt = await deps.uploadAttachment
          .execute(principal, {
            caseId: params.caseId,
            filename: query.filename,
            contentType: rawBody!.contentType,
            bytes: rawBody!.bytes,
          })
          .catch((err: unknown) => {
            if (err instanceof AttachmentTooLargeError) {
              throw new PayloadTooLargeError(err.field, err.limitBytes);
            }
            throw err;
          });
        const { attachment } = receipt;
        await deps.audit.record(
          'attachment-upload',
          { id: receipt.caseId, regionPath: receipt.regionPath },
          {
            attachmentId: attachment.id,
            sizeBytes: attachment.sizeBytes,
            contentType: attachment.contentType,
            sha256: attachment.sha256,
          },
        );
        return { status: 201, body: toJson(attachment) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/attachments/:attachmentId',
      summary: 'Download a file of a case',
      description:
        'The bytes as uploaded, checked against their SHA-256 (`x-content-sha256`). A case ' +
        "outside the caller's region is 404; an accusation's files only its office's clerks read.",
      tags: ['attachments'],
      operationId: 'getAttachment',
      auth: { roles: [...CASE_READER_ROLES] },
      params: AttachmentParams,
      responses: {
        200: { description: 'The file', contentType: 'application/octet-stream' },
        404: { description: 'No such case or file in your region' },
      },
      handler: async ({ params, principal, res }) => {
        const file = await deps.getAttachment.execute(
          principal,
          params.caseId,
          params.attachmentId,
        );
        const { attachment } = file;
        await deps.audit.record(
          'attachment-read',
          { id: file.caseId, regionPath: file.regionPath },
          { attachmentId: attachment.id },
        );
        res.status(200);
        res.set({
          'content-type': attachment.contentType,
          'content-length': String(file.bytes.length),
          'content-disposition': contentDisposition(attachment.name),
          'x-content-sha256': attachment.sha256,
          'cache-control': 'private, no-store',
        });
        res.end(file.bytes);
      },
    }),
  ];
}
