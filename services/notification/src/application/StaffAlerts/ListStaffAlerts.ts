import type { Principal } from '@xinfang/principal';
import type { Model } from 'mongoose';
import type { StaffAlertDocument } from '../../infrastructure/mongo/models';

export interface StaffAlertView {
  id: string;
  kind: StaffAlertDocument['kind'];
  message: string;
  caseId: string;
  caseNumber: string;
  unitId: string;
  unitName: string;
  dueDate: string;
  personal: boolean;
  createdAt: Date;
}

/**
 * The caller's staff alerts: those addressed to them by name (handler who accepted the case,
 * case leader) and those addressed to one of their roles, within their region scope (the
 * tenancy plugin adds the scope to the query).
 */
export class ListStaffAlerts {
  constructor(private readonly alerts: Model<StaffAlertDocument>) {}

  async execute(
    p: Principal,
    query: { caseId?: string; limit: number },
  ): Promise<StaffAlertView[]> {
    const filter: Record<string, unknown> = {
      $or: [{ recipientSubject: p.subject }, { recipientSubject: null, roles: { $in: p.roles } }],
    };
    if (query.caseId) filter.caseId = query.caseId;
    const docs = await this.alerts
      .find(filter)
      .sort({ createdAt: -1 })
      .limit(query.limit)
      .lean()
      .exec();
    return docs.map((d) => ({
      id: d._id,
      kind: d.kind,
      message: d.message,
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      unitId: d.unitId,
      unitName: d.unitName,
      dueDate: d.dueDate,
      personal: d.recipientSubject !== null,
      createdAt: d.createdAt,
    }));
  }
}
