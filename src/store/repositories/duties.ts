/** Duties storage: staff records, completions, AUA versions and signatures (signatures are append-only). */
import { randomUUID } from 'node:crypto';
import type { AuaSignature, Completion, StaffRecord } from '../../core/duties/model';
import type { AuaRepository, CompletionRepository, StaffRepository } from '../../core/duties/ports';
import { exec, insertIgnore, insertManyIgnore, type Db } from '../db';
import { asValues } from '../entities';
import { AuaVersionEntity, CompletionEntity, SignatureEntity, StaffEntity } from '../entities-duties';
import { withoutSeq } from './records';

/** The staff-record repository over `db`; emails are stored lower-case. */
export function staffRepository(db: Db): StaffRepository {
  return {
    addIfMissing: (r) => db.run((em) => insertIgnore(em, StaffEntity, { ...r, email: r.email.toLowerCase() })),
    upsert: (r) =>
      db.run(async (em) => {
        await em.getRepository(StaffEntity).upsert(asValues({ ...r, email: r.email.toLowerCase() }), ['email']);
      }),
    get: (email) => db.run((em) => em.getRepository(StaffEntity).findOneBy({ email: email.toLowerCase() })),
    setLeft: (email, leftOn, now) =>
      db.run(async (em) => {
        const qb = em.getRepository(StaffEntity).createQueryBuilder().update().set({ leftOn, updatedAt: now }).where('email = :email', { email: email.toLowerCase() });
        const r = await (leftOn === null ? qb.andWhere('left_on IS NOT NULL') : qb.andWhere('left_on IS NULL')).execute();
        return (r.affected ?? 0) > 0;
      }),
    list: () => db.run((em) => em.getRepository(StaffEntity).find({ order: { email: 'ASC' } })),
    addManyIfMissing: (rs) => db.atomic(async (em) => (await insertManyIgnore(em, StaffEntity, rs.map((r) => ({ ...r, email: r.email.toLowerCase() })), 'email')).length),
    page: async (afterEmail, limit) => {
      const where = afterEmail === null ? '' : 'WHERE "email" > :after ';
      const sql = `SELECT "email", "name", "role", "start_date" AS "startDate", "source", "left_on" AS "leftOn", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "staff_records" ${where}ORDER BY "email" LIMIT :limit`;
      const raw = await db.run(async (em) => (await exec<Omit<StaffRecord, 'createdAt' | 'updatedAt'> & { createdAt: string | number; updatedAt: string | number }>(em, sql, { after: afterEmail, limit })).rows);
      return raw.map((r) => ({ ...r, createdAt: new Date(Number(r.createdAt)), updatedAt: new Date(Number(r.updatedAt)) }));
    },
  };
}

/** The completion repository over `db` (append-only). */
export function completionRepository(db: Db): CompletionRepository {
  return {
    add: (c) =>
      db.run(async (em) => {
        const saved: Completion = { ...c, email: c.email?.toLowerCase() ?? null, id: randomUUID() };
        await em.getRepository(CompletionEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    latest: (dutyId, email) =>
      db.run(async (em) => {
        const row = await em
          .getRepository(CompletionEntity)
          .createQueryBuilder('c')
          .where('c.dutyId = :dutyId', { dutyId })
          .andWhere(email === null ? 'c.email IS NULL' : 'c.email = :email', { email: email?.toLowerCase() })
          .orderBy('c.completedOn', 'DESC')
          .addOrderBy('c.seq', 'DESC')
          .getOne();
        return row ? withoutSeq(row) : null;
      }),
    list: () =>
      db.run(async (em) => (await em.getRepository(CompletionEntity).find({ order: { seq: 'ASC' } })).map(withoutSeq)),
    latestDates: () =>
      db.run(async (em) => (await exec<{ dutyId: string; email: string | null; completedOn: string }>(em, 'SELECT "duty_id" AS "dutyId", "email", MAX("completed_on") AS "completedOn" FROM "duty_completions" GROUP BY "duty_id", "email"')).rows),
  };
}

/** The AUA repository over `db`: versions seen, and signatures that are only ever appended. */
export function auaRepository(db: Db): AuaRepository {
  return {
    addVersion: (v) => db.run((em) => insertIgnore(em, AuaVersionEntity, v)),
    getVersion: (version) => db.run((em) => em.getRepository(AuaVersionEntity).findOneBy({ version })),
    sign: (s) =>
      db.run(async (em) => {
        const saved: AuaSignature = { ...s, email: s.email.toLowerCase(), id: randomUUID() };
        await em.getRepository(SignatureEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    signatures: (email) =>
      db.run(async (em) => {
        const rows = await em.getRepository(SignatureEntity).find({ where: email ? { email: email.toLowerCase() } : {}, order: { seq: 'ASC' } });
        return rows.map(withoutSeq);
      }),
    latestSignatures: async () => {
      const raw = await db.run(async (em) => (await exec<{ email: string; version: string; signedAt: string | number }>(em, 'SELECT "email", "version", MAX("signed_at") AS "signedAt" FROM "aua_signatures" GROUP BY "email", "version"')).rows);
      return raw.map((r) => ({ ...r, signedAt: new Date(Number(r.signedAt)) }));
    },
  };
}
