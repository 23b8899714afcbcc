/**
 * Adaptive Card rendering: typed functions over the JSON templates in cards/.
 * Platform-neutral: no botbuilder or Slack imports here (the Teams sender attaches the result).
 */
export { VERBS, ALL_VERBS, isVerb } from './verbs';
export type { Verb } from './verbs';
export { expand, cardsDir, CardTemplateError, TEMPLATE_NAMES } from './expand';
export type { TemplateName } from './expand';
export { escapeText, unescapeText } from './escape';
export { renderWizardStep, renderReview, renderConfirmation } from './report';
export { renderIncidentSummary, renderIncidentDetails, MAX_REFRESH_USERS } from './incident';
export { renderNotice, renderAskReporter } from './messages';
export type * from './types';
