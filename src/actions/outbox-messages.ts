/**
 * What an outbox row says, for every platform: the card (rendered from the database at send time,
 * so it is always current), where it goes, and a one-line notification text. Platform senders
 * only deliver what this returns.
 */
import type { CoreDeps } from '../core/deps';
import type { Incident, OutboxMessage } from '../core/model';
import { MESSAGE_KINDS } from '../core/notify/enqueue';
import { renderNotice, type AdaptiveCard } from '../cards';
import { askReporterCard, reporterClosedCard, reporterDeliveredCard, reporterFallbackCard, summaryCard } from '../views/incident';
import { renderDutyMessage } from './duties';
import { fileReceivedCard, urgentDraftAlertCard, urgentDraftReminderCard } from '../views/alerts';

export type RenderedMessage =
  /** A new card in the DSL team channel, kept so it can be updated later. */
  | { target: 'channel'; incident: Incident; card: AdaptiveCard; text: string }
  /** A direct message; `keep` records it (a card about an incident, updated in place later). */
  | { target: 'person'; email: string; card: AdaptiveCard; text: string; keep: boolean }
  /** Update every card already posted for the incident to this one. */
  | { target: 'refresh'; incident: Incident; card: AdaptiveCard; text: string };

/** The record behind a message is gone, or the message cannot be sent as asked: final, never retried. */
export class UndeliverableMessage extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const DUTY_TEXT: Record<string, string> = {
  [MESSAGE_KINDS.dutyReminder]: 'A duty reminder',
  [MESSAGE_KINDS.dutyEscalation]: 'Long-overdue duties: a digest',
  [MESSAGE_KINDS.dutyDigest]: 'Your weekly duties digest',
  [MESSAGE_KINDS.filterRequest]: 'A request to unblock a website',
  [MESSAGE_KINDS.filterDecision]: 'A decision on your unblock request',
  [MESSAGE_KINDS.filterChange]: 'Please unblock a website (approved)',
  [MESSAGE_KINDS.filterReblock]: 'Please block a website again',
};

/** Renders one outbox row for delivery; throws UndeliverableMessage when it cannot be sent. */
export async function renderOutboxMessage(deps: CoreDeps, msg: OutboxMessage): Promise<RenderedMessage> {
  const { school, store } = deps;
  const incident = msg.incidentId ? await store.incidents.get(msg.incidentId) : null;
  if (msg.incidentId && !incident) throw new UndeliverableMessage('INCIDENT_GONE');
  const summary = async (i: Incident) => summaryCard(school, i, await store.proposals.pending(i.id));
  switch (msg.kind) {
    case MESSAGE_KINDS.channelCard:
      return { target: 'channel', incident: incident!, card: await summary(incident!), text: `${incident!.reference}: new safeguarding concern` };
    case MESSAGE_KINDS.directCard:
    case MESSAGE_KINDS.page:
      return { target: 'person', email: personOf(msg), card: await summary(incident!), text: `${incident!.reference}: ${incident!.urgent ? 'URGENT ' : ''}safeguarding concern`, keep: true };
    case MESSAGE_KINDS.refresh:
      return { target: 'refresh', incident: incident!, card: await summary(incident!), text: `${incident!.reference}: updated` };
    case MESSAGE_KINDS.reporterClosed:
      return { target: 'person', email: personOf(msg), card: reporterClosedCard(incident!), text: `Report ${incident!.reference} is closed`, keep: false };
    case MESSAGE_KINDS.reporterFallback:
      return { target: 'person', email: personOf(msg), card: reporterFallbackCard(school, incident!, String(msg.payload.reason ?? '')), text: `About your report ${incident!.reference}`, keep: false };
    case MESSAGE_KINDS.reporterDelivered:
      return { target: 'person', email: personOf(msg), card: reporterDeliveredCard(incident!), text: `Your report ${incident!.reference} has been delivered`, keep: false };
    case MESSAGE_KINDS.reporterAsk: {
      const request = await store.infoRequests.get(String(msg.payload.requestId));
      if (!request) throw new UndeliverableMessage('REQUEST_GONE');
      return { target: 'person', email: personOf(msg), card: askReporterCard(school, incident!, request), text: `A question about your report ${incident!.reference}`, keep: false };
    }
    // Issue #7: rendered from the payload (references and times), so a purged draft still gets its alert.
    case MESSAGE_KINDS.dslFileReceived:
      return { target: 'person', email: personOf(msg), card: fileReceivedCard(school, msg.payload, await nameOf(deps, msg.payload.senderEmail)), text: 'A file was sent to the Safeguard bot', keep: false };
    case MESSAGE_KINDS.dslUrgentDraft:
      return { target: 'person', email: personOf(msg), card: urgentDraftAlertCard(school, msg.payload, await nameOf(deps, msg.payload.reporterEmail)), text: 'URGENT: a report was started but not sent', keep: false };
    case MESSAGE_KINDS.reporterUrgentDraft:
      return { target: 'person', email: personOf(msg), card: urgentDraftReminderCard(school, msg.payload), text: 'You started an urgent report and did not send it', keep: false };
    // Issue #8: on Slack, a message its turn could not show (the Teams sender delivers its own late replies itself).
    case MESSAGE_KINDS.replyLate:
      return { target: 'person', email: personOf(msg), card: lateNoticeCard(msg), text: 'A message from Safeguard', keep: false };
    default: {
      // Duties and filtering requests (issue #4).
      const card = await renderDutyMessage(deps, msg).catch(() => {
        throw new UndeliverableMessage('RECORD_GONE');
      });
      if (!card) throw new UndeliverableMessage('UNKNOWN_KIND');
      return { target: 'person', email: personOf(msg), card, text: DUTY_TEXT[msg.kind] ?? 'A message from Safeguard', keep: false };
    }
  }
}

export type LateReplyOp = 'send' | 'update';

/** What a person is told when their turn could not show its answer in time (Slack: the modal did not open). */
function lateNoticeCard(msg: OutboxMessage): AdaptiveCard {
  if (msg.payload.notice !== 'form_not_opened') throw new UndeliverableMessage('BAD_LATE_REPLY');
  return renderNotice({ title: 'The report form did not open', text: 'Slack did not answer in time, so the form could not open. Nothing was lost: please type /report again. If a child is in immediate danger, call 999 and tell the DSL in person now.', style: 'attention' });
}

/**
 * A reply that missed its turn's deadline (issue #8): the activities as the turn meant to send them,
 * to the conversation they name. Throws UndeliverableMessage when the row cannot be read.
 */
export function readLateReply(msg: OutboxMessage): { op: LateReplyOp; activities: Record<string, unknown>[] } {
  const { op, activities } = msg.payload as { op?: unknown; activities?: unknown };
  if (msg.kind !== MESSAGE_KINDS.replyLate || (op !== 'send' && op !== 'update') || !Array.isArray(activities) || !activities.length) throw new UndeliverableMessage('BAD_LATE_REPLY');
  const ok = activities.every((a) => {
    const x = a as { conversation?: { id?: unknown }; serviceUrl?: unknown } | null;
    return typeof x?.conversation?.id === 'string' && typeof x.serviceUrl === 'string';
  });
  if (!ok) throw new UndeliverableMessage('BAD_LATE_REPLY');
  return { op, activities: activities as Record<string, unknown>[] };
}

/** The name a platform gave someone not in the school file (the school file's name wins). */
async function nameOf(deps: CoreDeps, email: unknown): Promise<string | null> {
  if (typeof email !== 'string' || !email) return null;
  for (const platform of ['teams', 'slack'] as const) {
    const name = (await deps.store.identities.findByEmail(platform, email))?.name;
    if (name) return name;
  }
  return null;
}

function personOf(msg: OutboxMessage): string {
  if (msg.recipient.type !== 'person') throw new UndeliverableMessage('BAD_RECIPIENT');
  return msg.recipient.email;
}
