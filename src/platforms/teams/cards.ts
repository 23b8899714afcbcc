/**
 * The one way a card leaves for Teams: as an attachment on a message activity (or an invoke
 * answer), bounded to Teams' message size first. Teams refuses a message over about
 * 28 KB with 413; the connector adds the envelope (from, recipient, conversation, serviceUrl,
 * channelData), so the activity we build is kept under the limit less a reserve for it.
 */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { boundCard, jsonBytes, type AdaptiveCard } from '../../cards';

/** Teams' limit for one message, in UTF-8 bytes of the serialised activity. */
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;
/** Room left for what the connector and botbuilder add around the activity we build. */
export const TEAMS_ENVELOPE_RESERVE = 2 * 1024;
/** What the activity we build may weigh. */
export const TEAMS_ACTIVITY_BUDGET = TEAMS_MESSAGE_LIMIT - TEAMS_ENVELOPE_RESERVE;

const activityOf = (card: AdaptiveCard): Partial<Activity> => MessageFactory.attachment(CardFactory.adaptiveCard(card));

/** A message activity carrying `card`, cut to fit Teams' size limit (or the CARD_TOO_LARGE notice). */
export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return activityOf(boundCard(card, TEAMS_ACTIVITY_BUDGET, (c) => jsonBytes(activityOf(c))).card);
}

/** `card` cut to fit an invoke answer ({statusCode, type, value: card}), which Teams renders like a message. */
export function invokeCard(card: AdaptiveCard): AdaptiveCard {
  return boundCard(card, TEAMS_ACTIVITY_BUDGET, (c) => jsonBytes({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: c })).card;
}
