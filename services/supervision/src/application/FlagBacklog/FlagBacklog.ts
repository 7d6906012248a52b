import { ConflictError, PreconditionError } from '@xinfang/kernel';
import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import {
  Actor,
  BacklogReason,
  backlogReasons,
  CaseFile,
  daysOpen,
  LedgerEntry,
  LedgerEntryState,
  PlanChange,
} from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, localDate, parseInput, text } from '../shared/input';

export const backlogPlanInput = z.object({
  planSummary: text().nullish(),
  ownerSubject: id.nullish(),
  ownerName: text(100).nullish(),
  targetDate: localDate.nullish(),
  /** 稳控措施 in force. */
  measures: z.array(text(2000)).max(50).optional(),
});

export const FlagBacklogInput = backlogPlanInput.extend({
  caseId: id,
  /** A supervisor may enter a case no rule catches, saying why. */
  manualReason: text(1000).optional(),
});
export type FlagBacklogInput = z.input<typeof FlagBacklogInput>;

const ROLES_ALLOWED = [ROLES.supervisor];

export function planChangeOf(cmd: z.output<typeof backlogPlanInput>): PlanChange {
  return {
    ...(cmd.planSummary !== undefined && { summary: cmd.planSummary }),
    ...(cmd.ownerSubject !== undefined && { ownerSubject: cmd.ownerSubject }),
    ...(cmd.ownerName !== undefined && { ownerName: cmd.ownerName }),
    ...(cmd.targetDate !== undefined && { targetDate: cmd.targetDate }),
    ...(cmd.measures !== undefined && { measures: cmd.measures }),
  };
}

/** 积案: a supervisor enters a case in the backlog ledger, with its plan where known. */
export class FlagBacklog {
  constructor(
    private readonly deps: Pick<SupervisionDeps, 'files' | 'ledger' | 'policies' | 'clock' | 'ids'>,
  ) {}

  async execute(principal: Principal, input: unknown): Promise<LedgerEntryState> {
    assertRole(principal, ROLES_ALLOWED, 'flagging backlog cases');
    const cmd = parseInput(FlagBacklogInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    const now = this.deps.clock.now();
    const policy = await this.deps.policies.policyFor(file.caseRef.tenantId);
    const reasons = backlogReasons(file.registration, now, policy.backlog);
    if (cmd.manualReason) reasons.push({ rule: 'manual', detail: cmd.manualReason });
    if (reasons.length === 0) {
      throw new PreconditionError(
        'the case meets no backlog rule; give a manual reason to enter it anyway',
      );
    }
    const entry = await flagCase(
      this.deps,
      file,
      reasons,
      planChangeOf(cmd),
      actorOf(principal, ROLES_ALLOWED),
      now,
    );
    return entry.toState();
  }
}

/** Enters the case in the ledger and links the file to the entry (one open entry per case). */
export async function flagCase(
  deps: Pick<SupervisionDeps, 'files' | 'ledger' | 'ids'>,
  file: CaseFile,
  reasons: readonly BacklogReason[],
  plan: PlanChange,
  actor: Actor,
  now: Date,
): Promise<LedgerEntry> {
  if (file.isClosed) throw new ConflictError(`case ${file.caseRef.caseNumber} is closed`);
  const existing = await deps.ledger.findOpenByCase(file.caseRef.caseId);
  if (existing || file.ledgerEntryId) {
    throw new ConflictError(`case ${file.caseRef.caseNumber} is already in the backlog ledger`);
  }
  const entry = LedgerEntry.flag({
    id: deps.ids.newId(),
    eventId: deps.ids.newId(),
    caseRef: file.caseRef,
    reasons,
    daysOpen: file.registration ? daysOpen(file.registration.registeredAt, now) : 0,
    plan,
    at: now,
    actor,
  });
  await deps.ledger.save(entry);
  file.attachLedgerEntry(entry.id);
  await deps.files.save(file);
  return entry;
}
