/** The durable outbox: rows written with the change that caused them, delivered by leased workers. */
import { randomUUID } from 'node:crypto';
import type { OutboxMessage, Recipient } from '../../core/model';
import type { NewOutboxMessage, OutboxRepository } from '../../core/ports';
import { exec, insertIgnore, type Db } from '../db';
import { claimSkipLocked } from '../claims';
import { asValues, OutboxEntity, type OutboxRow } from '../entities';
import { withoutSeq } from './records';
import { MESSAGE_KINDS } from '../../core/notify/enqueue';
import { enqueueRows } from './outbox-bulk';

function toMessage(row: OutboxRow): OutboxMessage {
  const { recipientType, recipientEmail, ...rest } = withoutSeq(row);
  const recipient =
    recipientType === 'person' ? { type: 'person' as const, email: recipientEmail ?? '' } : ({ type: recipientType } as Recipient);
  return { ...rest, recipient };
}

function toRow(msg: NewOutboxMessage, now: Date): OutboxRow {
  return {
    id: randomUUID(),
    dedupeKey: msg.dedupeKey,
    incidentId: msg.incidentId,
    recipientType: msg.recipient.type,
    recipientEmail: msg.recipient.type === 'person' ? msg.recipient.email : null,
    kind: msg.kind,
    payload: msg.payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: msg.nextAttemptAt,
    leaseOwner: null,
    leaseUntil: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  };
}

// A lease is free when never taken or expired; the same test guards the claiming UPDATE.
const CLAIMABLE = `"status" = 'pending' AND "next_attempt_at" <= :now AND ("lease_until" IS NULL OR "lease_until" <= :now)`;
const URGENT_FIRST = `CASE WHEN "o"."kind" = '${MESSAGE_KINDS.page}' THEN 0 ELSE 1 END`;
const HELD = `"id" = :id AND "lease_owner" = :owner AND "status" = 'pending'`;
// The same order for PostgreSQL's one-statement claim, whose sub-select has no alias.
const CLAIM_ORDER = `CASE WHEN "kind" = '${MESSAGE_KINDS.page}' THEN 0 ELSE 1 END, "next_attempt_at", "seq"`;
// Finished rows (never a pending one) older than the cut-off: what pruneFinished may delete.
const PRUNABLE = `"status" IN ('sent', 'unreachable', 'failed') AND "created_at" < :before`;
const byDue = (a: OutboxRow, b: OutboxRow) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.seq ?? 0) - (b.seq ?? 0);

/**
 * The outbox repository over `db`. `attempts` counts claims: a worker that dies mid-send has used
 * an attempt too, so a message that crashes its sender cannot loop for ever.
 */
export function outboxRepository(db: Db): OutboxRepository {
  // A late reply (kind reply.late) carries the reply itself, which may hold the person's own draft
  // text; every other row carries references only. Once a late reply is finished, keep none of it.
  const SHED_LATE_REPLY = () => `CASE WHEN "kind" = 'reply.late' THEN '{"shed":true}' ELSE "payload" END`;
  const release = async (id: string, owner: string, changes: Partial<OutboxRow>): Promise<boolean> =>
    db.run(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(OutboxEntity)
        .set(asValues<OutboxRow>({ ...changes, leaseOwner: null, leaseUntil: null }))
        .where(HELD, { id, owner })
        .execute();
      return result.affected === 1;
    });

  return {
    enqueue: (msg, now) => db.run((em) => insertIgnore(em, OutboxEntity, toRow(msg, now))),

    enqueueMany: (msgs, now) => enqueueRows(db, msgs.map((m) => toRow(m, now))),

    claimDue: (now, owner, leaseMs, limit) =>
      db.run(async (em) => {
        if (db.engine === 'postgres') {
          // One statement; rows another instance holds locked are skipped, not waited for.
          const rows = await claimSkipLocked(em, OutboxEntity, {
            claimable: CLAIMABLE,
            orderBy: CLAIM_ORDER,
            set: `"lease_owner" = :owner, "lease_until" = :until, "attempts" = "attempts" + 1`,
            params: { now: now.getTime(), owner, until: now.getTime() + leaseMs },
            limit,
          });
          return rows.sort(byDue).map(toMessage);
        }
        const repo = em.getRepository(OutboxEntity);
        const candidates = await repo
          .createQueryBuilder('o')
          .select(['o.seq', 'o.id'])
          .where(CLAIMABLE, { now: now.getTime() })
          // Urgent pages first, so a backlog of routine messages never delays one; then soonest due, oldest.
          .orderBy(URGENT_FIRST, 'ASC')
          .addOrderBy('o.nextAttemptAt', 'ASC')
          .addOrderBy('o.seq', 'ASC')
          .limit(limit)
          .getMany();
        // Each row is taken by its own conditional UPDATE: of two workers racing for a row, the
        // second re-checks the lease after the first commits, matches nothing and moves on.
        const claimed: string[] = [];
        for (const { id } of candidates) {
          const result = await em
            .createQueryBuilder()
            .update(OutboxEntity)
            .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), attempts: () => '"attempts" + 1' })
            .where(`"id" = :id AND ${CLAIMABLE}`, { id, now: now.getTime() })
            .execute();
          if (result.affected === 1) claimed.push(id);
        }
        if (claimed.length === 0) return [];
        const rows = await repo
          .createQueryBuilder('o')
          .where('o.id IN (:...ids) AND o.leaseOwner = :owner', { ids: claimed, owner })
          .orderBy('o.nextAttemptAt', 'ASC')
          .addOrderBy('o.seq', 'ASC')
          .getMany();
        return rows.map(toMessage);
      }),

    markSent: (id, owner, at) => release(id, owner, { status: 'sent', sentAt: at, payload: SHED_LATE_REPLY as never }),

    markRetry: (id, owner, nextAttemptAt, error) => release(id, owner, { nextAttemptAt, lastError: error }),

    markFinal: (id, owner, status, error) => release(id, owner, { status, lastError: error, payload: SHED_LATE_REPLY as never }),

    postpone: (id, owner, nextAttemptAt) =>
      db.run(async (em) => {
        const result = await em
          .createQueryBuilder()
          .update(OutboxEntity)
          .set({ nextAttemptAt, leaseOwner: null, leaseUntil: null, attempts: () => 'CASE WHEN "attempts" > 0 THEN "attempts" - 1 ELSE 0 END' })
          .where(HELD, { id, owner })
          .execute();
        return result.affected === 1;
      }),

    listByIncident: (incidentId) =>
      db.run(async (em) => {
        const rows = await em.getRepository(OutboxEntity).find({ where: { incidentId }, order: { createdAt: 'ASC', seq: 'ASC' } });
        return rows.map(toMessage);
      }),

    pruneFinished: (before, limit) =>
      db.atomic(async (em) => {
        const { rows } = await exec<{ id: string }>(em, `SELECT "id" FROM outbox WHERE ${PRUNABLE} ORDER BY "created_at", "seq" LIMIT :limit`, { before: before.getTime(), limit });
        if (rows.length === 0) return 0;
        const ids = rows.map((r) => r.id);
        // The delivery ledger only stops a retry posting twice; a finished row is never retried, so its ledger rows go with it.
        await exec(em, 'DELETE FROM delivery_attempts WHERE "outbox_id" IN (:...ids)', { ids });
        return (await exec(em, `DELETE FROM outbox WHERE "id" IN (:...ids) AND ${PRUNABLE}`, { ids, before: before.getTime() })).affected;
      }),

    nextDue: () =>
      db.run(async (em) => {
        const raw = await em
          .getRepository(OutboxEntity)
          .createQueryBuilder('o')
          .select('MIN(o.nextAttemptAt)', 'due')
          .where('o.status = :pending', { pending: 'pending' })
          .getRawOne<{ due: string | number | null }>();
        return raw?.due == null ? null : new Date(Number(raw.due));
      }),
  };
}
