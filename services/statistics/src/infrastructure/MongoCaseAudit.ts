import { recordAudit } from '@xinfang/store';
import type { Connection } from 'mongoose';
import type { CaseAudit } from '../application';
import type { CaseView } from '../domain';

/** Case reads go to the tamper-evident audit log of the case's tenant (DESIGN §6). */
export class MongoCaseAudit implements CaseAudit {
  constructor(private readonly connection: Connection) {}

  async read(view: CaseView, what: 'case' | 'timeline'): Promise<void> {
    await recordAudit(this.connection, {
      action: 'read',
      entity: what === 'case' ? 'case-summary' : 'case-timeline',
      entityId: view.caseId,
      regionPath: view.regionPath,
    });
  }

  async export(regionPath: string, rows: number, filters: Record<string, unknown>): Promise<void> {
    await recordAudit(this.connection, {
      action: 'export',
      entity: 'case-list',
      entityId: 'cases.csv',
      regionPath,
      details: { rows, filters },
    });
  }
}
