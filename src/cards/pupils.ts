/** Cards of the child's record and the work after a report (issue #11): a chronology, the pupils a name matches, a task, a pattern alert. */
import { expand } from './expand';
import type { AdaptiveCard, FollowUpFormData, PatternAlertData, PupilChronologyData, PupilMatchesData, TaskCardData } from './types';

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
  return expand('pupil-matches', { title: d.query ? `Pupils matching “${d.query}”` : "Find a child's chronology", query: d.query, pupils: d.pupils, more: d.more });
}

/** Renders a task reminder, an overdue task or a quiet concern (cards/task.json), with "Mark done" while the task is open. */
export function renderTask(d: TaskCardData): AdaptiveCard {
  return expand('task', { title: d.title, text: d.text, style: d.style, facts: d.facts, taskId: d.taskId ?? null, incidentId: d.incidentId, reference: d.reference });
}

/** Renders a pattern alert for the DSL channel (cards/pattern-alert.json): references and buttons only, never a child's name. */
export function renderPatternAlert(d: PatternAlertData): AdaptiveCard {
  return expand('pattern-alert', { title: d.title, text: d.text, concerns: d.concerns, misId: d.misId ?? null, incidentId: d.incidentId, footer: d.footer });
}

/** Renders the follow-up form of a concern (cards/follow-up.json), its answers filled in when it is asked again. */
export function renderFollowUp(d: FollowUpFormData): AdaptiveCard {
  return expand('follow-up', { incidentId: d.incidentId, version: d.version, reference: d.reference, values: d.values });
}
