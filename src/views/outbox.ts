/**
 * The one renderer of outbox messages, for every platform: kind + payload → where it goes, a
 * platform-neutral card (Teams sends it, Slack converts it to Block Kit) and a one-line
 * notification text (push and screen readers). Rendered from the database at send time, so a card
 * is always current. One entry per kind of src/core/notify/kinds.ts, checked both ways by the
 * compiler and by test/views/outbox.spec.ts. Whatever goes wrong here is our bug, not the
 * recipient's: it is retried and alerted, and the recipient stays reachable.
 */
import type { CoreDeps } from '../core/deps';
import type { Incident, OutboxMessage } from '../core/model';
import { isMessageKind, MESSAGE_KINDS, readPayload, type MessageKind, type PayloadOf } from '../core/notify/kinds';
import { DeliveryError, renderingBug } from '../core/notify/delivery';
import { localDate } from '../core/duties/dates';
import { renderNotice, type AdaptiveCard } from '../cards';
import { askReporterCard, reporterClosedCard, reporterDeliveredCard, reporterFallbackCard, summaryCard } from './incident';
import { digestCard, escalationCard, escalationDigestCard, filterCard, reminderCard, type FilterView } from './duties';
import { fileReceivedCard, urgentDraftAlertCard, urgentDraftReminderCard } from './alerts';
import { patternAlertCard } from './patterns';
import { staleCard, taskCard, type TaskMessage } from './tasks';

export type RenderedMessage =
  /** A new card in the DSL team channel; `keep` records it (the incident's card, updated in place later), a one-off notice is not. */
  | { target: 'channel'; incident: Incident; card: AdaptiveCard; text: string; keep: boolean }
  /** A direct message; `keep` records it (a card about an incident, updated in place later). */
  | { target: 'person'; email: string; card: AdaptiveCard; text: string; keep: boolean }
  /** Update every card already posted for the incident to this one. */
  | { target: 'refresh'; incident: Incident; card: AdaptiveCard; text: string }
  /** A platform's own late reply (the activities its turn meant to send), replayed by that platform's sender as stored. */
  | { target: 'replay'; platform: 'teams' };

/** Where a rendered message goes: each platform sender has one way to deliver each. */
export type Target = RenderedMessage['target'];

type Renderer<K extends MessageKind> = (deps: CoreDeps, msg: OutboxMessage, payload: PayloadOf<K>) => Promise<RenderedMessage>;

/** Ends the render with a rendering bug: the code is logged and alerted, the row retried. */
function bug(code: string): never {
  throw new DeliveryError(renderingBug(code));
}

async function incidentOf(deps: CoreDeps, msg: OutboxMessage): Promise<Incident> {
  const incident = msg.incidentId ? await deps.store.incidents.get(msg.incidentId) : null;
  return incident ?? bug('INCIDENT_GONE');
}

async function summary(deps: CoreDeps, incident: Incident): Promise<AdaptiveCard> {
  return summaryCard(deps.school, incident, await deps.store.proposals.pending(incident.id));
}

function personOf(msg: OutboxMessage): string {
  return msg.recipient.type === 'person' ? msg.recipient.email : bug('BAD_RECIPIENT');
}

/** A direct message that is not kept for later updates. */
function note(msg: OutboxMessage, card: AdaptiveCard, text: string): RenderedMessage {
  return { target: 'person', email: personOf(msg), card, text, keep: false };
}

/** A direct card about an incident, kept so a change to the incident updates it in place. */
const incidentCard: Renderer<MessageKind> = async (deps, msg) => {
  const incident = await incidentOf(deps, msg);
  return { target: 'person', email: personOf(msg), card: await summary(deps, incident), text: `${incident.reference}: ${incident.urgent ? 'URGENT ' : ''}safeguarding concern`, keep: true };
};

/** A duty or filtering message names its record by id; a vanished record is a bug (neither is ever deleted). */
function filterMessage(view: FilterView, text: string): Renderer<MessageKind> {
  return async (deps, msg, payload) => {
    const req = await deps.store.filterRequests.get(String((payload as { requestId: string }).requestId));
    if (!req) bug('REQUEST_GONE');
    return note(msg, filterCard(deps, req, view, deps.school.person(personOf(msg))), text);
  };
}

/** A task message names its task (never deleted); the card shows it as it stands now (done since, or not). */
function taskMessage(kind: TaskMessage, text: string): Renderer<MessageKind> {
  return async (deps, msg, payload) => {
    const task = (await deps.store.tasks.get(String((payload as { taskId: string }).taskId))) ?? bug('TASK_GONE');
    const incident = await incidentOf(deps, msg);
    return note(msg, taskCard(deps.school, task, incident, kind), text);
  };
}

async function reminderOf(deps: CoreDeps, reminderId: string) {
  return (await deps.store.reminders.get(reminderId)) ?? bug('REMINDER_GONE');
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

/** Every kind's renderer: a kind without one, or one without a kind, does not compile. */
export const RENDERERS: { [K in MessageKind]: Renderer<K> } = {
  [MESSAGE_KINDS.channelCard]: async (deps, msg) => {
    const incident = await incidentOf(deps, msg);
    return { target: 'channel', incident, card: await summary(deps, incident), text: `${incident.reference}: new safeguarding concern`, keep: true };
  },
  [MESSAGE_KINDS.directCard]: incidentCard,
  [MESSAGE_KINDS.page]: incidentCard,
  [MESSAGE_KINDS.refresh]: async (deps, msg) => {
    const incident = await incidentOf(deps, msg);
    return { target: 'refresh', incident, card: await summary(deps, incident), text: `${incident.reference}: updated` };
  },
  [MESSAGE_KINDS.reporterClosed]: async (deps, msg) => {
    const incident = await incidentOf(deps, msg);
    return note(msg, reporterClosedCard(incident), `Report ${incident.reference} is closed`);
  },
  [MESSAGE_KINDS.reporterFallback]: async (deps, msg, p) => {
    const incident = await incidentOf(deps, msg);
    return note(msg, reporterFallbackCard(deps.school, incident, p.reason ?? ''), `About your report ${incident.reference}`);
  },
  [MESSAGE_KINDS.reporterDelivered]: async (deps, msg) => {
    const incident = await incidentOf(deps, msg);
    return note(msg, reporterDeliveredCard(incident), `Your report ${incident.reference} has been delivered`);
  },
  [MESSAGE_KINDS.reporterAsk]: async (deps, msg, p) => {
    const incident = await incidentOf(deps, msg);
    const request = (await deps.store.infoRequests.get(p.requestId)) ?? bug('REQUEST_GONE');
    return note(msg, askReporterCard(deps.school, incident, request), `A question about your report ${incident.reference}`);
  },
  // Rendered from the payload (references and times), so a purged draft still gets its alert.
  [MESSAGE_KINDS.dslFileReceived]: async (deps, msg, p) => note(msg, fileReceivedCard(deps.school, p, await nameOf(deps, p.senderEmail)), 'A file was sent to the Safeguard bot'),
  [MESSAGE_KINDS.dslUrgentDraft]: async (deps, msg, p) => note(msg, urgentDraftAlertCard(deps.school, p, await nameOf(deps, p.reporterEmail)), 'URGENT: a report was started but not sent'),
  [MESSAGE_KINDS.reporterUrgentDraft]: async (deps, msg, p) => note(msg, urgentDraftReminderCard(deps.school, p), 'You started an urgent report and did not send it'),
  // Issue #11: not kept, so a change to the concern that tripped it never turns the alert into that concern's card.
  [MESSAGE_KINDS.patternAlert]: async (deps, msg, p) => {
    const alert = (await deps.store.patternAlerts.get(p.alertId)) ?? bug('ALERT_GONE');
    const card = await patternAlertCard(deps, alert);
    const text = 'A pattern of concerns for the safeguarding team';
    return msg.recipient.type === 'dsl_channel' ? { target: 'channel', incident: await incidentOf(deps, msg), card, text, keep: false } : note(msg, card, text);
  },
  // Teams keeps the late activities themselves; Slack's late reply is a notice (its modal did not open in time).
  [MESSAGE_KINDS.replyLate]: async (_deps, msg, p) =>
    p.platform === 'teams'
      ? { target: 'replay', platform: 'teams' }
      : note(
          msg,
          renderNotice({ title: 'The report form did not open', text: 'Slack did not answer in time, so the form could not open. Nothing was lost: please type /report again. If a child is in immediate danger, call 999 and tell the DSL in person now.', style: 'attention' }),
          'A message from Safeguard',
        ),
  [MESSAGE_KINDS.dutyReminder]: async (deps, msg, p) => note(msg, reminderCard(deps, await reminderOf(deps, p.reminderId), deps.school.person(personOf(msg))), 'A duty reminder'),
  [MESSAGE_KINDS.dutyEscalation]: async (deps, msg, p) => {
    const email = personOf(msg);
    // A reminder's own escalation, queued before escalations became a daily digest.
    const card = typeof p.day === 'string' ? await escalationDigestCard(deps, email, p.day) : escalationCard(deps, await reminderOf(deps, String(p.reminderId)));
    return note(msg, card, 'Long-overdue duties: a digest');
  },
  [MESSAGE_KINDS.dutyDigest]: async (deps, msg, p) =>
    note(msg, await digestCard(deps, personOf(msg), p.week ?? localDate(deps.clock.now(), deps.school.timezone), p.scope ?? 'owned'), 'Your weekly duties digest'),
  [MESSAGE_KINDS.filterRequest]: filterMessage('approver', 'A request to unblock a website'),
  [MESSAGE_KINDS.filterDecision]: filterMessage('requester', 'A decision on your unblock request'),
  [MESSAGE_KINDS.filterChange]: filterMessage('ict_change', 'Please unblock a website (approved)'),
  [MESSAGE_KINDS.filterReblock]: filterMessage('ict_reblock', 'Please block a website again'),
  [MESSAGE_KINDS.taskAssigned]: taskMessage('assigned', 'You have been given a task'),
  [MESSAGE_KINDS.taskDue]: taskMessage('due', 'A task is due'),
  [MESSAGE_KINDS.taskOverdue]: taskMessage('overdue', 'A task is overdue'),
  [MESSAGE_KINDS.incidentStale]: async (deps, msg, p) => {
    const incident = await incidentOf(deps, msg);
    return note(msg, staleCard(deps.school, incident, new Date(p.since)), `${incident.reference}: no activity for a while`);
  },
};

/** Renders one outbox row for delivery; throws a DeliveryError (a rendering bug: retried and alerted) when it cannot. */
export async function renderOutboxMessage(deps: CoreDeps, msg: OutboxMessage): Promise<RenderedMessage> {
  if (!isMessageKind(msg.kind)) bug('UNKNOWN_KIND');
  const kind: MessageKind = msg.kind;
  const payload = readPayload(kind, msg.payload) ?? bug('BAD_PAYLOAD');
  try {
    return await (RENDERERS[kind] as Renderer<MessageKind>)(deps, msg, payload);
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    // A view that throws on a record it cannot show: the code is enough to find it, the text may carry user input.
    throw new DeliveryError(renderingBug('RENDER_FAILED'));
  }
}
