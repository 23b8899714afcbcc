/**
 * Claims under contention on PostgreSQL: two instances (two stores, each with its own pool, on one
 * schema) claiming the outbox and the duty reminders at the same time take disjoint rows, together
 * all of them, and neither waits for rows the other holds locked (FOR UPDATE SKIP LOCKED).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/core/ports';
import { openStore } from '../../src/store';
import { T0 } from './support/fixtures';
import { PG_URL, pgAdmin, requirePostgresOrSkip } from './support/postgres';
import { insertOutbox, insertReminders, pgClient } from './support/bulk-rows';

const ROWS = 1000;
const LEASE_MS = 60_000;

type Claim = (s: Store, owner: string) => Promise<{ id: string; leaseOwner: string | null }[]>;

const QUEUES: { name: string; fill: (schema: string) => Promise<string[]>; claim: Claim; table: string }[] = [
  {
    name: 'outbox',
    table: 'outbox',
    fill: async (schema) => {
      const c = await pgClient(schema);
      try {
        return await insertOutbox(c, { count: ROWS, status: 'pending', dueAt: T0.getTime() - 1000, createdAt: T0.getTime() - 1000, prefix: 'o-' });
      } finally {
        await c.end();
      }
    },
    claim: (s, owner) => s.outbox.claimDue(T0, owner, LEASE_MS, 25),
  },
  {
    name: 'duty reminders',
    table: 'duty_reminders',
    fill: async (schema) => {
      const c = await pgClient(schema);
      try {
        return await insertReminders(c, ROWS, T0.getTime() - 1000, 'r-');
      } finally {
        await c.end();
      }
    },
    claim: (s, owner) => s.reminders.claimDue(T0, owner, LEASE_MS, 25),
  },
];

/** Claims batch after batch until nothing is left; every id claimed, in order. */
async function claimAll(store: Store, owner: string, claim: Claim): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const rows = await claim(store, owner);
    if (rows.length === 0) return ids;
    for (const r of rows) assert.equal(r.leaseOwner, owner, 'a claimed row is leased to its claimer');
    ids.push(...rows.map((r) => r.id));
  }
}

describe('store on PostgreSQL: two instances claiming one work queue', function () {
  this.timeout(60_000);
  let schema = '';
  let a: Store;
  let b: Store;

  before(async function () {
    await requirePostgresOrSkip(this, 'PostgreSQL claims');
  });
  beforeEach(async () => {
    schema = `claims_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    a = await openStore(PG_URL, { schema, create: true });
    b = await openStore(PG_URL, { schema });
  });
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await pgAdmin(`DROP SCHEMA "${schema}" CASCADE`);
  });

  for (const q of QUEUES) {
    it(`splits ${ROWS} due ${q.name} rows between two claimers at once: no row twice, none left out`, async () => {
      const all = await q.fill(schema);
      const [byA, byB] = await Promise.all([claimAll(a, 'instance-a', q.claim), claimAll(b, 'instance-b', q.claim)]);
      const seenA = new Set(byA);
      assert.equal(seenA.size, byA.length, 'instance A never got a row twice');
      assert.deepEqual(byB.filter((id) => seenA.has(id)), [], 'no row claimed by both');
      assert.deepEqual([...byA, ...byB].sort(), [...all].sort(), 'together they claimed every row');
      assert.ok(byA.length > 0 && byB.length > 0, `both did some of the work (A ${byA.length}, B ${byB.length})`);
    });

    it(`skips ${q.name} rows another instance holds locked instead of waiting for them`, async () => {
      const all = await q.fill(schema);
      // Another instance's claim in progress: its transaction holds 100 rows locked and does not commit.
      const holder = await pgClient(schema);
      try {
        await holder.query('BEGIN');
        const { rows } = await holder.query<{ id: string }>(`SELECT "id" FROM ${q.table} ORDER BY "id" LIMIT 100 FOR UPDATE`);
        const locked = new Set(rows.map((r) => r.id));
        const started = Date.now();
        const claimed = await Promise.race([
          claimAll(b, 'instance-b', q.claim),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the claim waited on the other instance’s locks')), 10_000).unref()),
        ]);
        assert.equal(claimed.length, ROWS - locked.size, `claimed every unlocked row (${Date.now() - started} ms)`);
        assert.deepEqual(claimed.filter((id) => locked.has(id)), [], 'none of the locked rows');
        await holder.query('ROLLBACK');
        // Once the other instance lets go (it crashed, its transaction rolled back), the rows are claimable.
        const rest = await claimAll(a, 'instance-a', q.claim);
        assert.deepEqual([...claimed, ...rest].sort(), [...all].sort());
      } finally {
        await holder.end();
      }
    });
  }
});
