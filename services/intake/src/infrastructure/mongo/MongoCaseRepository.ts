import { withEvents } from '@xinfang/bus';
import { ConflictError, NotFoundError, subtreePattern, ValidationError } from '@xinfang/kernel';
import { isDuplicateKey, withDocumentLock } from '@xinfang/store';
import type { FilterQuery } from 'mongoose';
import {
  Case,
  type CaseListQuery,
  type CasePage,
  type CaseRepository,
  type CaseState,
  type Petitioner,
  type PiiCipher,
} from '../../domain';
import { outboxEventOf } from '../events/proto-case-events';
import type { CaseDocument, CaseModel, StoredPetitioner } from './case-model';

interface Cursor {
  /** registeredAt of the last case of the page, ISO 8601. */
  r: string;
  /** Its id. */
  i: string;
}

/**
 * Cases in MongoDB (or FerretDB), one document each, scoped by the tenancy plugin to the
 * caller's region subtree. A save writes the state and the case's new events (in the proto3 JSON
 * of the public contract) in one single-document write: an insert for a new case, else an update
 * under the document's lock (`withDocumentLock`) after checking the stored version, so a
 * concurrent change makes it fail with ConflictError instead of being overwritten.
 */
export class MongoCaseRepository implements CaseRepository {
  constructor(
    private readonly model: CaseModel,
    private readonly cipher: PiiCipher,
  ) {}

  async save(aggregate: Case): Promise<void> {
    const state = aggregate.toState();
    const events = aggregate.pullEvents().map((e) => outboxEventOf(e, state));
    const { _id, regionPath, ...fields } = this.toDocument(
      state,
      aggregate.isHandlingWithinLimit(),
    );
    if (state.version === 0) {
      const doc = new this.model({ _id, regionPath, ...fields, version: 1 });
      for (const event of events) doc.recordEvent(event);
      try {
        await doc.save();
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw new ConflictError(`case ${state.id} or number ${state.caseNumber} exists already`);
        }
        throw err;
      }
    } else {
      const update = withEvents({ $set: { ...fields, version: state.version + 1 } }, ...events);
      // FerretDB v1 does not isolate single-document updates: the version check and the write
      // happen under the document's lock, which the outbox relay takes as well.
      await withDocumentLock(
        this.model.db,
        this.model.collection.collectionName,
        _id,
        async (lock) => {
          const stored = await this.model
            .findOne({ _id }, { version: 1 })
            .lean<{ version: number }>()
            .exec();
          if (!stored) throw new NotFoundError('case', _id);
          if (stored.version !== state.version) {
            throw new ConflictError(
              `case ${state.caseNumber} was changed meanwhile; load it again`,
            );
          }
          lock.assertHeld();
          const result = await this.model.updateOne({ _id, version: state.version }, update).exec();
          if (result.matchedCount === 0) {
            throw new ConflictError(
              `case ${state.caseNumber} was changed meanwhile; load it again`,
            );
          }
        },
      );
    }
    aggregate.markPersisted();
  }

  async findById(id: string): Promise<Case | null> {
    const doc = await this.model.findOne({ _id: id }, { outbox: 0 }).lean<CaseDocument>().exec();
    return doc ? this.toCase(doc) : null;
  }

  async findByCaseNumber(caseNumber: string): Promise<Case | null> {
    const doc = await this.model.findOne({ caseNumber }, { outbox: 0 }).lean<CaseDocument>().exec();
    return doc ? this.toCase(doc) : null;
  }

  async list(query: CaseListQuery): Promise<CasePage> {
    const and: FilterQuery<CaseDocument>[] = [];
    if (!query.scopePaths.includes('/')) {
      if (query.scopePaths.length === 0) return { cases: [], nextCursor: null };
      and.push({
        $or: query.scopePaths.map((s) => ({ regionPath: { $regex: subtreePattern(s) } })),
      });
    }
    if (query.status) and.push({ status: query.status });
    if (query.channel) and.push({ channel: query.channel });
    if (query.nature) and.push({ nature: query.nature });
    if (query.subjectCode) and.push({ subjectCode: query.subjectCode });
    if (query.registeredFrom) and.push({ registeredAt: { $gte: query.registeredFrom } });
    if (query.registeredTo) and.push({ registeredAt: { $lt: query.registeredTo } });
    if (query.repeatOnly) and.push({ repeat: { $ne: null } });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      const at = new Date(after.r);
      and.push({
        $or: [{ registeredAt: { $lt: at } }, { registeredAt: at, _id: { $lt: after.i } }],
      });
    }
    const docs = await this.model
      .find(and.length > 0 ? { $and: and } : {}, { outbox: 0 })
      .sort({ registeredAt: -1, _id: -1 })
      .limit(query.limit + 1)
      .lean<CaseDocument[]>()
      .exec();
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      docs.length > query.limit && last
        ? encodeCursor({ r: new Date(last.registeredAt).toISOString(), i: last._id })
        : null;
    return { cases: page.map((d) => this.toCase(d)), nextCursor };
  }

  /** The stored form: ID numbers and phones sealed; everything else as the aggregate has it. */
  toDocument(
    state: CaseState,
    handlingWithinLimit: boolean,
  ): Omit<CaseDocument, 'tenantId' | 'outbox' | 'outboxPending'> {
    const { id, petitioners, tenantId: _tenantId, ...rest } = state;
    return {
      ...rest,
      _id: id,
      petitioners: petitioners.map((p) => this.seal(p)),
      handlingWithinLimit,
    };
  }

  private toCase(doc: CaseDocument): Case {
    const {
      _id,
      petitioners,
      handlingWithinLimit: _derived,
      outbox: _outbox,
      outboxPending: _pending,
      outboxLeaseUntil: _lease,
      ...rest
    } = doc as CaseDocument & { outboxLeaseUntil?: unknown };
    const state: CaseState = {
      ...(rest as Omit<CaseState, 'id' | 'petitioners'>),
      id: _id,
      tenantId: doc.tenantId ?? null,
      files: doc.files ?? [],
      petitioners: (petitioners ?? []).map((p) => this.open(p)),
    };
    return Case.fromState(state);
  }

  private seal(p: Petitioner): StoredPetitioner {
    if (p.kind === 'anonymous') return { kind: 'anonymous' };
    return {
      kind: 'realName',
      name: p.name,
      idNumberSealed: p.idNumber === null ? null : this.cipher.encrypt(p.idNumber),
      phoneSealed: p.phone === null ? null : this.cipher.encrypt(p.phone),
      address: p.address,
    };
  }

  private open(p: StoredPetitioner): Petitioner {
    if (p.kind === 'anonymous') return { kind: 'anonymous' };
    return {
      kind: 'realName',
      name: p.name,
      idNumber: p.idNumberSealed === null ? null : this.cipher.decrypt(p.idNumberSealed),
      phone: p.phoneSealed === null ? null : this.cipher.decrypt(p.phoneSealed),
      address: p.address,
    };
  }
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      typeof parsed.r === 'string' &&
      typeof parsed.i === 'string' &&
      !Number.isNaN(Date.parse(parsed.r))
    ) {
      return { r: parsed.r, i: parsed.i };
    }
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError('cursor', 'is not a cursor this service returned');
}
