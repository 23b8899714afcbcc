/**
 * The outbox worker: claims due rows (a lease, so two instances never send the same row at once),
 * hands each to the platform sender, and records the result by its reason (./delivery.ts): a
 * retry-after waits as told, a retryable failure backs off with jitter (and alerts when it is our
 * bug), a final one marks the recipient unreachable and takes the fallback route. Recipients are
 * served concurrently (a bound), each one's messages in order, urgent pages first: one slow or
 * hanging recipient must never delay a page to somebody else. The senders pace their requests to
 * the platforms' limits (./rate.ts); a message the pacing defers goes back unattempted.
 */
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../model';
import { fallbackFor } from '../routing/fallback';
import { enqueue, MESSAGE_KINDS } from './enqueue';
import { faultPoint } from '../faults';
import { followUpReporter } from './reporter-follow-up';
import { renderingBug, type DeliveryResult } from './delivery';
import { RATE_DEFERRED } from './rate';

export type { DeliveryResult } from './delivery';

/** A platform's way of delivering one outbox message (it renders the message from the database). */
export interface Sender {
  deliver(msg: OutboxMessage): Promise<DeliveryResult>;
}

export interface WorkerOptions {
  owner: string;
  leaseMs?: number;
  batch?: number;
  maxAttempts?: number;
  /** How many recipients are delivered to at once (default 4). */
  concurrency?: number;
  /** For tests: a deterministic jitter source in [0, 1). */
  random?: () => number;
  /** Logs codes and ids only. */
  log?: (fields: Record<string, unknown>, msg: string) => void;
  /** Our own bug (a message that cannot be rendered or is rejected as malformed): a person must look. Codes and ids only. */
  alert?: (fields: Record<string, unknown>, msg: string) => void;
}

/** Backoff for transient failures: exponential from 2 s, capped at 10 min, with full jitter. */
export function backoffMs(attempt: number, random: () => number): number {
  const cap = Math.min(600_000, 2000 * 2 ** Math.min(attempt, 12));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export class OutboxWorker {
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;

  constructor(
    private readonly deps: CoreDeps,
    private readonly sender: Sender,
    private readonly opts: WorkerOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.batch = opts.batch ?? 20;
    this.maxAttempts = opts.maxAttempts ?? 12;
    this.random = opts.random ?? Math.random;
  }

  /**
   * Delivers what is due now; returns how many rows it handled. Rows are grouped by conversation
   * (a person, the DSL channel, an incident's posted cards); groups run side by side, at most
   * `concurrency` at once, those holding an urgent page first; within a group one at a time, in
   * order, and when one must wait for a retry the rest of its group waits with it (unattempted).
   * A lane that runs out of groups claims the next batch while the others are still sending (a
   * row for a conversation already being served joins the end of its group), so a long wave
   * flows at the senders' pace instead of stopping at each batch. Rows not started within half
   * the lease go back unattempted, so a paced group never outlives its lease.
   */
  async runOnce(): Promise<number> {
    const { store, clock } = this.deps;
    const owner = this.opts.owner;
    const groups = new Map<string, Group>();
    const queue: Group[] = [];
    let handled = 0;
    let more = true;
    let claiming: Promise<void> | null = null;
    const claim = async () => {
      const claimedAt = clock.now().getTime();
      const rows = await store.outbox.claimDue(clock.now(), owner, this.leaseMs, this.batch);
      if (!rows.length) {
        more = false;
        return;
      }
      faultPoint('outbox_claimed');
      handled += rows.length;
      for (const row of rows) {
        const key = conversationKey(row);
        let g = groups.get(key);
        // A group that finished cleanly has sent everything before these rows; one that stopped for a retry keeps them waiting with it.
        if (!g || (g.done && !g.retryAt)) {
          g = { rows: [], next: 0, done: false, retryAt: null, urgent: false };
          groups.set(key, g);
          queue.push(g);
        }
        g.rows.push({ row, claimedAt });
        g.urgent ||= row.kind === MESSAGE_KINDS.page;
        if (g.done) {
          g.done = false;
          queue.push(g);
        }
      }
      queue.sort((a, b) => Number(b.urgent) - Number(a.urgent));
    };
    const deliverGroup = async (g: Group) => {
      while (g.next < g.rows.length) {
        const { row, claimedAt } = g.rows[g.next++];
        if (!g.retryAt && clock.now().getTime() - claimedAt > this.leaseMs / 2) {
          g.retryAt = clock.now();
          more = false; // they are due again at once: not claimed again by this run
        }
        if (g.retryAt) await store.outbox.postpone(row.id, owner, g.retryAt);
        else g.retryAt = await this.deliverOne(row);
      }
      g.done = true;
    };
    const nextGroup = async (): Promise<Group | null> => {
      while (!queue.length && more) {
        claiming ??= claim().finally(() => (claiming = null));
        await claiming;
      }
      return queue.shift() ?? null;
    };
    await inLanes(Math.max(1, this.opts.concurrency ?? 4), nextGroup, deliverGroup);
    return handled;
  }

  /** Delivers one row and records the result; returns when it will be retried, if it will. */
  private async deliverOne(row: OutboxMessage): Promise<Date | null> {
    const { store, clock } = this.deps;
    const owner = this.opts.owner;
    let result: DeliveryResult;
    try {
      result = await this.sender.deliver(row);
    } catch (err) {
      // A sender answers every platform error itself: an exception escaping it is a bug.
      result = renderingBug(errorCode(err));
    }
    const now = clock.now();
    if (result.ok) {
      faultPoint('ledger_updated');
      const posted = result.posted ?? [];
      await store.transaction(async (tx) => {
        for (const p of posted) {
          if (row.incidentId) await tx.posted.add({ incidentId: row.incidentId, platform: p.platform, recipientKey: p.recipientKey, kind: row.kind, conversationId: p.conversationId, activityId: p.activityId });
        }
        if (await tx.outbox.markSent(row.id, owner, now)) await followUpReporter(tx, this.deps.school, row, 'sent', now);
      });
      this.opts.log?.({ outboxId: row.id, kind: row.kind }, 'delivered');
      return null;
    }
    if (result.reason === 'final') {
      await store.transaction(async (tx) => {
        if (!(await tx.outbox.markFinal(row.id, owner, 'unreachable', result.code))) return;
        if (row.recipient.type === 'person') {
          for (const platform of ['teams', 'slack'] as const) await tx.identities.markUnreachable(platform, row.recipient.email, result.code, now);
        }
        if (row.incidentId) {
          const incident = await tx.incidents.get(row.incidentId);
          if (incident) {
            await tx.events.add({ incidentId: incident.id, at: now, actorEmail: null, type: 'recipient_unreachable', data: { kind: row.kind, code: result.code } });
            for (const f of fallbackFor(this.deps.school, row, incident)) await enqueue(tx, now, f.kind, f.recipient, f.dedupeKey, incident, f.payload);
            await followUpReporter(tx, this.deps.school, row, 'unreachable', now);
          }
        }
      });
      this.opts.log?.({ outboxId: row.id, kind: row.kind, code: result.code }, 'recipient unreachable; fallback taken');
      return null;
    }
    if (result.reason === 'retry_after' && result.code === RATE_DEFERRED) {
      // Our own pacing, not the platform's answer: nothing was sent, so no attempt is used up.
      const retryAt = new Date(now.getTime() + result.retryAfterMs);
      await store.outbox.postpone(row.id, owner, retryAt);
      this.opts.log?.({ outboxId: row.id, kind: row.kind, retryInMs: result.retryAfterMs }, 'delivery paced; deferred');
      return retryAt;
    }
    if (result.reason === 'retryable' && result.alert) this.opts.alert?.({ outboxId: row.id, kind: row.kind, code: result.code, attempt: row.attempts }, 'message could not be delivered as rendered; retrying');
    // `attempts` counts claims, this one included (a worker that died mid-send used one up too).
    if (row.attempts >= this.maxAttempts) {
      await store.transaction(async (tx) => {
        if (await tx.outbox.markFinal(row.id, owner, 'failed', result.code)) await followUpReporter(tx, this.deps.school, row, 'failed', now);
      });
      this.opts.log?.({ outboxId: row.id, kind: row.kind, code: result.code }, 'delivery failed after retries');
      return null;
    }
    const wait = result.reason === 'retry_after' ? result.retryAfterMs : backoffMs(row.attempts - 1, this.random);
    const retryAt = new Date(now.getTime() + wait);
    await store.outbox.markRetry(row.id, owner, retryAt, result.code);
    this.opts.log?.({ outboxId: row.id, kind: row.kind, code: result.code, retryInMs: wait }, 'delivery will be retried');
    return retryAt;
  }
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'string') return e.code.slice(0, 60);
  if (typeof e?.statusCode === 'number') return `HTTP_${e.statusCode}`;
  return 'SEND_ERROR';
}

/** The conversation a row lands in: its messages must arrive in order. */
function conversationKey(row: OutboxMessage): string {
  const r = row.recipient;
  if (r.type === 'person') return `person:${r.email.toLowerCase()}`;
  if (r.type === 'dsl_channel') return 'dsl_channel';
  return `posted_cards:${row.incidentId ?? row.id}`;
}

/** A conversation's rows in one run, delivered in order; `retryAt` once one must wait (the rest wait with it). */
interface Group {
  rows: Array<{ row: OutboxMessage; claimedAt: number }>;
  next: number;
  done: boolean;
  retryAt: Date | null;
  urgent: boolean;
}

/** Runs `fn` on what `next` gives, in `limit` lanes, until it gives nothing; every item runs, then the first failure (if any) is thrown. */
async function inLanes<T>(limit: number, next: () => Promise<T | null>, fn: (item: T) => Promise<void>): Promise<void> {
  const errors: unknown[] = [];
  const lane = async () => {
    for (let item = await next(); item !== null; item = await next()) {
      try {
        await fn(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  if (errors.length) throw errors[0];
}
