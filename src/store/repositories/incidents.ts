/** Incidents: gap-free human references and optimistic-concurrency updates. */
import { randomUUID } from 'node:crypto';
import { INCIDENT_STATUSES, type Incident } from '../../core/model';
import type { IncidentRepository, NewIncident } from '../../core/ports';
import { In, type EntityManager } from 'typeorm';
import { exec, type Db } from '../db';
import { IncidentEntity } from '../entities';

// One statement on both engines: the upsert row-locks the counter (PostgreSQL) until the
// transaction that also inserts the incident commits, so references are gap-free and unique.
const NEXT_REFERENCE = `INSERT INTO reference_counters ("prefix", "year", "value") VALUES (:prefix, :year, 1)
  ON CONFLICT ("prefix", "year") DO UPDATE SET "value" = reference_counters."value" + 1
  RETURNING "value"`;

/** Every status but closed (the open-concerns list, issue #11). */
const OPEN_STATUSES = INCIDENT_STATUSES.filter((s) => s !== 'closed');

/** The mark of a reference not yet numbered (inside the creating transaction only). */
const PROVISIONAL = 'provisional:';

async function nextReference(em: EntityManager, prefix: string, year: number): Promise<string> {
  const { rows } = await exec<{ value: number | string }>(em, NEXT_REFERENCE, { prefix, year });
  const n = Number(rows[0]?.value);
  if (!Number.isInteger(n)) throw new Error('store: reference counter returned no value');
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}

/** Chronology entries that are not work on a concern: opening it, a refused click, the quiet flag itself. */
const QUIET_IGNORES = ['viewed', 'unauthorised_attempt', 'stale_flagged'] as const;

/** The incident repository over `db`. */
export function incidentRepository(db: Db): IncidentRepository {
  return {
    create: (data: NewIncident, prefix: string, year: number) =>
      db.atomic(async (em) => {
        const reference = await nextReference(em, prefix, year);
        const incident: Incident = { ...data, id: randomUUID(), reference, version: 1 };
        await em.getRepository(IncidentEntity).insert({ ...incident });
        return incident;
      }),

    createUnnumbered: (data: NewIncident) =>
      db.run(async (em) => {
        const id = randomUUID();
        // Unique and never shown: `number` replaces it in the same transaction.
        const incident: Incident = { ...data, id, reference: `${PROVISIONAL}${id}`, version: 1 };
        await em.getRepository(IncidentEntity).insert({ ...incident });
        return incident;
      }),

    number: (incident: Incident, prefix: string, year: number) =>
      db.run(async (em) => {
        const reference = await nextReference(em, prefix, year);
        const r = await exec(em, 'UPDATE incidents SET "reference" = :reference WHERE "id" = :id AND "reference" = :provisional', { reference, id: incident.id, provisional: `${PROVISIONAL}${incident.id}` });
        if (r.affected !== 1) throw new Error('store: numbering an incident that is not provisional');
        return { ...incident, reference };
      }),

    get: (id) => db.read((em) => em.getRepository(IncidentEntity).findOneBy({ id })),

    getByReference: (reference) => db.read((em) => em.getRepository(IncidentEntity).findOneBy({ reference })),
    getMany: (ids) => (ids.length === 0 ? Promise.resolve([]) : db.read((em) => em.getRepository(IncidentEntity).find({ where: { id: In(ids) }, order: { reportedAt: 'ASC', reference: 'ASC' } }))),

    update: (incident) =>
      db.run(async (em) => {
        const version = incident.version;
        // Only mapped columns (a caller's object may carry more); id and reference never change.
        const fields: Record<string, unknown> = {};
        for (const { propertyName } of em.connection.getMetadata(IncidentEntity).columns)
          if (propertyName !== 'id' && propertyName !== 'reference') fields[propertyName] = incident[propertyName as keyof Incident];
        const result = await em
          .createQueryBuilder()
          .update(IncidentEntity)
          .set({ ...fields, version: version + 1 })
          .where('"id" = :id AND "version" = :version', { id: incident.id, version })
          .execute();
        return result.affected === 1 ? { ...incident, version: version + 1 } : null;
      }),

    lock: (id) =>
      db.run(async (em) => {
        // NO KEY UPDATE: two holders exclude each other, but the KEY SHARE lock an outbox insert takes
        // on its incident (the foreign key) does not, so a transaction that enqueued first cannot deadlock here.
        if (db.engine === 'postgres') await exec(em, 'SELECT "id" FROM incidents WHERE "id" = :id FOR NO KEY UPDATE', { id });
      }),

    listDuePages: (now, limit) =>
      db.run((em) =>
        em
          .getRepository(IncidentEntity)
          .createQueryBuilder('i')
          .where('i.urgent = :urgent AND i.status = :status', { urgent: true, status: 'reported' })
          .andWhere('i.nextPageAt IS NOT NULL AND i.nextPageAt <= :now', { now: now.getTime() })
          .orderBy('i.nextPageAt', 'ASC')
          .addOrderBy('i.reference', 'ASC')
          .limit(limit)
          .getMany(),
      ),

    listByReporter: (email, limit) =>
      db.run((em) =>
        em.getRepository(IncidentEntity).find({
          where: { reporterEmail: email },
          order: { reportedAt: 'DESC', reference: 'DESC' },
          take: limit,
        }),
      ),

    listQuiet: (before, limit) =>
      db.read(async (em) => {
        const { rows } = await exec<{ id: string; last: string | number }>(
          em,
          `SELECT i."id" AS "id", MAX(e."at") AS "last" FROM "incidents" i JOIN "incident_events" e ON e."incident_id" = i."id"
            WHERE i."status" <> 'closed' AND e."type" NOT IN (${QUIET_IGNORES.map((t) => `'${t}'`).join(', ')})
            GROUP BY i."id" HAVING MAX(e."at") < :before ORDER BY MAX(e."at") ASC, i."id" ASC LIMIT :limit`,
          { before: before.getTime(), limit },
        );
        return rows.map((r) => ({ incidentId: r.id, lastActivityAt: new Date(Number(r.last)) }));
      }),
    listOpen: (limit) =>
      db.run((em) =>
        em
          .getRepository(IncidentEntity)
          .createQueryBuilder('i')
          // The open statuses by name, not `<> 'closed'`: an IN list is answered from the status index, so years of closed concerns are never read.
          .where('i.status IN (:...open)', { open: OPEN_STATUSES })
          .orderBy('i.reportedAt', 'ASC')
          .addOrderBy('i.reference', 'ASC')
          .limit(limit)
          .getMany(),
      ),
  };
}
