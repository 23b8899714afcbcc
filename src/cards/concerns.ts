/** The DSL's list of open concerns (issue #11): one page, its filters, and a button to each concern. */
import { expand } from './expand';
import type { AdaptiveCard, OpenConcernsData } from './types';

/**
 * Renders cards/open-concerns.json. Each paging button sits in an ActionSet of its own: Slack wants
 * the action_ids of one actions block distinct, and both pages are the same verb.
 */
export function renderOpenConcerns(d: OpenConcernsData): AdaptiveCard {
  return expand('open-concerns', {
    title: d.title,
    intro: d.intro,
    filtersLine: d.filtersLine ?? null,
    summary: d.summary,
    note: d.note ?? null,
    filters: { filter: d.filters.filter, filterChoices: d.filters.filterChoices, kind: d.filters.kind, kindChoices: d.filters.kindChoices, pupil: d.filters.pupil ?? null },
    concerns: d.concerns.map((c) => ({ ...c, flag: c.flag ?? null })),
    applied: d.applied,
    cleared: d.cleared,
    canClear: d.canClear,
    previousPage: d.previousPage ?? null,
    nextPage: d.nextPage ?? null,
  });
}
