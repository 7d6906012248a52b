import { createHash } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError } from '@xinfang/kernel';
import { canChange, canSee, hasRole, Principal, ROLES } from '@xinfang/principal';
import {
  AttachmentFile,
  AttachmentStore,
  Case,
  CaseRepository,
  checkUpload,
  Clock,
  IdGenerator,
  IntakePolicyProvider,
  mayViewPii,
  officeScopeCode,
} from '../../domain';
import { assertCaseReader } from '../shared/access';

export interface AttachmentDeps {
  readonly cases: CaseRepository;
  readonly attachments: AttachmentStore;
  readonly policies: IntakePolicyProvider;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface UploadAttachmentInput {
  readonly caseId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The uploaded file and the case it belongs to (for the audit entry). */
export interface UploadReceipt {
  readonly caseId: string;
  readonly regionPath: string;
  readonly attachment: AttachmentFile;
}

export interface AttachmentDownload {
  readonly caseId: string;
  readonly regionPath: string;
  readonly attachment: AttachmentFile;
  readonly bytes: Buffer;
}

/** Saving the case can lose a race with progress from other services; it is read again. */
const SAVE_ATTEMPTS = 3;

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A case the caller may see, else not found (its existence is not revealed). */
async function visibleCase(cases: CaseRepository, principal: Principal, caseId: string) {
  const found = await cases.findById(caseId);
  if (!found || !canSee(principal, found.regionPath)) throw new NotFoundError('case', caseId);
  return found;
}

/**
 * A clerk of the owning office uploads a file to a case: checked against the tenant's policy
 * (type, size, file signature), stored in the case's scope, then linked to the case under the
 * repository's version check.
 */
export class UploadAttachment {
  constructor(private readonly deps: AttachmentDeps) {}

  async execute(principal: Principal, input: UploadAttachmentInput): Promise<UploadReceipt> {
    let found = await visibleCase(this.deps.cases, principal, input.caseId);
    if (!hasRole(principal, ROLES.clerk) || !canChange(principal, found.regionPath)) {
      throw new ForbiddenError('only a clerk of the owning office adds attachments');
    }
    const policy = await this.deps.policies.policyFor(officeScopeCode(found.office));
    const name = input.filename.trim();
    checkUpload({ name, contentType: input.contentType, bytes: input.bytes }, policy);

    const attachment: AttachmentFile = {
      id: this.deps.ids.newId(),
      name,
      sizeBytes: input.bytes.length,
      contentType: input.contentType,
      sha256: sha256Of(input.bytes),
      uploadedBy: { subject: principal.subject, username: principal.username },
      uploadedAt: this.deps.clock.now(),
    };
    const placement = {
      attachmentId: attachment.id,
      caseId: found.id,
      regionPath: found.regionPath,
    };
    await this.deps.attachments.put(placement, input.bytes);
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          found.attachFile(attachment, policy.attachments.maxCount);
          await this.deps.cases.save(found);
          break;
        } catch (err) {
          if (!(err instanceof ConflictError) || attempt >= SAVE_ATTEMPTS) throw err;
          found = await visibleCase(this.deps.cases, principal, input.caseId);
        }
      }
    } catch (err) {
      // The bytes are useless without the link; nothing refers to them yet.
      await this.deps.attachments.remove(attachment.id).catch(() => undefined);
      throw err;
    }
    return { caseId: found.id, regionPath: found.regionPath, attachment };
  }
}

/**
 * Staff read an uploaded file with the scope rules of reading the case. An accusation's files
 * are shown only to whom its contact details are (its clerks: informants are protected).
 */
export class GetAttachment {
  constructor(private readonly deps: Pick<AttachmentDeps, 'cases' | 'attachments'>) {}

  async execute(
    principal: Principal,
    caseId: string,
    attachmentId: string,
  ): Promise<AttachmentDownload> {
    assertCaseReader(principal);
    const found: Case = await visibleCase(this.deps.cases, principal, caseId);
    const attachment = found.fileById(attachmentId);
    if (!attachment) throw new NotFoundError('attachment', attachmentId);
    if (found.nature === 'accusation' && !mayViewPii(principal, found)) {
      throw new ForbiddenError("only the office's clerks see the materials of an accusation");
    }
    const bytes = await this.deps.attachments.get(attachmentId);
    if (!bytes) throw new NotFoundError('attachment', attachmentId);
    if (bytes.length !== attachment.sizeBytes || sha256Of(bytes) !== attachment.sha256) {
      throw new Error(`attachment ${attachmentId} of case ${caseId} fails its SHA-256 check`);
    }
    return { caseId: found.id, regionPath: found.regionPath, attachment, bytes };
  }
}
