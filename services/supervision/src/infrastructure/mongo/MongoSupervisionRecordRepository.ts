import { NotFoundError } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import { isDuplicateKey, withDocumentLock } from '@xinfang/store';
import {
  SupervisionRecord,
  type SupervisionRecordRepository,
  type SupervisionRecordState,
} from '../../domain';
import type { StoredDoc, SupervisionModels } from './models';
import { findLean, plain, stateOf, STORE_WRITER } from './stored';

/**
 * Supervision records; the unique index on `key` (one per firing or rating) is what makes `add`
 * idempotent across replicas and redeliveries.
 */
export class MongoSupervisionRecordRepository implements SupervisionRecordRepository {
  constructor(private readonly models: Pick<SupervisionModels, 'records'>) {}

  add(record: SupervisionRecord): Promise<boolean> {
    const { id, ...fields } = record.toState();
    return runAsSystem(STORE_WRITER, async () => {
      try {
        await this.models.records.create({
          _id: id,
          ...plain(fields),
          caseId: fields.caseRef.caseId,
          regionPath: fields.caseRef.regionPath,
        });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    });
  }

  save(record: SupervisionRecord): Promise<void> {
    const { id, key: _key, ...fields } = record.toState();
    const model = this.models.records;
    return runAsSystem(STORE_WRITER, () =>
      withDocumentLock(model.db, model.collection.collectionName, id, async () => {
        const result = await model.updateOne({ _id: id }, { $set: plain(fields) }).exec();
        if (result.matchedCount === 0) throw new NotFoundError('supervision record', id);
      }),
    );
  }

  async findById(id: string): Promise<SupervisionRecord | null> {
    const [doc] = await findLean<StoredDoc>(this.models.records, { _id: id });
    return doc ? toRecord(doc) : null;
  }

  async listByCase(caseId: string): Promise<SupervisionRecord[]> {
    const docs = await findLean<StoredDoc>(
      this.models.records,
      { caseId },
      { openedAt: 1, _id: 1 },
    );
    return docs.map(toRecord);
  }
}

function toRecord(doc: StoredDoc): SupervisionRecord {
  return SupervisionRecord.fromState(stateOf<SupervisionRecordState>(doc, ['caseId']));
}
