/** Reminders as data with leases (like the outbox), and filtering-change requests, with optimistic versions. */
import { randomUUID } from 'node:crypto';
import type { FilterRequest, Reminder } from '../../core/duties/model';
import type { FilterRequestRepository, ReminderRepository } from '../../core/duties/ports';
import { exec, execParams, insertIgnore, insertManyIgnore, paramsFor, type Db } from '../db';
import { asValues } from '../entities';
import { FilterRequestEntity, ReminderEntity } from '../entities-duties';
import { normaliseValue } from '../normalise';

// A lease is free when never taken or expired; the same test guards the claiming UPDATE.
const CLAIMABLE = `"due_at" IS NOT NULL AND "due_at" <= :now AND ("lease_until" IS NULL OR "lease_until" <= :now)`;

// Raw reads skip TypeORM's hydration, which at a sweep's size costs more than the query.
const COLUMNS = `"id", "key", "duty_id" AS "dutyId", "subject_email" AS "subjectEmail", "due_date" AS "dueDate", "due_at" AS "dueAt", "last_reminded_at" AS "lastRemindedAt", "level", "version", "lease_owner" AS "leaseOwner", "lease_until" AS "leaseUntil", "snoozed_until" AS "snoozedUntil", "snooze_reason" AS "snoozeReason", "snoozed_by" AS "snoozedBy"`;
type RawReminder = Omit<Reminder, 'dueAt' | 'lastRemindedAt' | 'leaseUntil' | 'level' | 'version'> & Record<'dueAt' | 'lastRemindedAt' | 'leaseUntil' | 'level' | 'version', string | number | null>;
const at = (v: string | number | null) => (v === null ? null : new Date(Number(v)));
const fromRaw = (r: RawReminder): Reminder => ({ ...r, dueAt: at(r.dueAt), lastRemindedAt: at(r.lastRemindedAt), leaseUntil: at(r.leaseUntil), level: r.level === null ? null : Number(r.level), version: Number(r.version) });

// The columns a save may change, as a VALUES list (SQLite) or arrays (PostgreSQL); PostgreSQL types VALUES parameters as text, hence the casts where they are used.
const SAVED = ['id', 'version', 'due_date', 'due_at', 'last_reminded_at', 'level', 'lease_owner', 'lease_until', 'snoozed_until', 'snooze_reason', 'snoozed_by'] as const;
const savedValues = (r: Reminder) => [r.id, r.version, r.dueDate, r.dueAt?.getTime() ?? null, r.lastRemindedAt?.getTime() ?? null, r.level, r.leaseOwner, r.leaseUntil?.getTime() ?? null, r.snoozedUntil, r.snoozeReason, r.snoozedBy];
// PostgreSQL's array type per saved column, for one unnest() of arrays instead of a VALUES list.
const SAVED_ARRAYS = ['text[]', 'int[]', 'text[]', 'bigint[]', 'bigint[]', 'int[]', 'text[]', 'bigint[]', 'text[]', 'text[]', 'text[]'] as const;
const UPDATE_FROM_V = (from: string) => `UPDATE "duty_reminders" SET "due_date" = "v"."due_date", "due_at" = CAST("v"."due_at" AS bigint), "last_reminded_at" = CAST("v"."last_reminded_at" AS bigint),
  "level" = CAST("v"."level" AS integer), "lease_owner" = "v"."lease_owner", "lease_until" = CAST("v"."lease_until" AS bigint), "snoozed_until" = "v"."snoozed_until",
  "snooze_reason" = "v"."snooze_reason", "snoozed_by" = "v"."snoozed_by", "version" = "duty_reminders"."version" + 1
  FROM ${from} WHERE "duty_reminders"."id" = "v"."id" AND "duty_reminders"."version" = CAST("v"."version" AS integer) RETURNING "duty_reminders"."id" AS "id"`;
// Rows per statement: under both engines' parameter limits with room to spare.
const PER_UPDATE = 2000;

/** The reminder repository over `db`. */
export function reminderRepository(db: Db): ReminderRepository {
  return {
    addIfMissing: (r) => db.run((em) => insertIgnore(em, ReminderEntity, { ...r, id: randomUUID(), version: 1, leaseOwner: null, leaseUntil: null })),
    get: (id) => db.run((em) => em.getRepository(ReminderEntity).findOneBy({ id })),
    getByKey: (key) => db.run((em) => em.getRepository(ReminderEntity).findOneBy({ key })),
    list: () => db.run((em) => em.getRepository(ReminderEntity).find({ order: { key: 'ASC' } })),
    update: (r) =>
      db.run(async (em) => {
        const { id, version, ...rest } = r;
        const result = await em
          .createQueryBuilder()
          .update(ReminderEntity)
          .set(asValues<Reminder>({ ...rest, version: version + 1 }))
          .where('"id" = :id AND "version" = :version', { id, version })
          .execute();
        return result.affected === 1 ? { ...r, version: version + 1 } : null;
      }),
    claimDue: (now, owner, leaseMs, limit) =>
      db.run(async (em) => {
        // One statement: the outer test re-checks each row's lease, so of two sweepers racing for a
        // row the second matches nothing (PostgreSQL re-evaluates it after the first commits, and
        // SKIP LOCKED lets it pass over rows another is claiming rather than wait for them).
        const skip = db.engine === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
        const { rows } = await exec<RawReminder>(
          em,
          `UPDATE "duty_reminders" SET "lease_owner" = :owner, "lease_until" = :until, "version" = "version" + 1
            WHERE "id" IN (SELECT "id" FROM "duty_reminders" WHERE ${CLAIMABLE} ORDER BY "due_at" LIMIT :limit${skip}) AND ${CLAIMABLE}
            RETURNING ${COLUMNS}`,
          { owner, until: now.getTime() + leaseMs, now: now.getTime(), limit },
        );
        return rows.map(fromRaw).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      }),
    takeDue: (now, limit) =>
      db.run(async (em) => {
        const lock = db.engine === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
        const { rows } = await exec<RawReminder>(em, `SELECT ${COLUMNS} FROM "duty_reminders" WHERE ${CLAIMABLE} ORDER BY "due_at" LIMIT :limit${lock}`, { now: now.getTime(), limit });
        return rows.map(fromRaw);
      }),
    addMany: (rs) =>
      db.atomic(async (em) => (await insertManyIgnore(em, ReminderEntity, rs.map((r) => ({ ...r, id: randomUUID(), version: 1, leaseOwner: null, leaseUntil: null })), 'key')).length),
    updateMany: (rs) =>
      db.atomic(async (em) => {
        const saved = new Set<string>();
        if (db.engine === 'postgres' && rs.length > 0) {
          const params = paramsFor(em);
          // Strings inside an array parameter miss the runner's cleaning of top-level ones (./normalise.ts): clean them here.
          const arrays = SAVED.map((_, j) => `${params.add(normaliseValue(rs.map((r) => savedValues(r)[j])))}::${SAVED_ARRAYS[j]}`);
          const sql = UPDATE_FROM_V(`unnest(${arrays.join(', ')}) AS "v" (${SAVED.map((c) => `"${c}"`).join(', ')})`);
          for (const r of (await execParams<{ id: string }>(em, sql, params)).rows) saved.add(r.id);
          return saved;
        }
        for (let from = 0; from < rs.length; from += PER_UPDATE) {
          const params = paramsFor(em);
          const tuples = rs.slice(from, from + PER_UPDATE).map((r) => `(${savedValues(r).map((v, j) => params.add(v, SAVED[j])).join(', ')})`);
          const sql = `WITH "v" (${SAVED.map((c) => `"${c}"`).join(', ')}) AS (VALUES ${tuples.join(', ')}) ${UPDATE_FROM_V('"v"')}`;
          for (const r of (await execParams<{ id: string }>(em, sql, params)).rows) saved.add(r.id);
        }
        return saved;
      }),
    page: async (afterKey, limit) => {
      const where = afterKey === null ? '' : 'WHERE "key" > :after ';
      const raw = await db.run(async (em) => (await exec<RawReminder>(em, `SELECT ${COLUMNS} FROM "duty_reminders" ${where}ORDER BY "key" LIMIT :limit`, { after: afterKey, limit })).rows);
      return raw.map(fromRaw);
    },
    listSchool: async () => {
      const raw = await db.run(async (em) => (await exec<RawReminder>(em, `SELECT ${COLUMNS} FROM "duty_reminders" WHERE "subject_email" IS NULL ORDER BY "key"`)).rows);
      return raw.map(fromRaw);
    },
  };
}

/** The filtering-change request repository over `db`. */
export function filterRequestRepository(db: Db): FilterRequestRepository {
  return {
    add: (r) =>
      db.run(async (em) => {
        const saved: FilterRequest = { ...r, id: randomUUID(), version: 1 };
        await em.getRepository(FilterRequestEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    get: (id) => db.run((em) => em.getRepository(FilterRequestEntity).findOneBy({ id })),
    update: (r) =>
      db.run(async (em) => {
        const { id, version, ...rest } = r;
        const result = await em
          .createQueryBuilder()
          .update(FilterRequestEntity)
          .set(asValues<FilterRequest>({ ...rest, version: version + 1 }))
          .where('"id" = :id AND "version" = :version', { id, version })
          .execute();
        return result.affected === 1 ? { ...r, version: version + 1 } : null;
      }),
    listReblockDue: (today, limit) =>
      db.run((em) =>
        em
          .getRepository(FilterRequestEntity)
          .createQueryBuilder('f')
          .where("f.status IN ('approved', 'changed') AND f.untilDate < :today AND f.reblockRemindedAt IS NULL", { today })
          .orderBy('f.untilDate', 'ASC')
          .limit(limit)
          .getMany(),
      ),
    list: () => db.run((em) => em.getRepository(FilterRequestEntity).find({ order: { createdAt: 'ASC' } })),
  };
}
