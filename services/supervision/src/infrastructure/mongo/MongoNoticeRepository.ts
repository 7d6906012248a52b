import {
  SupervisionNotice,
  type NoticeRepository,
  type SupervisionNoticeState,
} from '../../domain';
import { outboxEventOf } from '../events/outbox-events';
import type { StoredDoc, SupervisionModels } from './models';
import { findLean, saveVersioned, stateOf } from './stored';

/** Supervision notices (三函), versioned, with their outbox. */
export class MongoNoticeRepository implements NoticeRepository {
  constructor(private readonly models: Pick<SupervisionModels, 'notices'>) {}

  async save(notice: SupervisionNotice): Promise<void> {
    const { id, version, ...fields } = notice.toState();
    await saveVersioned({
      model: this.models.notices,
      id,
      version,
      regionPath: fields.caseRef.regionPath,
      fields: { ...fields, caseId: fields.caseRef.caseId },
      events: notice.peekEvents().map(outboxEventOf),
      what: 'notice',
    });
    notice.pullEvents();
    notice.markPersisted();
  }

  async findById(noticeId: string): Promise<SupervisionNotice | null> {
    const [doc] = await findLean<StoredDoc>(this.models.notices, { _id: noticeId });
    return doc ? toNotice(doc) : null;
  }

  async listByCase(caseId: string): Promise<SupervisionNotice[]> {
    const docs = await findLean<StoredDoc>(
      this.models.notices,
      { caseId },
      { issuedAt: 1, _id: 1 },
    );
    return docs.map(toNotice);
  }
}

function toNotice(doc: StoredDoc): SupervisionNotice {
  return SupervisionNotice.fromState(stateOf<SupervisionNoticeState>(doc, ['caseId']));
}
