/**
 * A reply within a person's own turn answers within Teams' budget even when the connector hangs
 * (a turn must finish in 10–15 s or Teams retries it). Each turn runs with a reply
 * deadline (TEAMS_REPLY_DEADLINE_MS) held in AsyncLocalStorage; a reply (sendActivity /
 * updateActivity) that misses it is not lost: it becomes a durable `reply.late` outbox row, the
 * turn answers, and the outbox delivers the reply to the same conversation later. Once one reply
 * of a turn is late, the rest follow it through the outbox, so they arrive in order.
 *
 * Exactly once: the row is due only after the abandoned in-turn call has given up
 * (`settleMs`). Should that call succeed after all, it claims the row's marker in inbound_events
 * first and the worker's first attempt, finding the marker taken, sends nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ActivityTypes, TurnContext, type Activity, type ChannelAccount, type CloudAdapter, type ConversationParameters, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { CoreDeps } from '../../core/deps';
import type { OutboxMessage } from '../../core/model';
import { MESSAGE_KINDS } from '../../core/notify/enqueue';
import { DeliveryError, renderingBug, type DeliveryResult } from '../../core/notify/delivery';
import type { Logger } from '../../log';

interface TurnDeadline {
  /** Epoch ms after which replies of this turn go through the outbox. */
  at: number;
  late: boolean;
  seq: number;
  turnKey: string;
}

const turns = new AsyncLocalStorage<TurnDeadline>();

export interface TurnDeadlineOptions {
  deadlineMs: number;
  /** How long the abandoned in-turn call may still run (it is bounded by OUTBOUND_TIMEOUT_MS, retries included). */
  settleMs: number;
  log: Logger;
}

/** Wraps a turn's logic so its replies answer by the deadline; late ones go to the outbox. */
export function withReplyDeadline(deps: CoreDeps, opts: TurnDeadlineOptions, logic: (context: TurnContext) => Promise<void>): (context: TurnContext) => Promise<void> {
  return (context) => {
    const turn: TurnDeadline = { at: Date.now() + opts.deadlineMs, late: false, seq: 0, turnKey: context.activity.id || randomUUID() };
    return turns.run(turn, () => {
      guardReplies(deps, opts, context);
      return logic(context);
    });
  };
}

/** Installs the deadline on a context of the current turn (also a 1:1 chat opened during it). */
export function guardReplies(deps: CoreDeps, opts: TurnDeadlineOptions, context: TurnContext): void {
  context.onSendActivities(async (ctx, activities, next) => {
    const turn = turns.getStore();
    // Invoke answers and traces never leave the process: they are the HTTP answer itself.
    if (!turn || activities.every((a) => a.type === ActivityTypes.InvokeResponse || a.type === ActivityTypes.Trace)) return next();
    return (await beforeDeadline(deps, opts, ctx, turn, 'send', activities, next)) as ResourceResponse[];
  });
  context.onUpdateActivity(async (ctx, activity, next) => {
    const turn = turns.getStore();
    if (!turn) return next();
    await beforeDeadline(deps, opts, ctx, turn, 'update', [activity], next);
  });
}

async function beforeDeadline<T>(deps: CoreDeps, opts: TurnDeadlineOptions, ctx: TurnContext, turn: TurnDeadline, op: LateReplyOp, activities: Partial<Activity>[], next: () => Promise<T>): Promise<T | ResourceResponse[]> {
  if (turn.late) return late(deps, opts, ctx, turn, op, activities, null);
  const sending = next();
  let timer: NodeJS.Timeout | undefined;
  const missed = new Promise<'missed'>((resolve) => {
    timer = setTimeout(() => resolve('missed'), Math.max(0, turn.at - Date.now()));
  });
  try {
    const first = await Promise.race([sending, missed]);
    if (first !== 'missed') return first;
  } finally {
    clearTimeout(timer);
  }
  turn.late = true;
  return late(deps, opts, ctx, turn, op, activities, sending);
}

/** Writes the reply to the outbox; if the abandoned call succeeds after all, it claims the row first. */
async function late(deps: CoreDeps, opts: TurnDeadlineOptions, ctx: TurnContext, turn: TurnDeadline, op: LateReplyOp, activities: Partial<Activity>[], sending: Promise<unknown> | null): Promise<ResourceResponse[]> {
  turn.seq += 1;
  const dedupeKey = `reply:${turn.turnKey}:${turn.seq}`;
  const now = deps.clock.now();
  const from = ctx.activity.from?.id ?? '';
  const email = (await deps.store.identities.findByPlatformId('teams', from))?.email ?? `teams-user:${from}`;
  await deps.store.transaction(async (tx) => {
    await tx.outbox.enqueue(
      // The reply as it would have been sent (the person's own conversation; never logged).
      { dedupeKey, kind: MESSAGE_KINDS.replyLate, recipient: { type: 'person', email }, incidentId: null, payload: { platform: 'teams', op, activities: activities.map(plain) }, nextAttemptAt: new Date(now.getTime() + opts.settleMs) },
      now,
    );
  });
  opts.log.warn({ code: 'TEAMS_REPLY_LATE', op }, 'a reply missed the turn deadline: it will be delivered through the outbox');
  sending?.then(
    () => deps.store.inbound.firstSeen('teams', lateMarker(dedupeKey), deps.clock.now()),
    () => undefined, // it failed: the outbox row delivers it
  ).catch(() => undefined);
  return activities.map(() => ({ id: '' }));
}

/** What opening a person's 1:1 chat needs, kept in a `reply.late` row (op `open`) when the turn cannot wait for it. */
export interface LateOpen {
  serviceUrl: string;
  bot: ChannelAccount;
  member: ChannelAccount;
  tenantId: string | null;
  name: string | null;
  /** The chat's first messages (help, the file warning, or the report wizard's first card). */
  activities: Partial<Activity>[];
}

/** Returned by untilTurnDeadline when the turn's deadline came first. */
export const MISSED = Symbol('missed');

/** Waits for `work` until the current turn's deadline; past it the turn is late (its later replies go through the outbox). */
export async function untilTurnDeadline<T>(work: Promise<T>): Promise<T | typeof MISSED> {
  const turn = turns.getStore();
  if (!turn) return work;
  let timer: NodeJS.Timeout | undefined;
  const missed = new Promise<typeof MISSED>((resolve) => {
    timer = setTimeout(() => resolve(MISSED), Math.max(0, turn.at - Date.now()));
  });
  try {
    const first = await Promise.race([work, missed]);
    if (first === MISSED) turn.late = true;
    return first;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Writes a 1:1 chat its turn could not wait for (createConversationAsync hung) to the outbox: the
 * sender opens it and sends its first messages. The caller makes sure the abandoned call sends nothing.
 */
export async function openChatLater(deps: CoreDeps, opts: TurnDeadlineOptions, context: TurnContext, email: string, open: LateOpen): Promise<void> {
  const turn = turns.getStore();
  const dedupeKey = `reply:${turn?.turnKey ?? context.activity.id ?? randomUUID()}:open`;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.outbox.enqueue(
      { dedupeKey, kind: MESSAGE_KINDS.replyLate, recipient: { type: 'person', email }, incidentId: null, payload: { platform: 'teams', op: 'open', open: JSON.parse(JSON.stringify(open)) as Record<string, unknown> }, nextAttemptAt: now },
      now,
    );
  });
  opts.log.warn({ code: 'TEAMS_OPEN_LATE' }, 'opening a 1:1 chat missed the turn deadline: the outbox will open it');
}

/** Opens the 1:1 chat of a `reply.late` row with op `open`, keeps it for the person, and sends its first messages. */
async function deliverLateOpen(deps: CoreDeps, adapter: CloudAdapter, appId: string, msg: OutboxMessage): Promise<void> {
  const open = msg.payload.open as Partial<LateOpen> | undefined;
  if (msg.recipient.type !== 'person' || typeof open?.serviceUrl !== 'string' || typeof open.member?.id !== 'string' || !Array.isArray(open.activities) || !open.activities.length) throw badLateReply();
  const { email } = msg.recipient;
  const { serviceUrl, bot, member, activities } = open as LateOpen;
  const tenantId = open.tenantId ?? null;
  await adapter.createConversationAsync(
    appId,
    'msteams',
    serviceUrl,
    '',
    // botbuilder's type marks a full activity required; the connector needs none (the replies are sent after).
    { isGroup: false, bot, members: [member], tenantId: tenantId ?? undefined, channelData: { tenant: { id: tenantId } } } as ConversationParameters,
    async (ctx) => {
      // Keep the new 1:1 chat so notifications and the rest of the report go there.
      const ref = TurnContext.getConversationReference(ctx.activity) as Record<string, unknown>;
      await deps.store.identities.upsert({ platform: 'teams', platformUserId: member.id, email, name: open.name ?? null, tenantId, conversationRef: { ...ref, user: member } });
      for (const a of activities) await ctx.sendActivity(a);
    },
  );
}

type LateReplyOp = 'send' | 'update';

/** A late-reply row this version cannot read is our bug: retried and alerted, the person still reachable. */
function badLateReply(): DeliveryError {
  return new DeliveryError(renderingBug('BAD_LATE_REPLY'));
}

/** The activities a `reply.late` row holds, as the turn meant to send them, to the conversation they name. */
function readLateReply(msg: OutboxMessage): { op: LateReplyOp; activities: Record<string, unknown>[] } {
  const { op, activities } = msg.payload as { op?: unknown; activities?: unknown };
  if (msg.kind !== MESSAGE_KINDS.replyLate || (op !== 'send' && op !== 'update') || !Array.isArray(activities) || !activities.length) throw badLateReply();
  const ok = activities.every((a) => {
    const x = a as { conversation?: { id?: unknown }; serviceUrl?: unknown } | null;
    return typeof x?.conversation?.id === 'string' && typeof x.serviceUrl === 'string';
  });
  if (!ok) throw badLateReply();
  return { op, activities: activities as Record<string, unknown>[] };
}

function plain(a: Partial<Activity>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
}

function lateMarker(dedupeKey: string): string {
  return `late-reply:${dedupeKey}`;
}

/** Delivers a `reply.late` row to the conversation it was meant for (the Teams sender's hook). */
export async function deliverLateReply(deps: CoreDeps, adapter: CloudAdapter, appId: string, msg: OutboxMessage, classify: (err: unknown) => DeliveryResult): Promise<DeliveryResult> {
  try {
    if (msg.payload.op === 'open') {
      await deliverLateOpen(deps, adapter, appId, msg);
      return { ok: true };
    }
    const { op, activities } = readLateReply(msg);
    // First attempt: whoever takes the marker delivers; the abandoned in-turn call may have taken it.
    if (msg.attempts <= 1 && !(await deps.store.inbound.firstSeen('teams', lateMarker(msg.dedupeKey), deps.clock.now()))) return { ok: true };
    // An outgoing activity: from is the bot and recipient the person (getConversationReference reads an incoming one).
    const a0 = activities[0] as Partial<Activity>;
    const ref: Partial<ConversationReference> = { bot: a0.from, user: a0.recipient, conversation: a0.conversation, channelId: a0.channelId, serviceUrl: a0.serviceUrl, locale: a0.locale };
    await adapter.continueConversationAsync(appId, ref, async (ctx) => {
      for (const a of activities as Partial<Activity>[]) {
        if (op === 'update') await ctx.updateActivity(a);
        else await ctx.sendActivity({ ...a, id: undefined, replyToId: undefined });
      }
    });
    return { ok: true };
  } catch (err) {
    return classify(err);
  }
}
