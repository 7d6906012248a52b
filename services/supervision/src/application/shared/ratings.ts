import {
  CaseRef,
  SatisfactionEntry,
  SupervisionRecord,
  SupervisionRecordRepository,
} from '../../domain';
import type { IdGenerator } from '../../domain';

/** An unsatisfied rating (不满意) opens a supervision record; returns its id when opened. */
export async function superviseUnsatisfied(
  records: SupervisionRecordRepository,
  ids: IdGenerator,
  caseRef: CaseRef,
  rating: SatisfactionEntry | null,
): Promise<string | null> {
  if (rating?.satisfaction !== 'unsatisfied') return null;
  const record = SupervisionRecord.forUnsatisfiedRating(
    ids.newId(),
    caseRef,
    rating.eventId,
    rating.ratedUnit,
    rating.at,
    rating.actor,
  );
  return (await records.add(record)) ? record.id : null;
}
