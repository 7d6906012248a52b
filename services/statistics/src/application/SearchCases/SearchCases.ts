import { ForbiddenError, regionPath } from '@xinfang/kernel';
import { canSee, currentPrincipal } from '@xinfang/principal';
import {
  CaseQuery,
  CaseView,
  CaseViewRepository,
  decodeCursor,
  encodeCursor,
  SearchCursor,
} from '../../domain';

export interface CasePage {
  items: CaseView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Searches the case projection with keyset paging: each page continues after the last row of the
 * previous one, so page 10,000 costs what page 1 costs (no skip).
 */
export class SearchCases {
  constructor(private readonly views: CaseViewRepository) {}

  async page(query: CaseQuery, limit: number, cursor?: string): Promise<CasePage> {
    assertRegionVisible(query.region);
    const after = cursor ? decodeCursor(cursor, 'query.cursor') : undefined;
    const rows = await this.views.search(query, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ registeredAt: last.registeredAt, caseId: last.caseId })
          : null,
    };
  }

  /** Every matching case, page by page (exports), up to `max` rows. */
  async *all(query: CaseQuery, max: number, pageSize = 500): AsyncGenerator<CaseView> {
    assertRegionVisible(query.region);
    let after: SearchCursor | undefined;
    let count = 0;
    for (;;) {
      const rows = await this.views.search(query, Math.min(pageSize, max - count), after);
      for (const row of rows) yield row;
      count += rows.length;
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize || count >= max) return;
      after = { registeredAt: last.registeredAt, caseId: last.caseId };
    }
  }
}

/** A region filter outside the caller's subtree is refused rather than answered with nothing. */
export function assertRegionVisible(region: string | undefined): void {
  if (region === undefined) return;
  const p = currentPrincipal();
  if (!canSee(p, regionPath(region)))
    throw new ForbiddenError(`region ${region} is outside your region`);
}
