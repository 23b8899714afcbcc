/**
 * Adaptive Card rendering: typed functions over the JSON templates in cards/.
 * Platform-neutral: no botbuilder or Slack imports here (the Teams sender attaches the result).
 */
export * from './render';
export { VERBS, ALL_VERBS, isVerb } from './verbs';
export type { Verb } from './verbs';
export { cardsDir, CardTemplateError, TEMPLATE_NAMES } from './expand';
export type { TemplateName } from './expand';
export { escapeText, unescapeText } from './escape';
export type * from './types';
export { boundCard, cutText, splitText, graphemePrefix, sizeOf, jsonBytes, tooLargeCard, TRUNCATION_MARKER, CARD_TOO_LARGE } from './bound';
export type { Bounded, Unit } from './bound';
