import { subtreePattern } from '@xinfang/kernel';
import {
  CaseFile,
  type BacklogCandidateQuery,
  type CaseFileRepository,
  type CaseFileState,
} from '../../domain';
import { outboxEventOf } from '../events/outbox-events';
import type { StoredDoc, SupervisionModels } from './models';
import { findLean, saveVersioned, stateOf } from './stored';

const STORE_ONLY = ['leaderSubject', 'closed', 'registeredAt'];

/** `$or` of subtree filters for the scope paths; undefined for `/` (everything). */
export function scopeFilter(scopePaths: readonly string[]): Record<string, unknown> | undefined {
  if (scopePaths.includes('/')) return undefined;
  return { $or: scopePaths.map((s) => ({ regionPath: { $regex: subtreePattern(s) } })) };
}

/** Case files, one document per case (`_id` = case id), versioned, with their outbox. */
export class MongoCaseFileRepository implements CaseFileRepository {
  constructor(private readonly models: Pick<SupervisionModels, 'files'>) {}

  async save(file: CaseFile): Promise<void> {
    const { caseRef, version, ...rest } = file.toState();
    await saveVersioned({
      model: this.models.files,
      id: caseRef.caseId,
      version,
      regionPath: caseRef.regionPath,
      fields: {
        caseRef,
        ...rest,
        leaderSubject: rest.leader?.subject ?? null,
        closed: rest.closure !== null,
        registeredAt: rest.registration?.registeredAt ?? null,
      },
      events: file.peekEvents().map(outboxEventOf),
      what: 'case file',
    });
    file.pullEvents();
    file.markPersisted();
  }

  async findById(caseId: string): Promise<CaseFile | null> {
    const [doc] = await findLean<StoredDoc>(this.models.files, { _id: caseId });
    return doc ? toFile(doc) : null;
  }

  async listByLeader(leaderSubject: string, scopePaths: readonly string[]): Promise<CaseFile[]> {
    if (scopePaths.length === 0) return [];
    const scope = scopeFilter(scopePaths);
    const docs = await findLean<StoredDoc>(
      this.models.files,
      { leaderSubject, closed: false, ...(scope ? { $and: [scope] } : {}) },
      { registeredAt: 1, _id: 1 },
    );
    return docs.map(toFile);
  }

  async findBacklogCandidates(q: BacklogCandidateQuery): Promise<CaseFile[]> {
    const any: Record<string, unknown>[] = [
      { registeredAt: { $lte: q.registeredBefore } },
      { 'registration.repeatCount': { $gte: q.minRepeatCount } },
    ];
    if (q.includeReferred) any.push({ 'registration.channel': 'referral' });
    if (q.includeCollective) any.push({ 'registration.collective': true });
    const docs = await findLean<StoredDoc>(
      this.models.files,
      { tenantId: q.tenantId, closed: false, ledgerEntryId: null, $or: any },
      { registeredAt: 1, _id: 1 },
      q.limit,
    );
    return docs.map(toFile);
  }
}

function toFile(doc: StoredDoc): CaseFile {
  const state = stateOf<CaseFileState & { id?: string }>(doc, STORE_ONLY);
  delete state.id;
  return CaseFile.fromState(state);
}
