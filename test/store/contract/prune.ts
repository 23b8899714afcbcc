/** Contract: pruning the tables that only grow (inbound event ids, finished outbox rows with their ledger rows). */
import assert from 'node:assert/strict';
import type { Store } from '../../../src/core/ports';
import { INBOUND_KEEP_MS, OUTBOX_KEEP_MS, pruneGrowingTables } from '../../../src/core/notify/prune';
import type { ContractContext } from '../support/context';
import { at, newIncident, newMessage, T0 } from '../support/fixtures';

const DAY = 24 * 3600_000;
const OWNER = 'worker-1';

/** Queues a message at `queuedAt`, due at once, and (unless `end` is 'pending') claims and finishes it at `queuedAt`. */
async function message(store: Store, incidentId: string, key: string, queuedAt: Date, end: 'sent' | 'failed' | 'pending'): Promise<string> {
  await store.outbox.enqueue(newMessage(key, { incidentId, nextAttemptAt: queuedAt }), queuedAt);
  const row = (await store.outbox.listByIncident(incidentId)).find((r) => r.dedupeKey === key)!;
  await store.deliveries.start({ outboxId: row.id, platform: 'teams', recipientKey: 'dsl@school.example' }, queuedAt);
  if (end === 'pending') return row.id;
  const [claimed] = await store.outbox.claimDue(queuedAt, OWNER, 30_000, 1);
  assert.equal(claimed?.id, row.id);
  assert.ok(end === 'sent' ? await store.outbox.markSent(row.id, OWNER, queuedAt) : await store.outbox.markFinal(row.id, OWNER, 'failed', 'E'));
  return row.id;
}

export function pruneContract(ctx: ContractContext): void {
  it('forgets inbound event ids seen more than a day ago, so only a recent platform retry is still a duplicate', async () => {
    await ctx.store.inbound.firstSeen('slack', 'Ev-old', at(-INBOUND_KEEP_MS - 1));
    await ctx.store.inbound.firstSeen('teams', 'act-recent', at(-INBOUND_KEEP_MS + 60_000));
    assert.equal(await ctx.store.inbound.pruneSeen(at(-INBOUND_KEEP_MS), 500), 1);
    assert.equal(await ctx.store.inbound.firstSeen('teams', 'act-recent', T0), false, 'a retry within the day is still recognised');
    assert.equal(await ctx.store.inbound.firstSeen('slack', 'Ev-old', T0), true, 'the old id was forgotten');
  });

  it('deletes finished outbox rows past their keep time with their ledger rows, and never a pending or recent one', async () => {
    const { id } = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const old = at(-OUTBOX_KEEP_MS - DAY);
    const oldSent = await message(ctx.store, id, 'old-sent', old, 'sent');
    await message(ctx.store, id, 'old-failed', at(-OUTBOX_KEEP_MS - 2 * DAY), 'failed');
    const recentSent = await message(ctx.store, id, 'recent-sent', at(-DAY), 'sent');
    // Queued a month ago and still not delivered (the recipient unreachable so far): kept whatever its age.
    const oldPending = await message(ctx.store, id, 'old-pending', old, 'pending');
    assert.equal(await ctx.store.outbox.pruneFinished(at(-OUTBOX_KEEP_MS), 500), 2);
    const left = await ctx.store.outbox.listByIncident(id);
    assert.deepEqual(left.map((r) => [r.dedupeKey, r.status]), [['old-pending', 'pending'], ['recent-sent', 'sent']]);
    const ledger = async (outboxId: string) => ctx.store.deliveries.get({ outboxId, platform: 'teams', recipientKey: 'dsl@school.example' });
    assert.equal(await ledger(oldSent), null, 'the pruned row’s ledger row went with it');
    assert.notEqual(await ledger(oldPending), null, 'a pending row keeps its ledger row: a retry must not post twice');
    assert.notEqual(await ledger(recentSent), null);
  });

  it('prunes in batches of the size asked, and a bounded number of batches per call', async () => {
    const { id } = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    for (let i = 0; i < 5; i++) await message(ctx.store, id, `old-${i}`, at(-OUTBOX_KEEP_MS - DAY - i), 'sent');
    for (let i = 0; i < 5; i++) await ctx.store.inbound.firstSeen('slack', `Ev-${i}`, at(-INBOUND_KEEP_MS - DAY - i));
    assert.equal(await ctx.store.outbox.pruneFinished(at(-OUTBOX_KEEP_MS), 2), 2, 'one batch deletes at most its size');
    // At most two batches of two per call: a full second batch of event ids leaves one for the next call.
    assert.deepEqual(await pruneGrowingTables(ctx.store, T0, 2, 2), { inboundEvents: 4, outbox: 3 });
    assert.deepEqual(await pruneGrowingTables(ctx.store, T0, 2, 2), { inboundEvents: 1, outbox: 0 });
    assert.deepEqual(await pruneGrowingTables(ctx.store, T0, 2, 2), { inboundEvents: 0, outbox: 0 }, 'pruning again changes nothing');
    assert.deepEqual(await ctx.store.outbox.listByIncident(id), []);
  });
}
