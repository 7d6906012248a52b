import { outboxEntry, OutboxEntry, withEvents } from '@xinfang/bus';
import { newEventId, subtreePattern } from '@xinfang/kernel';
import { canChange, currentPrincipal, runAsSystem } from '@xinfang/principal';
import { crossTenant } from '@xinfang/store';
import { injectTraceContext } from '@xinfang/telemetry';
import { Model } from 'mongoose';
import {
  Page,
  RoutingCase,
  RoutingCaseQuery,
  RoutingCaseRepository,
  RoutingCaseState,
  RoutingEvent,
} from '../domain';
import { encodeRoutingEvent } from './events/case-event-payloads';
import { DocumentLock } from './mongo/document-lock';
import { CaseDocument } from './mongo/models';
import { afterKey, decodeCursor, pageOf } from './mongo/paging';
import { insertNew, saveVersioned } from './mongo/versioned';

/**
 * Routing cases in `routing_cases`, each with its outbox of case events: the state and the events
 * of a step are one single-document write, which the relay publishes afterwards.
 *
 * A case is read by id across tenants: who may see or change it is decided by the use cases (the
 * sending office, the units it was sent to, staff whose scope covers its place), since a case
 * placed in one county can be disposed of by a city office or co-handled by another county.
 * Writes run as the caller when the caller may change data at the case's place, and otherwise as
 * the routing system after the use case has checked the caller acts for a unit on the case.
 */
export class MongoRoutingCaseRepository implements RoutingCaseRepository {
  constructor(
    private readonly model: Model<CaseDocument>,
    private readonly lock: DocumentLock,
    private readonly source = 'routing',
  ) {}

  async get(caseId: string): Promise<RoutingCase | null> {
    const doc = await this.model
      .findById(caseId, { outbox: 0 })
      .setOptions(crossTenant('access to a routing case is decided by the use case'))
      .lean<CaseDocument>()
      .exec();
    return doc ? toCase(doc) : null;
  }

  async insert(routingCase: RoutingCase, events: readonly RoutingEvent[]): Promise<void> {
    const s = routingCase.toState();
    const outbox = events.map((e) => this.entry(s.caseId, e));
    await this.asWriter(s.regionPath, () =>
      insertNew(
        this.model,
        {
          ...derived(s),
          _id: s.caseId,
          regionPath: s.regionPath,
          tenantId: null,
          version: s.version,
          state: toStored(s),
          outbox,
          outboxPending: outbox.length > 0,
        },
        `routing of case ${s.caseNumber}`,
      ),
    );
  }

  async save(routingCase: RoutingCase, events: readonly RoutingEvent[]): Promise<void> {
    const s = routingCase.toState();
    const next = s.version + 1;
    const update = withEvents(
      { $set: { ...derived(s), version: next, state: toStored({ ...s, version: next }) } },
      ...events.map((e) => this.entry(s.caseId, e)),
    );
    await this.asWriter(s.regionPath, () =>
      saveVersioned(this.model, this.lock, s.caseId, s.version, update, `case ${s.caseNumber}`),
    );
  }

  async list(q: RoutingCaseQuery): Promise<Page<RoutingCase>> {
    const filter: Record<string, unknown>[] = [];
    if (q.scopePaths !== null) {
      filter.push({
        $or: q.scopePaths.map((p) => ({ regionPath: { $regex: subtreePattern(p) } })),
      });
    }
    if (q.unitId) filter.push({ currentUnitIds: q.unitId });
    if (q.officeId) filter.push({ officeUnitId: q.officeId });
    if (q.statuses) filter.push({ status: { $in: [...q.statuses] } });
    if (q.cursor) filter.push(afterKey(['_id'], decodeCursor(q.cursor, 1)));
    let query = this.model
      .find(filter.length > 0 ? { $and: filter } : {}, { outbox: 0 })
      .sort({ _id: 1 })
      .limit(q.limit + 1);
    // A tray lists what was sent to the unit wherever it lies; the use case checked membership.
    if (q.scopePaths === null) query = query.setOptions(crossTenant('unit or office tray'));
    const docs = await query.lean<CaseDocument[]>().exec();
    const { rows, nextCursor } = pageOf(docs, q.limit, (d) => [d._id]);
    return { items: rows.map(toCase), nextCursor };
  }

  private entry(caseId: string, event: RoutingEvent): OutboxEntry & { subject: string } {
    const { type, json } = encodeRoutingEvent(event);
    const trace = injectTraceContext<Record<string, string>>({});
    return outboxEntry({
      id: newEventId(),
      type,
      subject: caseId,
      time: event.occurredAt,
      data: json,
      ...(trace.traceparent ? { traceparent: trace.traceparent } : {}),
    }) as OutboxEntry & { subject: string };
  }

  private asWriter<T>(regionPath: string, write: () => Promise<T>): Promise<T> {
    const principal = currentPrincipal();
    if (canChange(principal, regionPath)) return write();
    return runAsSystem(`${this.source}:${principal.username || principal.subject}`, write);
  }
}

/** Fields kept beside the state so trays and the relay can query them. */
function derived(s: RoutingCaseState) {
  const route = s.routes[s.routes.length - 1];
  return {
    caseTenantId: s.tenantId,
    status: s.status,
    officeUnitId: s.office.unitId,
    currentUnitIds: route ? [route.lead.unitId, ...route.coUnits.map((u) => u.unitId)] : [],
    updatedAt: s.updatedAt,
  };
}

function toStored(s: RoutingCaseState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(s), reviveDates) as Record<string, unknown>;
}

/** Instants in the state are Dates; a plain copy keeps them as Dates for the store. */
function reviveDates(key: string, value: unknown): unknown {
  if (typeof value === 'string' && DATE_KEYS.has(key)) return new Date(value);
  return value;
}

const DATE_KEYS = new Set([
  'receivedAt',
  'registeredAt',
  'updatedAt',
  'proposedAt',
  'routedAt',
  'acceptedAt',
  'returnedAt',
  'requestedAt',
  'approvedAt',
  'repliedAt',
  'deliveredAt',
  'reportedAt',
  'at',
]);

function toCase(doc: CaseDocument): RoutingCase {
  const state = revive(doc.state) as RoutingCaseState;
  return RoutingCase.restore({ ...state, version: doc.version, tenantId: doc.caseTenantId });
}

/** Stored instants come back as Dates; anything serialized as a string is turned back. */
function revive(value: unknown, key = ''): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value === 'string' && DATE_KEYS.has(key)) return new Date(value);
  if (Array.isArray(value)) return value.map((v) => revive(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]));
  }
  return value;
}
