/**
 * The pupils repository (issue #11). An import is applied in one transaction with set-based SQL:
 * chunked multi-row upserts by MIS id, then one UPDATE marking as left every pupil on roll that this
 * import did not carry. The same SQL runs on SQLite (3.24+) and PostgreSQL.
 */
import type { PupilRepository } from '../../core/pupils/ports';
import type { Pupil, PupilImportResult, PupilRow } from '../../core/pupils/model';
import { PupilEntity } from '../entities-pupils';
import { exec, type Db } from '../db';

const COLUMNS = ['mis_id', 'upn', 'given_name', 'family_name', 'preferred_name', 'birth_date', 'year_group', 'form', 'left_on', 'source', 'import_id', 'created_at', 'updated_at'] as const;
// 13 parameters a row: 200 rows stay far below either engine's limit on parameters in one statement.
const CHUNK = 200;

// created_at stays the first import's; a left mark already on record keeps its date, and a pupil on roll again loses it.
// Graph has no form or preferred name: a sync from it keeps the ones a file import gave.
const ON_CONFLICT = `ON CONFLICT ("mis_id") DO UPDATE SET "upn" = EXCLUDED."upn", "given_name" = EXCLUDED."given_name", "family_name" = EXCLUDED."family_name",
  "preferred_name" = COALESCE(EXCLUDED."preferred_name", CASE WHEN EXCLUDED."source" = 'graph' THEN "pupils"."preferred_name" END),
  "birth_date" = EXCLUDED."birth_date", "year_group" = EXCLUDED."year_group",
  "form" = COALESCE(EXCLUDED."form", CASE WHEN EXCLUDED."source" = 'graph' THEN "pupils"."form" END),
  "left_on" = CASE WHEN EXCLUDED."left_on" IS NULL THEN NULL ELSE COALESCE("pupils"."left_on", EXCLUDED."left_on") END,
  "source" = EXCLUDED."source", "import_id" = EXCLUDED."import_id", "updated_at" = EXCLUDED."updated_at"`;

function values(r: PupilRow, source: string, importId: string, now: number): unknown[] {
  return [r.misId, r.upn, r.givenName, r.familyName, r.preferredName, r.birthDate, r.yearGroup, r.form, r.leftOn, source, importId, now, now];
}

/** Pupils by MIS id (at most 50: a report names four), leavers left out when `onRollOnly`. */
function byIds(db: Db, misIds: string[], onRollOnly: boolean): Promise<Pupil[]> {
  if (misIds.length === 0) return Promise.resolve([]);
  return db.read((em) => {
    const qb = em.getRepository(PupilEntity).createQueryBuilder('p').where('p.misId IN (:...ids)', { ids: misIds.slice(0, 50) });
    return (onRollOnly ? qb.andWhere('p.leftOn IS NULL') : qb).getMany();
  });
}

/** The pupils repository over `db`. */
export function pupilRepository(db: Db): PupilRepository {
  return {
    applyImport: (importId, source, rows, today, now) =>
      db.atomic(async (em): Promise<PupilImportResult> => {
        // Two imports at once (a sync on each of two instances) take turns: each marks leavers against its own whole list.
        // SQLite has one writer already; PostgreSQL holds this lock to the commit.
        if (db.engine === 'postgres') await exec(em, "SELECT pg_advisory_xact_lock(hashtext('safeguard:pupils-import'))");
        const before = new Map((await exec<{ id: string; left: string | null }>(em, 'SELECT "mis_id" AS "id", "left_on" AS "left" FROM "pupils"')).rows.map((r) => [r.id, r.left]));
        for (let i = 0; i < rows.length; i += CHUNK) {
          const params: Record<string, unknown> = {};
          const tuples = rows.slice(i, i + CHUNK).map((r, k) => {
            const vs = values(r, source, importId, now.getTime());
            vs.forEach((v, j) => (params[`v${k}_${j}`] = v));
            return `(${vs.map((_, j) => `:v${k}_${j}`).join(', ')})`;
          });
          await exec(em, `INSERT INTO "pupils" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')} ${ON_CONFLICT}`, params);
        }
        const absent = (await exec(em, 'UPDATE "pupils" SET "left_on" = :today, "updated_at" = :now WHERE "import_id" <> :id AND "left_on" IS NULL', { today, now: now.getTime(), id: importId })).affected;
        let added = 0;
        let leftInFile = 0;
        let returned = 0;
        for (const r of rows) {
          const had = before.has(r.misId);
          const wasLeft = had && before.get(r.misId) !== null;
          if (!had) added++;
          if (r.leftOn && !wasLeft) leftInFile++;
          if (!r.leftOn && wasLeft) returned++;
        }
        return { pupils: rows.length, added, left: absent + leftInFile, returned };
      }),
    get: (misId) => db.run((em) => em.getRepository(PupilEntity).findOneBy({ misId })),
    getMany: (misIds) => byIds(db, misIds, false),
    getOnRoll: (misIds) => byIds(db, misIds, true),
    anyOnRoll: () => db.read(async (em) => (await exec(em, 'SELECT 1 AS "one" FROM "pupils" WHERE "left_on" IS NULL LIMIT 1')).rows.length > 0),
    search: (query, limit, opts) =>
      db.read(async (em) => {
        const q = query.trim().toLowerCase();
        if (!q) return [];
        // LIKE's own wildcards in what was typed are literal characters.
        const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const name = (a: string, b: string) => `LOWER(${a} || ' ' || ${b}) LIKE :like ESCAPE '\\'`;
        return em
          .getRepository(PupilEntity)
          .createQueryBuilder('p')
          .where(opts?.leavers ? '1 = 1' : 'p.leftOn IS NULL')
          .andWhere(`(${name('p.given_name', 'p.family_name')} OR ${name("COALESCE(p.preferred_name, '')", 'p.family_name')} OR LOWER(p.form) = :q)`, { like, q })
          .orderBy('p.familyName', 'ASC')
          .addOrderBy('p.givenName', 'ASC')
          .limit(limit)
          .getMany();
      }),
    list: () => db.run((em) => em.getRepository(PupilEntity).find({ order: { familyName: 'ASC', givenName: 'ASC', misId: 'ASC' } })),
  };
}
