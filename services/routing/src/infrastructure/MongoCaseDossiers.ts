import { NotFoundError, regionPath } from '@xinfang/kernel';
import { crossTenant } from '@xinfang/store';
import { Model } from 'mongoose';
import { CaseView, CaseViewSource, Nature, RoutingCaseRepository } from '../domain';
import { DossierDocument } from './mongo/models';

/** What the CaseRegistered event tells routing about a case's dossier. */
export interface RegisteredDossier {
  caseId: string;
  caseNumber: string;
  regionCode: string;
  nature: Nature;
  subjectCode: string;
  /** Empty when intake withheld it (accusations). */
  title: string;
  anonymous: boolean;
  channel: string;
  headcount: number;
  collective: boolean;
  registeredAt: Date;
}

/**
 * The dossier as routing knows it: the fields of the CaseRegistered event, kept in
 * `case_dossiers`, with the accused units named on the routing case. Events never carry the
 * petitioners' identity or the petition's text, so those stay with intake and the view holds no
 * petitioners, content or materials; a recipient reads them through intake's API, which applies
 * the same protection.
 */
export class MongoCaseDossiers implements CaseViewSource {
  constructor(
    private readonly model: Model<DossierDocument>,
    private readonly cases: Pick<RoutingCaseRepository, 'get'>,
  ) {}

  /** Keeps the dossier of a registered case; a redelivered event writes the same values again. */
  async record(d: RegisteredDossier): Promise<void> {
    const fields = {
      caseNumber: d.caseNumber,
      nature: d.nature,
      subjectCode: d.subjectCode,
      title: d.title,
      anonymous: d.anonymous,
      channel: d.channel,
      headcount: d.headcount,
      collective: d.collective,
      registeredAt: d.registeredAt,
    };
    await this.model
      .updateOne(
        { _id: d.caseId },
        { $set: fields, $setOnInsert: { regionPath: regionPath(d.regionCode) } },
        { upsert: true },
      )
      .exec();
  }

  async get(caseId: string): Promise<CaseView> {
    const doc = await this.model
      .findById(caseId)
      .setOptions(crossTenant('the dossier goes with the case to the units it is sent to'))
      .lean<DossierDocument>()
      .exec();
    if (!doc) throw new NotFoundError('dossier', caseId);
    const routingCase = await this.cases.get(caseId);
    return {
      caseId,
      caseNumber: doc.caseNumber,
      nature: doc.nature as Nature,
      subjectCode: doc.subjectCode,
      title: doc.title,
      content: null,
      anonymous: doc.anonymous,
      petitioners: [],
      materials: [],
      accusedUnitIds: routingCase ? [...routingCase.accusedUnitIds] : [],
      redaction: null,
    };
  }
}
