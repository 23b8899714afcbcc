/** Reminders as data with leases (like the outbox), and filtering-change requests, with optimistic versions. */
import { randomUUID } from 'node:crypto';
import type { FilterRequest, Reminder } from '../../core/duties/model';
import type { FilterRequestRepository, ReminderRepository } from '../../core/duties/ports';
import { insertIgnore, type Db } from '../db';
import { claimSkipLocked } from '../claims';
import { asValues } from '../entities';
import { FilterRequestEntity, ReminderEntity } from '../entities-duties';

// A lease is free when never taken or expired; the same test guards the claiming UPDATE.
const CLAIMABLE = `"due_at" IS NOT NULL AND "due_at" <= :now AND ("lease_until" IS NULL OR "lease_until" <= :now)`;

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
        if (db.engine === 'postgres') {
          // One statement; rows another sweeper holds locked are skipped, not waited for.
          const rows = await claimSkipLocked(em, ReminderEntity, {
            claimable: CLAIMABLE,
            orderBy: '"due_at", "key"',
            set: `"lease_owner" = :owner, "lease_until" = :until, "version" = "version" + 1`,
            params: { now: now.getTime(), owner, until: now.getTime() + leaseMs },
            limit,
          });
          return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        }
        const repo = em.getRepository(ReminderEntity);
        const candidates = await repo.createQueryBuilder('r').select(['r.id']).where(CLAIMABLE, { now: now.getTime() }).orderBy('r.dueAt', 'ASC').addOrderBy('r.key', 'ASC').limit(limit).getMany();
        // One conditional UPDATE per row: of two sweepers racing, the second matches nothing.
        const claimed: string[] = [];
        for (const { id } of candidates) {
          const result = await em
            .createQueryBuilder()
            .update(ReminderEntity)
            .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), version: () => '"version" + 1' })
            .where(`"id" = :id AND ${CLAIMABLE}`, { id, now: now.getTime() })
            .execute();
          if (result.affected === 1) claimed.push(id);
        }
        if (claimed.length === 0) return [];
        return repo.createQueryBuilder('r').where('r.id IN (:...ids) AND r.leaseOwner = :owner', { ids: claimed, owner }).orderBy('r.key', 'ASC').getMany();
      }),
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
