import {
  ConflictError,
  NotFoundError,
  PreconditionError,
  regionPath,
  ValidationError,
} from '@xinfang/kernel';
import type { Principal } from '@xinfang/principal';
import { Appeal, assertWithinWindow, nextHigherAuthority, type AppealStage } from '../../domain';
import {
  ACTION_ROLES,
  actorOf,
  assertActsFor,
  assertSees,
  type HearingDeps,
} from '../shared/context';
import { appealView, type AppealView } from '../shared/views';

export interface AppealRequestInput {
  /** Why the petitioner disagrees, without personal data. */
  readonly grounds: string;
  /** When the request reached the authority (a letter's postmark); default now. */
  readonly receivedAt?: Date;
}

/**
 * A clerk of the next higher authority registers a petitioner's request for review (复查,
 * Art. 35) or re-review (复核, Art. 36). Only within the window: 30 days from the petitioner's
 * receipt of the reply or of the review decision; a late request is refused naming the day the
 * window expired.
 */
export class RequestAppeal {
  constructor(private readonly deps: HearingDeps) {}

  async execute(
    p: Principal,
    stage: AppealStage,
    caseId: string,
    input: AppealRequestInput,
  ): Promise<AppealView> {
    const now = this.deps.now();
    const requestedAt = input.receivedAt ?? now;
    if (requestedAt > now) throw new ValidationError('receivedAt', 'is in the future');
    const start =
      stage === 'review' ? await this.reviewStart(p, caseId) : await this.reReviewStart(p, caseId);
    assertActsFor(
      p,
      start.authority,
      `a ${stage === 'review' ? 'review' : 're-review'} of case ${caseId}`,
    );
    if (await this.deps.appeals.findStageAnyScope(caseId, stage))
      throw new ConflictError(
        `case ${caseId} already has a ${stage === 'review' ? 'review' : 're-review'}`,
      );
    const requestDueDate = assertWithinWindow(
      stage,
      start.receivedDecisionAt,
      requestedAt,
      this.deps.policy,
      this.deps.calendar,
    );
    const appeal = Appeal.request(
      {
        id: this.deps.newId(),
        stage,
        caseRef: start.caseRef,
        subjectCode: start.subjectCode,
        locationRegionCode: start.locationRegionCode,
        authority: start.authority,
        appealedUnit: start.appealedUnit,
        reviewId: start.reviewId,
        grounds: input.grounds,
        requestedAt,
        requestedBy: actorOf(p, ACTION_ROLES.request),
        requestDueDate,
      },
      this.deps.policy,
      this.deps.calendar,
    );
    await this.deps.appeals.create(appeal);
    return appealView(appeal, this.deps);
  }

  private async reviewStart(p: Principal, caseId: string) {
    const file = await this.deps.caseFiles.find(caseId);
    if (!file) throw new NotFoundError('case', caseId);
    if (!file.reply?.deliveredAt)
      throw new PreconditionError(
        `no reply of case ${caseId} has reached the petitioner: the review window has not opened`,
      );
    const authority = nextHigherAuthority(
      this.deps.regions,
      file.reply.unit,
      file.reply.reviewAuthority,
    );
    assertSees(p, [file.caseRef.regionPath, regionPath(authority.regionCode)], 'case', caseId);
    return {
      caseRef: file.caseRef,
      subjectCode: file.subjectCode,
      locationRegionCode: file.locationRegionCode,
      authority,
      appealedUnit: file.reply.unit,
      reviewId: '',
      receivedDecisionAt: file.reply.deliveredAt,
    };
  }

  private async reReviewStart(p: Principal, caseId: string) {
    const review = await this.deps.appeals.findStageAnyScope(caseId, 'review');
    if (!review) {
      if (!(await this.deps.caseFiles.find(caseId))) throw new NotFoundError('case', caseId);
      throw new PreconditionError(
        `case ${caseId} has had no review: a re-review follows a review decision`,
      );
    }
    const s = review.state;
    const authority = nextHigherAuthority(this.deps.regions, s.authority);
    assertSees(p, [s.caseRef.regionPath, regionPath(authority.regionCode)], 'case', caseId);
    if (!s.decision)
      throw new PreconditionError(`the review ${s.id} of case ${caseId} has not been decided yet`);
    return {
      caseRef: s.caseRef,
      subjectCode: s.subjectCode,
      locationRegionCode: s.locationRegionCode,
      authority,
      appealedUnit: s.authority,
      reviewId: s.id,
      receivedDecisionAt: s.decision.deliveredAt,
    };
  }
}
