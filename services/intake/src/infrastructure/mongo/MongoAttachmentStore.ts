import { tenancyPlugin, type Logger, type Tenanted } from '@xinfang/store';
import { Connection, Model, Schema } from 'mongoose';
import type { AttachmentPlacement, AttachmentStore } from '../../domain';

/** Below FerretDB v1's 16 MB document limit with room to spare, as GridFS does. */
export const ATTACHMENT_CHUNK_BYTES = 255 * 1024;

/** One chunk of an uploaded file: `_id` is `<attachmentId>:<n>`, chunks are never updated. */
export interface AttachmentBlobDocument extends Tenanted {
  _id: string;
  attachmentId: string;
  caseId: string;
  n: number;
  data: Buffer;
}

const blobSchema = new Schema<AttachmentBlobDocument>(
  {
    _id: { type: String, required: true },
    attachmentId: { type: String, required: true, index: true },
    caseId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: 'attachment_blobs', versionKey: false, strict: 'throw' },
);

export type AttachmentBlobModel = Model<AttachmentBlobDocument>;

export function attachmentBlobModel(connection: Connection, logger?: Logger): AttachmentBlobModel {
  const existing = connection.models.AttachmentBlob;
  if (existing) return existing as unknown as AttachmentBlobModel;
  const schema = blobSchema.clone();
  schema.plugin(tenancyPlugin, { logger });
  return connection.model<AttachmentBlobDocument>('AttachmentBlob', schema);
}

/**
 * Uploaded files in `attachment_blobs`, split into chunks of at most 255 KB. Chunks are only
 * inserted and deleted (FerretDB v1 updates are not atomic); the tenancy plugin scopes every
 * read to the caller's region, so a file outside it reads as missing.
 */
export class MongoAttachmentStore implements AttachmentStore {
  constructor(private readonly model: AttachmentBlobModel) {}

  async put(placement: AttachmentPlacement, bytes: Uint8Array): Promise<void> {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const docs: Partial<AttachmentBlobDocument>[] = [];
    for (let n = 0, at = 0; at < buffer.length || n === 0; n += 1, at += ATTACHMENT_CHUNK_BYTES) {
      docs.push({
        _id: `${placement.attachmentId}:${n}`,
        attachmentId: placement.attachmentId,
        caseId: placement.caseId,
        n,
        data: Buffer.from(buffer.subarray(at, at + ATTACHMENT_CHUNK_BYTES)),
        regionPath: placement.regionPath,
      });
    }
    try {
      await this.model.insertMany(docs, { ordered: true });
    } catch (err) {
      await this.remove(placement.attachmentId).catch(() => undefined);
      throw err;
    }
  }

  async get(attachmentId: string): Promise<Buffer | null> {
    const chunks = await this.model
      .find({ attachmentId }, { n: 1, data: 1 })
      .sort({ n: 1 })
      .lean<Array<Pick<AttachmentBlobDocument, 'n' | 'data'>>>()
      .exec();
    if (chunks.length === 0) return null;
    const parts = chunks.map((c, i) => {
      if (c.n !== i) throw new Error(`attachment ${attachmentId} misses chunk ${i}`);
      return toBuffer(c.data);
    });
    return Buffer.concat(parts);
  }

  async remove(attachmentId: string): Promise<void> {
    await this.model.deleteMany({ attachmentId }).exec();
  }
}

/** Lean reads give the driver's Binary for Buffer fields. */
function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const binary = data as { buffer?: Uint8Array; position?: number };
  if (binary.buffer instanceof Uint8Array) {
    return Buffer.from(binary.buffer.subarray(0, binary.position ?? binary.buffer.length));
  }
  throw new Error('attachment chunk holds no bytes');
}
