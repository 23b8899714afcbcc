/**
 * Every query the background loop runs each round (src/host/periodic.ts, the list the code keeps)
 * is answered from an index on PostgreSQL, not by reading a whole table that grows with the years.
 *
 * The tables are filled as a school's would be after years of use (tens of thousands of finished
 * rows, a handful due), then ANALYZEd, and each statement a periodic query sends is explained with
 * its real parameters. ANALYZE rather than `SET enable_seqscan = off`: with fresh statistics the
 * plan is the one production gets, and a missing index shows as a Seq Scan; with seq scans
 * disabled the planner would instead pick a full scan of any index at all, which reads every row
 * just the same and would pass.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import sinon from 'sinon';
import type { Store } from '../../src/core/ports';
import { openStore } from '../../src/store';
import { PERIODIC_QUERIES, type PeriodicQuery } from '../../src/host/periodic';
import { OPEN_CONCERNS_CAP } from '../../src/core/incident-actions/list';
import { T0 } from './support/fixtures';
import { PG_URL, pgAdmin, requirePostgresOrSkip } from './support/postgres';
import { insertOutbox, insertReminders, pgClient } from './support/bulk-rows';

const MANY = 20_000;
const DAY = 24 * 3600_000;
/**
 * Queries a person's request makes that also read a table that only grows: checked the same way.
 * The DSL's open-concerns list (issue #11: `concerns`, Slack's Home tab) reads open incidents only, never years of closed ones.
 */
const ON_REQUEST: readonly PeriodicQuery[] = [{ method: 'incidents.listOpen', variant: "the DSL's open-concerns list", run: (s) => s.incidents.listOpen(OPEN_CONCERNS_CAP + 1) }];

/** Tables that only grow, or grow with the school: none may be read whole by a periodic query. */
const LARGE = ['outbox', 'inbound_events', 'incidents', 'drafts', 'duty_reminders', 'delivery_attempts', 'filter_requests'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const here = node['Node Type'] === 'Seq Scan' && node['Relation Name'] && LARGE.includes(node['Relation Name']) ? [node['Relation Name']] : [];
  return [...here, ...(node.Plans ?? []).flatMap(seqScans)];
}

/** Years of finished work and a little that is due, as after years of use. */
async function fill(c: pg.Client): Promise<void> {
  const now = T0.getTime();
  await insertOutbox(c, { count: MANY, status: 'sent', dueAt: now - 40 * DAY, createdAt: now - 10 * DAY, prefix: 'sent-' });
  await insertOutbox(c, { count: 20, status: 'pending', dueAt: now - 1000, createdAt: now - 1000, prefix: 'due-' });
  await insertOutbox(c, { count: 20, status: 'sent', dueAt: now - 40 * DAY, createdAt: now - 40 * DAY, prefix: 'old-' });
  await insertReminders(c, MANY, now + 30 * DAY, 'later-');
  await insertReminders(c, 10, now - 1000, 'due-');
  await c.query(
    `INSERT INTO delivery_attempts ("outbox_id", "platform", "recipient_key", "started_at", "tries")
     SELECT "id", 'teams', "recipient_email", "created_at", 1 FROM outbox`,
  );
  await c.query(`INSERT INTO inbound_events ("platform", "event_id", "seen_at") SELECT 'slack', 'Ev' || i, $1::bigint - i FROM generate_series(1, $2) AS i`, [now - 1000, MANY]);
  await c.query(
    `INSERT INTO incidents ("id", "reference", "category", "kinds", "urgent", "immediate_danger", "status", "version", "reporter_email", "reporter_platform",
       "route", "answers", "reported_at", "page_level", "next_page_at")
     SELECT 'inc-' || i, 'OS-' || i, 'pupil', '[]', i % 10 = 0, FALSE, CASE WHEN i <= 5 THEN 'reported' ELSE 'closed' END, 1, 't@school.example', 'teams',
       'dsl_team', '{}', $1::bigint - i * 60000, 1, CASE WHEN i <= 5 THEN $1::bigint - 1000 ELSE NULL END
     FROM generate_series(1, $2) AS i`,
    [now, MANY],
  );
  await c.query(
    `INSERT INTO drafts ("id", "platform", "platform_user_id", "reporter_email", "category", "step", "answers", "status", "open_key", "incident_id",
       "created_at", "updated_at", "expires_at", "immediate_danger")
     SELECT 'draft-' || i, 'teams', 'u' || i, 't@school.example', 'pupil', 'what',
       CASE WHEN i <= 5 THEN '{"what":"x"}' ELSE '{}' END, CASE WHEN i <= 20 THEN 'open' ELSE 'submitted' END,
       CASE WHEN i <= 20 THEN 'teams:u' || i ELSE NULL END, NULL, $1::bigint - i * 60000, $1::bigint - i * 60000, $1::bigint + 3 * 86400000, i <= 3
     FROM generate_series(1, $2) AS i`,
    [now, MANY],
  );
  // Filtering requests: years of them re-blocked, a few whose period ended and not yet reminded.
  await c.query(
    `INSERT INTO filter_requests ("id", "requester_email", "url", "reason", "from_date", "until_date", "status", "version", "created_at")
     SELECT 'fr-' || i, 't@school.example', 'https://example.org/' || i, 'lesson', '2025-01-01', CASE WHEN i <= 5 THEN '2026-01-01' ELSE '2025-01-02' END,
       CASE WHEN i <= 5 THEN 'approved' ELSE 'reblocked' END, 1, $1::bigint - i * 60000
     FROM generate_series(1, $2) AS i`,
    [now, MANY],
  );
  await c.query('ANALYZE');
}

describe('store on PostgreSQL: every periodic query is indexed', function () {
  this.timeout(60_000);
  const schema = `indexes_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let store: Store;
  let client: pg.Client;

  before(async function () {
    await requirePostgresOrSkip(this, 'PostgreSQL query plans');
    store = await openStore(PG_URL, { schema, create: true });
    client = await pgClient(schema);
    await fill(client);
  });
  after(async () => {
    await client?.end();
    await store?.close();
    if (store) await pgAdmin(`DROP SCHEMA "${schema}" CASCADE`);
  });

  for (const q of [...PERIODIC_QUERIES, ...ON_REQUEST]) {
    it(`${q.method}${q.variant ? ` (${q.variant})` : ''} reads no large table whole`, async () => {
      const sent: { text: string; values: unknown[] }[] = [];
      const spy = sinon.spy(pg.Client.prototype, 'query');
      try {
        await q.run(store, T0);
      } finally {
        spy.restore();
      }
      for (const call of spy.getCalls()) {
        const [text, values] = call.args as unknown[];
        if (typeof text === 'string' && /^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(text)) sent.push({ text, values: Array.isArray(values) ? values : [] });
      }
      assert.ok(sent.length > 0, `${q.method} sent no statement to explain`);
      for (const s of sent) {
        const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${s.text}`, s.values);
        const plan = rows[0]['QUERY PLAN'][0].Plan;
        assert.deepEqual(seqScans(plan), [], `${q.method}: a sequential scan in the plan of ${s.text}\n${JSON.stringify(plan)}`);
      }
    });
  }
});
