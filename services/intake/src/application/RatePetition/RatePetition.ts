import { z } from 'zod';
import {
  CaseRepository,
  Clock,
  IdGenerator,
  IntakePolicyProvider,
  officeScopeCode,
  SATISFACTION_LABELS,
  SATISFACTION_RATINGS,
  SatisfactionRating,
} from '../../domain';
import { parseInput, portalCredentialsInput } from '../shared/input';
import { openWithQueryCode } from '../shared/portal';

export const RatePetitionInput = portalCredentialsInput.extend({
  rating: z.enum(SATISFACTION_RATINGS),
  comment: z.string().max(10_000).nullish(),
});
export type RatePetitionInput = z.input<typeof RatePetitionInput>;

export interface RatingReceipt {
  readonly caseNumber: string;
  readonly rating: SatisfactionRating;
  readonly label: string;
  readonly ratedAt: Date;
}

export interface RatePetitionDeps {
  readonly cases: CaseRepository;
  readonly policies: IntakePolicyProvider;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** A petitioner rates the handling once, after the reply: 满意 / 基本满意 / 不满意. */
export class RatePetition {
  constructor(private readonly deps: RatePetitionDeps) {}

  async execute(input: unknown): Promise<RatingReceipt> {
    const { caseNumber, queryCode, rating, comment } = parseInput(RatePetitionInput, input);
    const found = await openWithQueryCode(this.deps.cases, caseNumber, queryCode);
    const policy = await this.deps.policies.policyFor(officeScopeCode(found.office));
    const ratedAt = this.deps.clock.now();
    found.rate(
      rating,
      comment ?? null,
      ratedAt,
      this.deps.ids.newId(),
      policy.text.commentMaxLength,
    );
    await this.deps.cases.save(found);
    return { caseNumber, rating, label: SATISFACTION_LABELS[rating], ratedAt };
  }
}
