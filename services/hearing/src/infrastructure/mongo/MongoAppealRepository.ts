import { ConflictError, NotFoundError, regionPath } from '@xinfang/kernel';
import { crossTenant, isDuplicateKey, modifyWithLock } from '@xinfang/store';
import type { HydratedDocument } from 'mongoose';
import type { OutboxMethods } from '@xinfang/bus';
import { Appeal, type AppealRepository, type AppealStage, type AppealState } from '../../domain';
import { outboxEventOf } from '../events/proto-appeal-events';
import type { AppealDoc, AppealModel } from './models';

type Doc = HydratedDocument<AppealDoc, OutboxMethods>;

/** Appeals in the `appeals` collection; every change under the document's lock with its events. */
export class MongoAppealRepository implements AppealRepository {
  constructor(private readonly model: AppealModel) {}

  async create(appeal: Appeal): Promise<void> {
    const s = appeal.state;
    const doc = new this.model({
      _id: s.id,
      stage: s.stage,
      caseId: s.caseRef.caseId,
      appealKey: keyOf(s.caseRef.caseId, s.stage),
      version: 1,
      regionPath: regionPath(s.authority.regionCode),
    }) as Doc;
    write(doc, appeal);
    try {
      await doc.save();
    } catch (err) {
      if (isDuplicateKey(err))
        throw new ConflictError(`case ${s.caseRef.caseId} already has a ${s.stage}`, {
          caseId: s.caseRef.caseId,
        });
      throw err;
    }
  }

  async modify(id: string, change: (appeal: Appeal) => void | Promise<void>): Promise<Appeal> {
    let result: Appeal | undefined;
    await modifyWithLock(this.model, id, async (doc) => {
      const appeal = Appeal.restore(stateOf(doc as Doc));
      await change(appeal);
      write(doc as Doc, appeal);
      doc.version += 1;
      result = appeal;
    });
    return result!;
  }

  async modifyByHearing(hearingId: string, change: (appeal: Appeal) => void): Promise<Appeal> {
    const found = await this.model.findOne({ hearingIds: hearingId }).select('_id').exec();
    if (!found) throw new NotFoundError('hearing', hearingId);
    return this.modify(found._id, change);
  }

  async findById(id: string): Promise<Appeal | null> {
    const doc = await this.model.findById(id).exec();
    return doc ? Appeal.restore(stateOf(doc)) : null;
  }

  async findByHearing(hearingId: string): Promise<Appeal | null> {
    const doc = await this.model.findOne({ hearingIds: hearingId }).exec();
    return doc ? Appeal.restore(stateOf(doc)) : null;
  }

  async findByCase(caseId: string): Promise<Appeal[]> {
    const docs = await this.model.find({ caseId }).exec();
    return docs.map((d) => Appeal.restore(stateOf(d)));
  }

  async findStageAnyScope(caseId: string, stage: AppealStage): Promise<Appeal | null> {
    const doc = await this.model
      .findOne({ appealKey: keyOf(caseId, stage) })
      .setOptions(crossTenant('appeal windows and termination depend on the other stage'))
      .exec();
    return doc ? Appeal.restore(stateOf(doc)) : null;
  }

  async listPublicHearings(limit: number): Promise<Appeal[]> {
    const docs = await this.model
      .find({ publicHearing: true })
      .sort({ lastHearingAt: -1 })
      .limit(limit)
      .exec();
    return docs.map((d) => Appeal.restore(stateOf(d)));
  }
}

const keyOf = (caseId: string, stage: AppealStage) => `${caseId}:${stage}`;

function stateOf(doc: { state: AppealState }): AppealState {
  return doc.state;
}

/** State, query fields and new events into the document (saved by the caller). */
function write(doc: Doc, appeal: Appeal): void {
  const s = appeal.state;
  doc.state = s;
  doc.markModified('state');
  doc.hearingIds = s.hearings.map((h) => h.id);
  doc.publicHearing = s.hearings.some((h) => h.public);
  const last = s.hearings[s.hearings.length - 1];
  doc.lastHearingAt = last ? last.scheduledAt : null;
  for (const event of appeal.events) doc.recordEvent(outboxEventOf(event, s));
}
