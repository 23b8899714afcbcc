/**
 * Cards about a submitted incident: the minimal notification and the full details view.
 */
import { expand } from './expand';
import type { AdaptiveCard, IncidentDetailsData, IncidentSummaryData } from './types';

/** Teams sends the user-specific refresh to at most this many users. */
export const MAX_REFRESH_USERS = 60;

/** Renders the notification card (cards/incident-summary.json): reference, broad kind, status; no incident details. */
export function renderIncidentSummary(d: IncidentSummaryData): AdaptiveCard {
  return expand('incident-summary', {
    incidentId: d.incidentId,
    version: d.version,
    reference: d.reference,
    kindLabel: d.kindLabel,
    urgent: d.urgent,
    // Urgent already says it loudest; the serious badge is for what does not page.
    seriousOnly: d.serious && !d.urgent,
    reportedAt: d.reportedAt,
    statusLabel: d.statusLabel,
    ownerName: d.ownerName ?? null,
    pendingProposal: d.pendingProposal
      ? { decisionLabel: d.pendingProposal.decisionLabel, proposedByName: d.pendingProposal.proposedByName }
      : null,
    ladoReminder: d.ladoReminder ?? null,
    actions: { ack: d.actions.ack, own: d.actions.own, view: d.actions.view },
  });
}

/** Renders the details view for an authorised person (cards/incident-details.json), with its forms. */
export function renderIncidentDetails(d: IncidentDetailsData): AdaptiveCard {
  return expand('incident-details', {
    incidentId: d.incidentId,
    version: d.version,
    reference: d.reference,
    kindLabel: d.kindLabel,
    urgent: d.urgent,
    seriousOnly: d.serious && !d.urgent,
    statusLabel: d.statusLabel,
    ownerName: d.ownerName ?? null,
    reportedBy: d.reportedBy,
    reportedAt: d.reportedAt,
    sections: d.sections,
    chronology: d.chronology,
    chronologyPage: d.chronologyPage ? { summary: d.chronologyPage.summary, earlierPage: d.chronologyPage.earlierPage ?? null, showLatest: d.chronologyPage.showLatest } : null,
    pendingProposal: d.pendingProposal ?? null,
    decisions: d.decisions,
    forms: { ...d.forms },
    checklist: d.checklist ? { ...d.checklist, steps: d.checklist.steps.map((st) => ({ ...st, state: st.state ?? null })) } : null,
    tasks: d.tasks ? { ...d.tasks, firstOpen: d.tasks.open[0]?.value ?? null } : null,
    pupilRecords: {
      chronologies: d.pupilRecords?.chronologies ?? [],
      link: d.pupilRecords?.link?.rows.length ? { rows: d.pupilRecords.link.rows, first: d.pupilRecords.link.rows[0]!.value, suggestions: d.pupilRecords.link.suggestions } : null,
    },
    // Teams ignores the refresh for anyone past the 60th id; an empty list drops the refresh block.
    refreshUserIds: [...new Set(d.refreshUserIds)].slice(0, MAX_REFRESH_USERS),
  });
}
