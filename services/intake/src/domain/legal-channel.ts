import { LEGAL_ROUTES, LegalRoute } from './vocabulary';

/** A matter steered to a legal procedure, with the clerk's reason (诉访分离). */
export interface LegalChannel {
  readonly route: LegalRoute;
  readonly reason: string;
}

/** What the narrative suggests to the clerk; never decides on its own. */
export interface LegalChannelSuggestion {
  readonly route: LegalRoute;
  readonly matched: readonly string[];
}

/**
 * Suggests the legal procedure a narrative most likely belongs to: the route whose keywords occur
 * most often (first route wins a tie), or null when none occur.
 */
export function suggestLegalChannel(
  narrative: string,
  keywords: Readonly<Record<LegalRoute, readonly string[]>>,
): LegalChannelSuggestion | null {
  let best: LegalChannelSuggestion | null = null;
  for (const route of LEGAL_ROUTES) {
    const matched = keywords[route].filter((word) => word.length > 0 && narrative.includes(word));
    if (matched.length > 0 && (!best || matched.length > best.matched.length))
      best = { route, matched };
  }
  return best;
}
