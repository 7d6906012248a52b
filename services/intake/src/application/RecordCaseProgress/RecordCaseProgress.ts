import { NotFoundError } from '@xinfang/kernel';
import { z } from 'zod';
import { CaseRepository, progressEventName } from '../../domain';
import { parseInput } from '../shared/input';

/** A case event of routing, supervision or hearing, as the consumer hands it over. */
export const RecordCaseProgressInput = z.object({
  eventId: z.string().min(1).max(200),
  type: z.string().min(1).max(200),
  caseId: z.string().min(1).max(200),
  time: z.coerce.date(),
  publicNote: z.string().max(100_000).nullish(),
});
export type RecordCaseProgressInput = z.input<typeof RecordCaseProgressInput>;

/**
 * Mirrors another service's case event onto the case, so the petitioner's timeline and the
 * repeat check know where the case stands. Idempotent on the event id; event types intake
 * does not mirror are acknowledged without loading the case.
 */
export class RecordCaseProgress {
  constructor(private readonly deps: { readonly cases: CaseRepository }) {}

  async execute(input: unknown): Promise<{ readonly applied: boolean }> {
    const event = parseInput(RecordCaseProgressInput, input);
    if (progressEventName(event.type) === null) return { applied: false };
    const found = await this.deps.cases.findById(event.caseId);
    if (!found) throw new NotFoundError('case', event.caseId);
    const applied = found.recordProgress(
      event.type,
      event.time,
      event.publicNote ?? null,
      event.eventId,
    );
    if (applied) await this.deps.cases.save(found);
    return { applied };
  }
}
