import { outboxPlugin, type Outboxed, type OutboxMethods } from '@xinfang/bus';
import { tenancyPlugin, type Logger, type Tenanted } from '@xinfang/store';
import { Schema, type Connection, type Model } from 'mongoose';
import type { AppealStage, AppealState, ReplyRecord } from '../../domain';

/** One review or re-review with its hearings and outbox; stored at the authority's region. */
export interface AppealDoc extends Tenanted, Outboxed {
  _id: string;
  stage: AppealStage;
  caseId: string;
  /** `<caseId>:<stage>`, unique: one review and one re-review per case. */
  appealKey: string;
  version: number;
  hearingIds: string[];
  publicHearing: boolean;
  lastHearingAt: Date | null;
  /** The aggregate's state as the domain defines it. */
  state: AppealState;
}

/** The case facts taken from events; stored at the case's region. */
export interface CaseFileDoc extends Tenanted {
  _id: string;
  caseNumber: string;
  regionCode: string;
  subjectCode: string;
  locationRegionCode: string;
  title: string;
  reply: ReplyRecord | null;
}

export type AppealModel = Model<AppealDoc, object, OutboxMethods>;

export interface HearingModels {
  readonly appeals: AppealModel;
  readonly caseFiles: Model<CaseFileDoc>;
}

export function hearingModels(connection: Connection, logger: Logger): HearingModels {
  const appealSchema = new Schema<AppealDoc, AppealModel, OutboxMethods>(
    {
      _id: { type: String, required: true },
      stage: { type: String, required: true, enum: ['review', 'reReview'] },
      caseId: { type: String, required: true, index: true },
      appealKey: { type: String, required: true, unique: true },
      version: { type: Number, required: true, default: 1 },
      hearingIds: { type: [String], default: [], index: true },
      publicHearing: { type: Boolean, default: false, index: true },
      lastHearingAt: { type: Date, default: null },
      state: { type: Schema.Types.Mixed, required: true },
    },
    { collection: 'appeals', minimize: false, versionKey: false },
  );
  appealSchema.plugin(tenancyPlugin, { logger });
  appealSchema.plugin(outboxPlugin);

  const caseFileSchema = new Schema<CaseFileDoc>(
    {
      _id: { type: String, required: true },
      caseNumber: { type: String, default: '' },
      regionCode: { type: String, default: '' },
      subjectCode: { type: String, default: '' },
      locationRegionCode: { type: String, default: '' },
      title: { type: String, default: '' },
      reply: { type: Schema.Types.Mixed, default: null },
    },
    { collection: 'case_files', minimize: false, versionKey: false },
  );
  caseFileSchema.plugin(tenancyPlugin, { logger });

  return {
    appeals:
      (connection.models.Appeal as AppealModel | undefined) ??
      connection.model<AppealDoc, AppealModel>('Appeal', appealSchema),
    caseFiles:
      (connection.models.CaseFile as Model<CaseFileDoc> | undefined) ??
      connection.model<CaseFileDoc>('CaseFile', caseFileSchema),
  };
}

export async function ensureHearingIndexes(models: HearingModels): Promise<void> {
  await models.appeals.createIndexes();
  await models.caseFiles.createIndexes();
}
