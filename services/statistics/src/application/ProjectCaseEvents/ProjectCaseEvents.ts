import {
  applyToCaseView,
  CaseView,
  CaseViewRepository,
  CounterFact,
  CounterFactStore,
  factsFor,
  hasApplied,
  ProjectedEvent,
  TimelineEntry,
  timelineEntryOf,
  TimelineRepository,
} from '../../domain';

export interface ProjectionPorts {
  views: CaseViewRepository;
  timeline: TimelineRepository;
  facts: CounterFactStore;
}

export interface ProjectionResult {
  applied: number;
  duplicates: number;
}

/**
 * Applies case events to the projection: the case view, its timeline and the counter facts.
 * Everything written is keyed by the event id (or the case for once-per-case facts), and the case
 * view remembers the events it applied, so a redelivered event changes nothing.
 *
 * Writes go facts → timeline → view: the view is the commit point. A crash before it leaves
 * facts and timeline entries that the redelivery writes again under the same ids (ignored).
 * Events are grouped by case and each case is written once per call, which lets a rebuild or a
 * bulk load apply many events at the cost of one write per case.
 */
export class ProjectCaseEvents {
  constructor(private readonly ports: ProjectionPorts) {}

  async run(events: readonly ProjectedEvent[]): Promise<ProjectionResult> {
    const byCase = new Map<string, ProjectedEvent[]>();
    for (const e of events) {
      const list = byCase.get(e.caseId) ?? [];
      list.push(e);
      byCase.set(e.caseId, list);
    }
    const result: ProjectionResult = { applied: 0, duplicates: 0 };
    for (const [caseId, list] of byCase) {
      const r = await this.projectCase(caseId, list);
      result.applied += r.applied;
      result.duplicates += r.duplicates;
    }
    return result;
  }

  private async projectCase(
    caseId: string,
    events: readonly ProjectedEvent[],
  ): Promise<ProjectionResult> {
    const before = await this.ports.views.get(caseId);
    let view: CaseView | undefined = before;
    const facts: CounterFact[] = [];
    const entries: TimelineEntry[] = [];
    let duplicates = 0;
    for (const event of events) {
      if (hasApplied(view, event.id)) {
        duplicates += 1;
        continue;
      }
      const next = applyToCaseView(view, event);
      facts.push(...factsFor(view, next, event));
      entries.push(timelineEntryOf(event));
      view = next;
    }
    if (view === undefined || entries.length === 0) return { applied: 0, duplicates };
    await this.ports.facts.add(facts);
    await this.ports.timeline.add(entries);
    await this.ports.views.save(view, before?.eventCount ?? 0);
    return { applied: entries.length, duplicates };
  }
}
