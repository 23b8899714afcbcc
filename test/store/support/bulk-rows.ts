/**
 * Many rows at once on PostgreSQL (generate_series), for tests that need a table the size of a
 * school's years of use: claims under contention, and the query plans of the periodic queries.
 */
import pg from 'pg';
import { PG_URL } from './postgres';

/** A client whose search_path is `schema`; the caller ends it. */
export async function pgClient(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}

export interface OutboxRows {
  count: number;
  /** Row i's status: pending rows are due at `dueAt`, finished ones were created at `createdAt`. */
  status: 'pending' | 'sent';
  dueAt: number;
  createdAt: number;
  /** A prefix for ids and dedupe keys, so several calls do not collide. */
  prefix: string;
}

/** Inserts `count` outbox rows to people; returns their ids. */
export async function insertOutbox(client: pg.Client, r: OutboxRows): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO outbox ("id", "dedupe_key", "incident_id", "recipient_type", "recipient_email", "kind", "payload", "status", "attempts",
       "next_attempt_at", "lease_owner", "lease_until", "last_error", "created_at", "sent_at")
     SELECT $1 || i, $1 || 'key-' || i, NULL, 'person', 'p' || i || '@school.example', 'incident.dm', '{}', $2::varchar, 0, $3::bigint, NULL, NULL, NULL, $4::bigint,
       CASE WHEN $2::varchar = 'sent' THEN $4::bigint ELSE NULL END
     FROM generate_series(1, $5) AS i RETURNING "id"`,
    [r.prefix, r.status, r.dueAt, r.createdAt, r.count],
  );
  return rows.map((x) => x.id);
}

/** Inserts `count` duty reminders, due at `dueAt` (null: not due); returns their ids. */
export async function insertReminders(client: pg.Client, count: number, dueAt: number | null, prefix: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO duty_reminders ("id", "key", "duty_id", "subject_email", "due_date", "due_at", "last_reminded_at", "level", "version", "lease_owner", "lease_until")
     SELECT $1 || i, $1 || 'training:p' || i, 'training', 'p' || i || '@school.example', '2026-01-05', $2::bigint, NULL, 0, 1, NULL, NULL
     FROM generate_series(1, $3) AS i RETURNING "id"`,
    [prefix, dueAt, count],
  );
  return rows.map((x) => x.id);
}
