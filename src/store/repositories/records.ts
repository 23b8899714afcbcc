/** The incident's record: chronology events, decision proposals and requests for information. */
import { randomUUID } from 'node:crypto';
import type { IncidentEvent, InfoRequest, Proposal } from '../../core/model';
import type { EventRepository, InfoRequestRepository, ProposalRepository } from '../../core/ports';
import { In } from 'typeorm';
import type { Db } from '../db';
import { asValues, EventEntity, InfoRequestEntity, ProposalEntity } from '../entities';

/** Drops the storage-only insertion sequence from a row. */
export function withoutSeq<T extends { seq?: number }>(row: T): Omit<T, 'seq'> {
  const { seq: _seq, ...rest } = row;
  return rest;
}

/** The chronology (event) repository over `db`. */
export function eventRepository(db: Db): EventRepository {
  return {
    add: (event) =>
      db.run(async (em) => {
        const saved: IncidentEvent = { ...event, id: randomUUID() };
        await em.getRepository(EventEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    listByIncident: (incidentId) =>
      db.run(async (em) => {
        const rows = await em.getRepository(EventEntity).find({ where: { incidentId }, order: { at: 'ASC', seq: 'ASC' } });
        return rows.map(withoutSeq);
      }),
    listByIncidents: (incidentIds) =>
      incidentIds.length === 0
        ? Promise.resolve([])
        : db.read(async (em) => {
            const rows = await em.getRepository(EventEntity).find({ where: { incidentId: In(incidentIds) }, order: { at: 'ASC', seq: 'ASC' } });
            return rows.map(withoutSeq);
          }),
  };
}

/** The decision-proposal repository over `db`. */
export function proposalRepository(db: Db): ProposalRepository {
  return {
    add: (p) =>
      db.run(async (em) => {
        const saved: Proposal = { ...p, id: randomUUID() };
        await em.getRepository(ProposalEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    pending: (incidentId) =>
      db.run(async (em) => {
        const row = await em
          .getRepository(ProposalEntity)
          .findOne({ where: { incidentId, status: 'pending' }, order: { seq: 'DESC' } });
        return row ? withoutSeq(row) : null;
      }),
    resolve: (id, status, by, at) =>
      db.run(async (em) => {
        const result = await em
          .createQueryBuilder()
          .update(ProposalEntity)
          .set({ status, decidedBy: by, decidedAt: at })
          .where('"id" = :id AND "status" = :pending', { id, pending: 'pending' })
          .execute();
        return result.affected === 1;
      }),
    listByIncident: (incidentId) =>
      db.run(async (em) => {
        const rows = await em.getRepository(ProposalEntity).find({ where: { incidentId }, order: { proposedAt: 'ASC', seq: 'ASC' } });
        return rows.map(withoutSeq);
      }),
  };
}

/** The request-for-information repository over `db`. */
export function infoRequestRepository(db: Db): InfoRequestRepository {
  return {
    add: (r) =>
      db.run(async (em) => {
        const saved: InfoRequest = { ...r, id: randomUUID() };
        await em.getRepository(InfoRequestEntity).insert(asValues({ ...saved }));
        return saved;
      }),
    get: (id) =>
      db.run(async (em) => {
        const row = await em.getRepository(InfoRequestEntity).findOneBy({ id });
        return row ? withoutSeq(row) : null;
      }),
    answer: (id, answer, at) =>
      db.run(async (em) => {
        const result = await em
          .createQueryBuilder()
          .update(InfoRequestEntity)
          .set({ answer, answeredAt: at })
          .where('"id" = :id AND "answer" IS NULL', { id })
          .execute();
        return result.affected === 1;
      }),
    listByIncident: (incidentId) =>
      db.run(async (em) => {
        const rows = await em.getRepository(InfoRequestEntity).find({ where: { incidentId }, order: { askedAt: 'ASC', seq: 'ASC' } });
        return rows.map(withoutSeq);
      }),
  };
}
