/** Tasks after a report (issue #11), with leases like duty reminders: claimed by one sweeper at a time. */
import { randomUUID } from 'node:crypto';
import type { Task } from '../../core/tasks/model';
import type { TaskRepository } from '../../core/tasks/ports';
import { claimSkipLocked } from '../claims';
import { asValues } from '../entities';
import { TaskEntity } from '../entities-tasks';
import { exec, type Db } from '../db';

// A task is claimable when open, its next stage due, and its lease free or expired; the same test guards each claiming UPDATE.
const CLAIMABLE = `"status" = 'open' AND "next_at" IS NOT NULL AND "next_at" <= :now AND ("lease_until" IS NULL OR "lease_until" <= :now)`;

/** The task repository over `db`. */
export function taskRepository(db: Db): TaskRepository {
  return {
    add: (t) =>
      db.run(async (em) => {
        const saved: Task = { ...t, id: randomUUID(), status: 'open', stage: 0, nextAt: t.dueAt, doneBy: null, doneAt: null, doneNote: null, leaseOwner: null, leaseUntil: null };
        await em.getRepository(TaskEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    get: (id) => db.run((em) => em.getRepository(TaskEntity).findOneBy({ id })),
    listByIncident: (incidentId) => db.read((em) => em.getRepository(TaskEntity).find({ where: { incidentId }, order: { createdAt: 'ASC', dueAt: 'ASC', id: 'ASC' } })),
    incidentsWithOverdue: (now, incidentIds) =>
      incidentIds.length === 0
        ? Promise.resolve(new Set<string>())
        : db.read(async (em) => {
            const rows = await em
              .getRepository(TaskEntity)
              .createQueryBuilder('t')
              .select('DISTINCT t.incidentId', 'incidentId')
              .where("t.status = 'open' AND t.dueAt <= :now AND t.incidentId IN (:...ids)", { now: now.getTime(), ids: incidentIds })
              .getRawMany<{ incidentId: string }>();
            return new Set(rows.map((r) => r.incidentId));
          }),
    claimDue: (now, owner, leaseMs, limit) =>
      db.run(async (em) => {
        const params = { now: now.getTime(), owner, until: now.getTime() + leaseMs };
        if (db.engine === 'postgres') {
          // One statement; rows another instance holds locked are skipped, not waited for.
          const rows = await claimSkipLocked(em, TaskEntity, { claimable: CLAIMABLE, orderBy: '"next_at"', set: `"lease_owner" = :owner, "lease_until" = :until`, params, limit });
          return rows.sort((a, b) => a.nextAt!.getTime() - b.nextAt!.getTime());
        }
        // SQLite has one writer: each candidate is taken by a conditional UPDATE, which a second sweeper's re-check would miss.
        const candidates = (await exec<{ id: string }>(em, `SELECT "id" FROM "incident_tasks" WHERE ${CLAIMABLE} ORDER BY "next_at" LIMIT :limit`, { now: now.getTime(), limit })).rows;
        const claimed: Task[] = [];
        for (const { id } of candidates) {
          const taken = await exec(em, `UPDATE "incident_tasks" SET "lease_owner" = :owner, "lease_until" = :until WHERE "id" = :id AND ${CLAIMABLE}`, { ...params, id });
          if (taken.affected === 1) claimed.push((await em.getRepository(TaskEntity).findOneBy({ id }))!);
        }
        return claimed;
      }),
    advance: (id, owner, stage, nextAt) =>
      db.run(async (em) => {
        const r = await exec(em, `UPDATE "incident_tasks" SET "stage" = :stage, "next_at" = :next, "lease_owner" = NULL, "lease_until" = NULL WHERE "id" = :id AND "lease_owner" = :owner`, {
          id,
          owner,
          stage,
          next: nextAt?.getTime() ?? null,
        });
        return r.affected === 1;
      }),
    complete: (id, by, at, note) =>
      db.run(async (em) => {
        const r = await exec(em, `UPDATE "incident_tasks" SET "status" = 'done', "done_by" = :by, "done_at" = :at, "done_note" = :note, "next_at" = NULL WHERE "id" = :id AND "status" = 'open'`, { id, by, at: at.getTime(), note });
        return r.affected === 1;
      }),
  };
}
