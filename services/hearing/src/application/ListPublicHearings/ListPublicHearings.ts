import type { HearingDeps } from '../shared/context';
import { publicNotice, type PublicHearingNotice } from '../shared/views';

/** The public notice board: public hearings ahead and the published results of those held. */
export class ListPublicHearings {
  constructor(private readonly deps: Pick<HearingDeps, 'appeals'>) {}

  async execute(limit: number): Promise<PublicHearingNotice[]> {
    const appeals = await this.deps.appeals.listPublicHearings(limit);
    return appeals
      .flatMap((a) => a.state.hearings.filter((h) => h.public).map((h) => publicNotice(a, h)))
      .sort((x, y) => y.scheduledAt.getTime() - x.scheduledAt.getTime())
      .slice(0, limit);
  }
}
