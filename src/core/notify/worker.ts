/**
 * The outbox worker: claims due rows (a lease, so two instances never send the same row at once),
 * hands each to the platform sender, and records the result by its reason (./delivery.ts): a
 * retry-after waits as told, a retryable failure backs off with jitter (and alerts when it is our
 * bug), a final one marks the recipient unreachable and takes the fallback route. Recipients are
 * served concurrently (a bound), each one's messages in order, urgent pages first: one slow or
 * hanging recipient must never delay a page to somebody else.
 */
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../model';
import { fallbackFor } from '../routing/fallback';
import { enqueue, MESSAGE_KINDS } from './enqueue';
import { faultPoint } from '../faults';
import { followUpReporter } from './reporter-follow-up';
import { renderingBug, type DeliveryResult } from './delivery';

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
   */
  async runOnce(): Promise<number> {
    const { store, clock } = this.deps;
    const rows = await store.outbox.claimDue(clock.now(), this.opts.owner, this.leaseMs, this.batch);
    if (rows.length) faultPoint('outbox_claimed');
    const groups = new Map<string, OutboxMessage[]>();
    for (const row of rows) {
      const key = conversationKey(row);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const urgent = (g: OutboxMessage[]) => (g.some((r) => r.kind === MESSAGE_KINDS.page) ? 0 : 1);
    const queue = [...groups.values()].sort((a, b) => urgent(a) - urgent(b));
    const deliverGroup = async (group: OutboxMessage[]) => {
      for (let i = 0; i < group.length; i++) {
        const retryAt = await this.deliverOne(group[i]);
        if (!retryAt) continue;
        for (const later of group.slice(i + 1)) await store.outbox.postpone(later.id, this.opts.owner, retryAt);
        return;
      }
    };
    await eachBounded(queue, Math.max(1, this.opts.concurrency ?? 4), deliverGroup);
    return rows.length;
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

/** Runs `fn` over `items`, at most `limit` at a time; every item runs, then the first failure (if any) is thrown. */
async function eachBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length) throw errors[0];
}
