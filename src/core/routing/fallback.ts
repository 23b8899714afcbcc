/**
 * What happens when a recipient cannot be reached (app not installed, blocked, removed from the
 * channel). Never a wider audience than the original route: a delivery fault must not widen who reads a concern.
 */
import type { Incident, OutboxMessage, Recipient } from '../model';
import type { School } from '../people/school';
import { MESSAGE_KINDS, type MessageKind } from '../notify/enqueue';
import { subjectsOf } from '../people/subject';
import { routeRecipients } from './route';

export interface FallbackMessage {
  kind: MessageKind;
  recipient: Recipient;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** The messages to enqueue when `msg` could not be delivered for good. */
export function fallbackFor(school: School, msg: OutboxMessage, incident: Incident): FallbackMessage[] {
  const toReporter = (reason: string): FallbackMessage => ({
    kind: MESSAGE_KINDS.reporterFallback,
    recipient: { type: 'person', email: incident.reporterEmail },
    dedupeKey: `fallback:${incident.id}:${msg.recipient.type === 'person' ? msg.recipient.email : msg.recipient.type}`,
    payload: { reason, route: incident.route },
  });

  // A staff-conduct concern that cannot reach its recipient: the reporter is asked to contact them directly.
  if (incident.route !== 'dsl_team' && (msg.kind === MESSAGE_KINDS.directCard || msg.kind === MESSAGE_KINDS.page)) {
    return [toReporter('recipient_unreachable')];
  }
  // The DSL channel card cannot be posted: the same team (DSL and deputies) gets it by direct message,
  // never the subjects; and nothing at all when a subject can read the channel, or the fallback would tell them.
  if (msg.kind === MESSAGE_KINDS.channelCard) {
    const subjects = subjectsOf(school, incident);
    if (subjects.some((s) => school.inDslChannel(s))) return [];
    return routeRecipients(school, 'dsl_team', subjects).map((p) => ({
      kind: MESSAGE_KINDS.directCard,
      recipient: { type: 'person', email: p.email },
      dedupeKey: `fallback:${incident.id}:channel:${p.email}`,
      payload: { reason: 'channel_unreachable' },
    }));
  }
  // Issue #11: a pattern alert the channel cannot take goes to the DSL and deputies, as the channel card does (never wider).
  if (msg.kind === MESSAGE_KINDS.patternAlert && msg.recipient.type === 'dsl_channel') {
    const subjects = subjectsOf(school, incident);
    if (subjects.some((s) => school.inDslChannel(s))) return [];
    return routeRecipients(school, 'dsl_team', subjects).map((p) => ({
      kind: MESSAGE_KINDS.patternAlert,
      recipient: { type: 'person', email: p.email },
      dedupeKey: `fallback:${msg.dedupeKey}:${p.email}`,
      payload: { alertId: msg.payload.alertId },
    }));
  }
  // Pages to one DSL, refreshes and messages to the reporter: the channel card and the record stand.
  return [];
}
