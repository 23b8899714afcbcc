/** Pattern alerts to the DSL team (issue #11): one row per occurrence, and the reads of the kind_spike rule. */
import { randomUUID } from 'node:crypto';
import type { PatternAlertRepository } from '../../core/pupils/ports';
import type { PatternAlert } from '../../core/pupils/model';
import { PatternAlertEntity } from '../entities-pupils';
import { IncidentEntity } from '../entities';
import { exec, insertIgnore, type Db } from '../db';

const DSL_TEAM = 'dsl_team';

/** The pattern alert repository over `db`. */
export function patternAlertRepository(db: Db): PatternAlertRepository {
  return {
    add: (alert) =>
      db.run(async (em) => {
        const row: PatternAlert = { ...alert, id: randomUUID() };
        // The unique key (rule, subject, incident) decides: a second check of the same occurrence records nothing.
        return (await insertIgnore(em, PatternAlertEntity, row)) ? row : null;
      }),
    get: (id) => db.read((em) => em.getRepository(PatternAlertEntity).findOne({ where: { id } })),
    latest: (rule, subject) => db.read((em) => em.getRepository(PatternAlertEntity).findOne({ where: { rule, subject }, order: { raisedAt: 'DESC', id: 'ASC' } })),
    listByIncident: (incidentId) => db.read((em) => em.getRepository(PatternAlertEntity).find({ where: { incidentId }, order: { raisedAt: 'ASC', id: 'ASC' } })),
    dslReportsSince: (since) =>
      db.read(async (em) => {
        const rows = await em
          .getRepository(IncidentEntity)
          .createQueryBuilder('i')
          .select(['i.id', 'i.kinds', 'i.reportedAt'])
          .where('i.route = :route AND i.reportedAt >= :since', { route: DSL_TEAM, since: since.getTime() })
          .orderBy('i.reportedAt', 'ASC')
          .addOrderBy('i.id', 'ASC')
          .getMany();
        return rows.map((r) => ({ id: r.id, kinds: Array.isArray(r.kinds) ? r.kinds : [], reportedAt: r.reportedAt }));
      }),
    lockSubjects: (keys) =>
      db.run(async (em) => {
        if (db.engine !== 'postgres') return;
        // Sorted, so two transactions holding several subjects each never wait on each other in a cycle.
        for (const key of [...new Set(keys)].sort()) await exec(em, 'SELECT pg_advisory_xact_lock(hashtext(:key))', { key: `safeguard:pattern:${key}` });
      }),
    firstDslReportAt: () =>
      db.read(async (em) => {
        const row = await em.getRepository(IncidentEntity).createQueryBuilder('i').select('MIN(i.reportedAt)', 'first').where('i.route = :route', { route: DSL_TEAM }).getRawOne<{ first: string | number | null }>();
        return row?.first == null ? null : new Date(Number(row.first));
      }),
  };
}
