/** Duties storage: staff records, completions, AUA versions and signatures (signatures are append-only). */
import { randomUUID } from 'node:crypto';
import type { AuaSignature, Completion } from '../../core/duties/model';
import type { AuaRepository, CompletionRepository, StaffRepository } from '../../core/duties/ports';
import { insertIgnore, type Db } from '../db';
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
  };
}
