/**
 * The outbox worker: claims due rows (a lease, so two instances never send the same row at once),
 * hands each to the platform sender, and records the result. Retries honour Retry-After, back off
 * with jitter otherwise, and stop at a final refusal — which marks the recipient unreachable and
 * takes the fallback route.
 */
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../model';
import { fallbackFor } from '../routing/fallback';
import { enqueue } from './enqueue';

export type DeliveryResult =
  | { ok: true; posted?: { platform: 'teams' | 'slack'; conversationId: string; activityId: string; recipientKey: string }[] }
  /** final: the platform refused for good (403 app not installed, blocked…); else retry, after retryAfterMs when the platform said. */
  | { ok: false; final: boolean; code: string; retryAfterMs?: number };

/** A platform's way of delivering one outbox message (it renders the message from the database). */
export interface Sender {
  deliver(msg: OutboxMessage): Promise<DeliveryResult>;
}

export interface WorkerOptions {
  owner: string;
  leaseMs?: number;
  batch?: number;
  maxAttempts?: number;
  /** For tests: a deterministic jitter source in [0, 1). */
  random?: () => number;
  /** Logs codes and ids only. */
  log?: (fields: Record<string, unknown>, msg: string) => void;
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

  /** Delivers what is due now; returns how many rows it handled. */
  async runOnce(): Promise<number> {
    const { store, clock } = this.deps;
    const rows = await store.outbox.claimDue(clock.now(), this.opts.owner, this.leaseMs, this.batch);
    for (const row of rows) await this.deliverOne(row);
    return rows.length;
  }

  private async deliverOne(row: OutboxMessage): Promise<void> {
    const { store, clock } = this.deps;
    const owner = this.opts.owner;
    let result: DeliveryResult;
    try {
      result = await this.sender.deliver(row);
    } catch (err) {
      result = { ok: false, final: false, code: errorCode(err) };
    }
    const now = clock.now();
    if (result.ok) {
      const posted = result.posted ?? [];
      await store.transaction(async (tx) => {
        for (const p of posted) {
          if (row.incidentId) await tx.posted.add({ incidentId: row.incidentId, platform: p.platform, recipientKey: p.recipientKey, kind: row.kind, conversationId: p.conversationId, activityId: p.activityId });
        }
        await tx.outbox.markSent(row.id, owner, now);
      });
      this.opts.log?.({ outboxId: row.id, kind: row.kind }, 'delivered');
      return;
    }
    if (result.final) {
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
          }
        }
      });
      this.opts.log?.({ outboxId: row.id, kind: row.kind, code: result.code }, 'recipient unreachable; fallback taken');
      return;
    }
    // `attempts` counts claims, this one included (a worker that died mid-send used one up too).
    if (row.attempts >= this.maxAttempts) {
      await store.outbox.markFinal(row.id, owner, 'failed', result.code);
      this.opts.log?.({ outboxId: row.id, kind: row.kind, code: result.code }, 'delivery failed after retries');
      return;
    }
    const wait = result.retryAfterMs ?? backoffMs(row.attempts - 1, this.random);
    await store.outbox.markRetry(row.id, owner, new Date(now.getTime() + wait), result.code);
    this.opts.log?.({ outboxId: row.id, kind: row.kind, code: result.code, retryInMs: wait }, 'delivery will be retried');
  }
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'string') return e.code.slice(0, 60);
  if (typeof e?.statusCode === 'number') return `HTTP_${e.statusCode}`;
  return 'SEND_ERROR';
}
