/** Cards about a pupil's record (issue #11): a child's chronology, and the pupils a name matches. */
import { expand } from './expand';
import type { AdaptiveCard, PupilChronologyData, PupilMatchesData } from './types';

/** Renders a child's chronology (cards/pupil-chronology.json): their concerns, then one page of entries. */
export function renderPupilChronology(d: PupilChronologyData): AdaptiveCard {
  return expand('pupil-chronology', {
    misId: d.misId,
    name: d.name,
    recordLine: d.recordLine,
    concernsTitle: d.concernsTitle,
    concerns: d.concerns,
    entries: d.entries,
    page: d.page ? { summary: d.page.summary, earlierPage: d.page.earlierPage ?? null, showLatest: d.page.showLatest } : null,
  });
}

/** Renders the pupils a `chronology <name>` search found (cards/pupil-matches.json), each a button to their chronology. */
export function renderPupilMatches(d: PupilMatchesData): AdaptiveCard {
  return expand('pupil-matches', { query: d.query, pupils: d.pupils, more: d.more });
}
