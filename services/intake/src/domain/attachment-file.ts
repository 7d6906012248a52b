import { ValidationError } from '@xinfang/kernel';
import type { IntakePolicy } from './policy';

/** An uploaded file of a case; its bytes are kept by the AttachmentStore. */
export interface AttachmentFile {
  readonly id: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  /** Hex SHA-256 of the bytes, checked again on every read. */
  readonly sha256: string;
  readonly uploadedBy: { readonly subject: string; readonly username: string };
  readonly uploadedAt: Date;
}

/** A body over the tenant's size limit; the HTTP layer answers 413. */
export class AttachmentTooLargeError extends Error {
  constructor(
    readonly field: string,
    readonly limitBytes: number,
  ) {
    super(`${field} is larger than ${limitBytes} bytes`);
    this.name = 'AttachmentTooLargeError';
  }
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** File signatures of the types intake knows; a declared type must match the bytes. */
const SIGNATURES: Readonly<Record<string, { label: string; bytes: readonly number[] }>> = {
  'application/pdf': { label: 'a PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  'image/png': { label: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/jpeg': { label: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'a DOCX (zip) document',
    bytes: [0x50, 0x4b, 0x03, 0x04],
  },
};

const FILE_NAME_MAX = 255;
// Path separators and control characters have no place in a stored file name.
// eslint-disable-next-line no-control-regex
const BAD_NAME = /[\u0000-\u001f\u007f/\\]/;

export interface UploadCandidate {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * Checks an upload against the tenant's policy: a named file, an accepted type, within the size
 * limit (AttachmentTooLargeError) and bytes that carry the declared type's signature.
 */
export function checkUpload(candidate: UploadCandidate, policy: IntakePolicy): void {
  const limits = policy.attachments;
  const name = candidate.name.trim();
  if (name.length === 0 || name.length > FILE_NAME_MAX || BAD_NAME.test(name)) {
    throw new ValidationError(
      'filename',
      `must be 1-${FILE_NAME_MAX} characters without path separators or control characters`,
    );
  }
  if (!limits.allowedContentTypes.includes(candidate.contentType)) {
    throw new ValidationError(
      'contentType',
      `must be one of ${limits.allowedContentTypes.join(', ')}`,
    );
  }
  if (candidate.bytes.length > limits.maxSizeBytes) {
    throw new AttachmentTooLargeError('body', limits.maxSizeBytes);
  }
  if (candidate.bytes.length === 0) throw new ValidationError('body', 'must not be empty');
  const signature = SIGNATURES[candidate.contentType];
  if (!signature) {
    throw new ValidationError('contentType', 'is a type whose files cannot be checked');
  }
  if (!startsWith(candidate.bytes, signature.bytes)) {
    throw new ValidationError('body', `is not ${signature.label} as contentType declares`);
  }
}
