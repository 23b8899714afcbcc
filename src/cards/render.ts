/**
 * The typed render functions, one per template in cards/, over the expand() core.
 * Each returns a 1.5 Adaptive Card whose actions carry references only.
 */
export { expand } from './expand';
export { renderWizardStep, renderReview, renderConfirmation } from './report';
export { renderIncidentSummary, renderIncidentDetails, MAX_REFRESH_USERS } from './incident';
export { renderNotice, renderAskReporter, renderDraftReminder } from './messages';
export { renderDutyReminder, renderAua, renderDutyStatus, renderFilterRequest } from './duties';
export { renderPupilChronology, renderPupilMatches, renderTask, renderPatternAlert, renderFollowUp } from './pupils';
export { renderOpenConcerns } from './concerns';
