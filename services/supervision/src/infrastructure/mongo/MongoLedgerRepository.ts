import {
  LedgerEntry,
  type LedgerEntryState,
  type LedgerRepository,
  type MonthlyReportQuery,
} from '../../domain';
import { outboxEventOf } from '../events/outbox-events';
import { scopeFilter } from './MongoCaseFileRepository';
import type { StoredDoc, SupervisionModels } from './models';
import { findLean, saveVersioned, stateOf } from './stored';

/** The backlog ledger (积案台账), one versioned document per entry, with its outbox. */
export class MongoLedgerRepository implements LedgerRepository {
  constructor(private readonly models: Pick<SupervisionModels, 'ledger'>) {}

  async save(entry: LedgerEntry): Promise<void> {
    const { id, version, ...fields } = entry.toState();
    await saveVersioned({
      model: this.models.ledger,
      id,
      version,
      regionPath: fields.caseRef.regionPath,
      fields: { ...fields, caseId: fields.caseRef.caseId },
      events: entry.peekEvents().map(outboxEventOf),
      what: 'ledger entry',
    });
    entry.pullEvents();
    entry.markPersisted();
  }

  async findById(entryId: string): Promise<LedgerEntry | null> {
    const [doc] = await findLean<StoredDoc>(this.models.ledger, { _id: entryId });
    return doc ? toEntry(doc) : null;
  }

  async findOpenByCase(caseId: string): Promise<LedgerEntry | null> {
    const [doc] = await findLean<StoredDoc>(
      this.models.ledger,
      { caseId, status: 'open' },
      { flaggedAt: 1, _id: 1 },
      1,
    );
    return doc ? toEntry(doc) : null;
  }

  async listForMonthlyReport(q: MonthlyReportQuery): Promise<LedgerEntry[]> {
    if (q.scopePaths.length === 0) return [];
    const scope = scopeFilter(q.scopePaths);
    const and: Record<string, unknown>[] = [
      { flaggedAt: { $lte: q.flaggedBy } },
      { $or: [{ status: 'open' }, { resolvedAt: { $gte: q.openAt } }] },
    ];
    if (scope) and.push(scope);
    if (q.tenantId) and.push({ tenantId: q.tenantId });
    const docs = await findLean<StoredDoc>(
      this.models.ledger,
      { $and: and },
      { flaggedAt: 1, _id: 1 },
    );
    return docs.map(toEntry);
  }
}

function toEntry(doc: StoredDoc): LedgerEntry {
  return LedgerEntry.fromState(stateOf<LedgerEntryState>(doc, ['caseId']));
}
