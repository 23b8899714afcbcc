/** The delivery ledger: one row per post of an outbox row to a recipient on a platform, so a retry never posts twice. Raw SQL: no entity needed. */
import type { DeliveryAttempt, DeliveryAttemptRepository, DeliveryKey } from '../../core/ports';
import type { Platform } from '../../core/model';
import { exec, type Db } from '../db';

interface Row {
  outbox_id: string;
  platform: string;
  recipient_key: string;
  started_at: string | number;
  tries: string | number;
  conversation_id: string | null;
  activity_id: string | null;
  posted_at: string | number | null;
  uncertain_at: string | number | null;
  replaced_at: string | number | null;
}

const time = (v: string | number | null) => (v === null ? null : new Date(Number(v)));
const KEY = '"outbox_id" = :outboxId AND "platform" = :platform AND "recipient_key" = :recipientKey';
const params = (k: DeliveryKey) => ({ outboxId: k.outboxId, platform: k.platform, recipientKey: k.recipientKey.toLowerCase() });
const COLUMNS = { uncertainAt: 'uncertain_at', replacedAt: 'replaced_at' } as const;

function toAttempt(r: Row): DeliveryAttempt {
  return {
    outboxId: r.outbox_id,
    platform: r.platform as Platform,
    recipientKey: r.recipient_key,
    startedAt: new Date(Number(r.started_at)),
    tries: Number(r.tries),
    conversationId: r.conversation_id,
    activityId: r.activity_id,
    postedAt: time(r.posted_at),
    uncertainAt: time(r.uncertain_at),
    replacedAt: time(r.replaced_at),
  };
}

/** The delivery ledger over `db`; recipient keys are stored lower-case. */
export function deliveryAttemptRepository(db: Db): DeliveryAttemptRepository {
  const get = (k: DeliveryKey) =>
    db.run(async (em) => {
      const { rows } = await exec<Row>(em, `SELECT * FROM delivery_attempts WHERE ${KEY}`, params(k));
      return rows[0] ? toAttempt(rows[0]) : null;
    });
  return {
    get,
    start: async (k, at) => {
      await db.run((em) =>
        exec(
          em,
          'INSERT INTO delivery_attempts ("outbox_id", "platform", "recipient_key", "started_at", "tries") VALUES (:outboxId, :platform, :recipientKey, :at, 1) ' +
            'ON CONFLICT ("outbox_id", "platform", "recipient_key") DO UPDATE SET "tries" = delivery_attempts."tries" + 1',
          { ...params(k), at: at.getTime() },
        ),
      );
      return (await get(k))!;
    },
    posted: (k, post, at) =>
      db.run(async (em) => {
        await exec(em, `UPDATE delivery_attempts SET "conversation_id" = :conversationId, "activity_id" = :activityId, "posted_at" = :at WHERE ${KEY}`, {
          ...params(k),
          conversationId: post.conversationId,
          activityId: post.activityId,
          at: at.getTime(),
        });
      }),
    refused: (k) =>
      db.run(async (em) => {
        // Only this try is forgotten: an earlier one that ended unknown may still have posted.
        await exec(em, `UPDATE delivery_attempts SET "tries" = "tries" - 1 WHERE ${KEY} AND "activity_id" IS NULL`, params(k));
        await exec(em, `DELETE FROM delivery_attempts WHERE ${KEY} AND "activity_id" IS NULL AND "tries" <= 0`, params(k));
      }),
    mark: (k, what, at) =>
      db.run(async (em) => {
        await exec(em, `UPDATE delivery_attempts SET "${COLUMNS[what]}" = :at WHERE ${KEY}`, { ...params(k), at: at.getTime() });
      }),
  };
}
