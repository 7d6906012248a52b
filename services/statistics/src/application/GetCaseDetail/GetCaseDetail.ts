import { NotFoundError } from '@xinfang/kernel';
import type { CaseView, CaseViewRepository, TimelineEntry, TimelineRepository } from '../../domain';

export interface CaseAudit {
  /** Records that the caller read a case (who, when, from where come from the request). */
  read(view: CaseView, what: 'case' | 'timeline'): Promise<void>;
}

/** One case of the projection and its timeline; invisible cases are not found. */
export class GetCaseDetail {
  constructor(
    private readonly views: CaseViewRepository,
    private readonly timeline: TimelineRepository,
    private readonly audit: CaseAudit,
  ) {}

  async view(caseId: string): Promise<CaseView> {
    const view = await this.views.get(caseId);
    if (!view) throw new NotFoundError('case', caseId);
    await this.audit.read(view, 'case');
    return view;
  }

  async history(caseId: string): Promise<{ view: CaseView; entries: TimelineEntry[] }> {
    const view = await this.views.get(caseId);
    if (!view) throw new NotFoundError('case', caseId);
    await this.audit.read(view, 'timeline');
    return { view, entries: await this.timeline.forCase(caseId) };
  }
}
