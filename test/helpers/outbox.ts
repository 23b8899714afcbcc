import { randomUUID } from 'node:crypto';
import type { AdaptiveCard } from '../../src/cards';
import type { CoreDeps } from '../../src/core/deps';
import type { OutboxMessage } from '../../src/core/model';
import { MESSAGE_KINDS, type MessageKind } from '../../src/core/notify/kinds';
import { localDate } from '../../src/core/duties/dates';
import { requestUnblock } from '../../src/core/duties/filtering';
import { syncReminders } from '../../src/core/duties/sweep';
import { renderOutboxMessage } from '../../src/views/outbox';

/** An outbox row as its recipient sees it: the card and its notification text (a replayed Teams reply has neither). */
export async function rendered(deps: CoreDeps, msg: OutboxMessage): Promise<{ card: AdaptiveCard; text: string }> {
  const r = await renderOutboxMessage(deps, msg);
  if (r.target === 'replay') throw new Error('a replayed late reply has no card of its own');
  return r;
}

/** What a test row of one kind holds: who it is for, the incident it is about, its payload. */
export type KindFixture = Pick<OutboxMessage, 'recipient' | 'incidentId' | 'payload'>;

/**
 * One valid row of every outbox kind, with the records it names created through the real flows
 * (an incident, a question to the reporter, a duty reminder, an unblock request). Typed by kind, so
 * a kind added to the vocabulary without a fixture here does not compile.
 */
export async function kindFixtures(
  deps: CoreDeps,
  o: { incidentId: string; to: string; reporter: string; platform: 'teams' | 'slack'; lateActivity?: Record<string, unknown> },
): Promise<{ [K in MessageKind]: KindFixture }> {
  const now = deps.clock.now();
  const person = { type: 'person' as const, email: o.to };
  // A channel card is posted once per incident on each platform: this one is about an incident not posted yet.
  const { id: _id, reference: _ref, version: _v, ...copy } = (await deps.store.incidents.get(o.incidentId))!;
  const unposted = await deps.store.incidents.create(copy, 'KF', now.getUTCFullYear());
  const request = await deps.store.infoRequests.add({ incidentId: o.incidentId, askedBy: o.to, question: 'Which classroom was it?', askedAt: now, answer: null, answeredAt: null });
  await syncReminders(deps, now);
  const reminder = (await deps.store.reminders.list())[0];
  if (!reminder) throw new Error('the school file gives nobody a duty: no reminder to render');
  const today = localDate(now, deps.school.timezone);
  const task = await deps.store.tasks.add({ incidentId: o.incidentId, title: 'Phone mum', ownerEmail: o.to, dueAt: now, createdBy: o.to, createdAt: now });
  const pattern = await deps.store.patternAlerts.add({ rule: 'repeated_concerns', subject: 'MIS-KF', incidentId: o.incidentId, incidentIds: [o.incidentId], count: 3, windowDays: 42, baselineCount: null, baselineDays: null, raisedAt: now });
  if (!pattern) throw new Error('the pattern alert was not recorded');
  const unblock = await requestUnblock(deps, deps.school.person(o.reporter), { url: 'https://example.org/lesson', reason: 'A lesson resource', fromDate: today, untilDate: today });
  if (!unblock.request) throw new Error(`the unblock request was refused: ${unblock.message}`);
  const requestRef = { requestId: unblock.request.id };
  const draft = { draftId: randomUUID(), code: 'AB12', platform: o.platform, reporterEmail: o.reporter, startedAt: now.getTime() - 3600_000, lastTouchedAt: now.getTime() - 1800_000 };
  const about = (payload: Record<string, unknown> = {}): KindFixture => ({ recipient: person, incidentId: o.incidentId, payload });
  const note = (payload: Record<string, unknown>): KindFixture => ({ recipient: person, incidentId: null, payload });
  const late = o.platform === 'teams' ? { platform: 'teams', op: 'send', activities: [o.lateActivity] } : { platform: 'slack', notice: 'form_not_opened' };
  return {
    [MESSAGE_KINDS.channelCard]: { recipient: { type: 'dsl_channel' }, incidentId: unposted.id, payload: {} },
    [MESSAGE_KINDS.directCard]: about(),
    [MESSAGE_KINDS.page]: about({ level: 1 }),
    [MESSAGE_KINDS.refresh]: { recipient: { type: 'posted_cards' }, incidentId: o.incidentId, payload: { version: 1 } },
    [MESSAGE_KINDS.reporterClosed]: about(),
    [MESSAGE_KINDS.reporterAsk]: about({ requestId: request.id }),
    [MESSAGE_KINDS.reporterFallback]: about({ reason: 'recipient_unreachable', route: 'dsl_team' }),
    [MESSAGE_KINDS.reporterDelivered]: about({ route: 'dsl_team' }),
    [MESSAGE_KINDS.replyLate]: note(late),
    [MESSAGE_KINDS.dutyReminder]: note({ reminderId: reminder.id, dueDate: reminder.dueDate, offset: 0 }),
    [MESSAGE_KINDS.dutyEscalation]: note({ day: today }),
    [MESSAGE_KINDS.dutyDigest]: note({ scope: 'owned' }),
    [MESSAGE_KINDS.filterRequest]: note(requestRef),
    [MESSAGE_KINDS.filterDecision]: note(requestRef),
    [MESSAGE_KINDS.filterChange]: note(requestRef),
    [MESSAGE_KINDS.filterReblock]: note(requestRef),
    [MESSAGE_KINDS.dslFileReceived]: note({ platform: o.platform, place: 'personal', senderEmail: o.reporter, senderName: null, receivedAt: now.getTime() }),
    [MESSAGE_KINDS.dslUrgentDraft]: note(draft),
    [MESSAGE_KINDS.reporterUrgentDraft]: note({ ...draft, pinPlatform: o.platform }),
    [MESSAGE_KINDS.patternAlert]: { recipient: { type: 'dsl_channel' }, incidentId: o.incidentId, payload: { alertId: pattern.id } },
    [MESSAGE_KINDS.taskAssigned]: about({ taskId: task.id }),
    [MESSAGE_KINDS.taskDue]: about({ taskId: task.id }),
    [MESSAGE_KINDS.taskOverdue]: about({ taskId: task.id }),
    [MESSAGE_KINDS.incidentStale]: about({ since: now.getTime() - 15 * 86_400_000 }),
  };
}
