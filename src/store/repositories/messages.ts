/** Inbound event ids (platform retry dedupe) and messages the bot posted (for in-place updates). */
import type { InboundRepository, PostedMessageRepository } from '../../core/ports';
import { exec, type Db } from '../db';
import { PostedEntity } from '../entities';
import { withoutSeq } from './records';

/** The inbound-event repository over `db`. */
export function inboundRepository(db: Db): InboundRepository {
  return {
    // ON CONFLICT DO NOTHING: a duplicate neither throws nor aborts an open PostgreSQL transaction.
    firstSeen: (platform, eventId, at) =>
      db.run(async (em) => {
        const { affected } = await exec(
          em,
          'INSERT INTO inbound_events ("platform", "event_id", "seen_at") VALUES (:platform, :eventId, :seenAt) ON CONFLICT DO NOTHING',
          { platform, eventId, seenAt: at.getTime() },
        );
        return affected === 1;
      }),
    pruneSeen: (before, limit) =>
      db.run(async (em) => {
        // One statement per batch: two instances pruning at once delete the same rows harmlessly.
        const sql =
          'DELETE FROM inbound_events WHERE ("platform", "event_id") IN ' +
          '(SELECT "platform", "event_id" FROM inbound_events WHERE "seen_at" < :before ORDER BY "seen_at" LIMIT :limit)';
        return (await exec(em, sql, { before: before.getTime(), limit })).affected;
      }),
  };
}

/** The posted-message repository over `db`. */
export function postedMessageRepository(db: Db): PostedMessageRepository {
  return {
    add: (m) =>
      db.run(async (em) => {
        await em.getRepository(PostedEntity).insert({ ...m });
      }),
    listByIncident: (incidentId) =>
      db.run(async (em) => {
        const rows = await em.getRepository(PostedEntity).find({ where: { incidentId }, order: { seq: 'ASC' } });
        return rows.map(withoutSeq);
      }),
  };
}
