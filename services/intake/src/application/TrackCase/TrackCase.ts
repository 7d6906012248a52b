import { CaseRepository, PetitionerTimeline } from '../../domain';
import { parseInput, portalCredentialsInput } from '../shared/input';
import { openWithQueryCode } from '../shared/portal';

export const TrackCaseInput = portalCredentialsInput;

/** A petitioner follows their case with its number and query code (no staff login). */
export class TrackCase {
  constructor(private readonly deps: { readonly cases: CaseRepository }) {}

  async execute(input: unknown): Promise<PetitionerTimeline> {
    const { caseNumber, queryCode } = parseInput(TrackCaseInput, input);
    const found = await openWithQueryCode(this.deps.cases, caseNumber, queryCode);
    return found.publicTimeline();
  }
}
