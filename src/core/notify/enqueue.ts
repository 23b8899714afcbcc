/**
 * Helpers that enqueue outbox messages inside a transaction. The kinds and their payloads are
 * declared in ./kinds.ts; the sender renders the message from the database when it sends.
 */
import type { Incident, Recipient } from '../model';
import type { Repositories } from '../ports';
import { MESSAGE_KINDS, type MessageKind } from './kinds';

export { MESSAGE_KINDS, type MessageKind } from './kinds';

/** Enqueues one message; the dedupe key makes a repeated event enqueue nothing. */
export async function enqueue(
  tx: Repositories,
  now: Date,
  kind: MessageKind,
  recipient: Recipient,
  dedupeKey: string,
  incident: Pick<Incident, 'id'> | null,
  payload: Record<string, unknown> = {},
): Promise<boolean> {
  return tx.outbox.enqueue(
    { dedupeKey, kind, recipient, incidentId: incident?.id ?? null, payload, nextAttemptAt: now },
    now,
  );
}

/** Asks the sender to update every card already posted for this incident (a new row per change). */
export async function enqueueRefresh(tx: Repositories, now: Date, incident: Incident): Promise<void> {
  await enqueue(tx, now, MESSAGE_KINDS.refresh, { type: 'posted_cards' }, `refresh:${incident.id}:${incident.version}`, incident, {
    version: incident.version,
  });
}

/** One message of a bulk enqueue. */
export interface Enqueued {
  kind: MessageKind;
  recipient: Recipient;
  dedupeKey: string;
  incident: Pick<Incident, 'id'> | null;
  payload?: Record<string, unknown>;
}

/** Enqueues many messages with one statement (a sweep's chunk); dedupe keys decide as for enqueue(). Returns the keys inserted. */
export async function enqueueMany(tx: Repositories, now: Date, msgs: Enqueued[]): Promise<Set<string>> {
  if (msgs.length === 0) return new Set();
  return tx.outbox.enqueueMany(
    msgs.map((m) => ({ dedupeKey: m.dedupeKey, kind: m.kind, recipient: m.recipient, incidentId: m.incident?.id ?? null, payload: m.payload ?? {}, nextAttemptAt: now })),
    now,
  );
}
