/** Contract: OutboxRepository — dedupe, leases, two workers, marks. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { at, newIncident, newMessage, T0 } from '../support/fixtures';

const LEASE = 30_000;

export function outboxContract(ctx: ContractContext): void {
  it('enqueues a pending message, and returns false and inserts nothing for a duplicate dedupe key', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const msg = newMessage('incident:1:dm:dsl', { incidentId: incident.id, payload: { incidentId: incident.id, version: 1 } });
    assert.equal(await ctx.store.outbox.enqueue(msg, at(-10)), true);
    assert.equal(await ctx.store.outbox.enqueue({ ...msg, kind: 'other', nextAttemptAt: at(-99) }, at(-5)), false);
    const rows = await ctx.store.outbox.listByIncident(incident.id);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], {
      id: rows[0]?.id,
      dedupeKey: 'incident:1:dm:dsl',
      incidentId: incident.id,
      recipient: { type: 'person', email: 'dsl@school.example' },
      kind: 'incident.dm',
      payload: { incidentId: incident.id, version: 1 },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      createdAt: at(-10),
      sentAt: null,
    });
  });

  it('keeps a transaction usable after a duplicate enqueue inside it', async () => {
    await ctx.store.outbox.enqueue(newMessage('dup'), T0);
    const incident = await ctx.store.transaction(async (tx) => {
      assert.equal(await tx.outbox.enqueue(newMessage('dup'), T0), false);
      const created = await tx.incidents.create(newIncident(), 'OS', 2026);
      assert.equal(await tx.outbox.enqueue(newMessage('fresh', { incidentId: created.id }), T0), true);
      return created;
    });
    assert.equal((await ctx.store.outbox.listByIncident(incident.id)).length, 1);
  });

  it('stores each kind of recipient and lists an incident’s messages in the order they were enqueued', async () => {
    const { id } = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    await ctx.store.outbox.enqueue(newMessage('a', { incidentId: id, recipient: { type: 'dsl_channel' } }), T0);
    await ctx.store.outbox.enqueue(newMessage('b', { incidentId: id, recipient: { type: 'person', email: 'head@school.example' } }), T0);
    await ctx.store.outbox.enqueue(newMessage('c', { incidentId: id, recipient: { type: 'posted_cards' } }), T0);
    await ctx.store.outbox.enqueue(newMessage('d'), T0);
    const rows = await ctx.store.outbox.listByIncident(id);
    assert.deepEqual(rows.map((r) => [r.dedupeKey, r.recipient]), [
      ['a', { type: 'dsl_channel' }],
      ['b', { type: 'person', email: 'head@school.example' }],
      ['c', { type: 'posted_cards' }],
    ]);
  });

  it('claims due messages for a worker, soonest first, leasing them and counting the attempt', async () => {
    await ctx.store.outbox.enqueue(newMessage('later', { nextAttemptAt: at(-1000) }), T0);
    await ctx.store.outbox.enqueue(newMessage('first', { nextAttemptAt: at(-5000) }), T0);
    await ctx.store.outbox.enqueue(newMessage('now', { nextAttemptAt: T0 }), T0);
    await ctx.store.outbox.enqueue(newMessage('future', { nextAttemptAt: at(1) }), T0);
    const claimed = await ctx.store.outbox.claimDue(T0, 'worker-a', LEASE, 2);
    assert.deepEqual(claimed.map((m) => m.dedupeKey), ['first', 'later']);
    for (const m of claimed) {
      assert.equal(m.leaseOwner, 'worker-a');
      assert.equal(m.leaseUntil?.getTime(), T0.getTime() + LEASE);
      assert.equal(m.attempts, 1);
      assert.equal(m.status, 'pending');
    }
    assert.deepEqual((await ctx.store.outbox.claimDue(T0, 'worker-a', LEASE, 10)).map((m) => m.dedupeKey), ['now']);
    assert.deepEqual(await ctx.store.outbox.claimDue(T0, 'worker-b', LEASE, 10), []);
  });

  it('does not let a second worker claim a message while its lease holds, and lets it once the lease expires', async () => {
    await ctx.store.outbox.enqueue(newMessage('m'), T0);
    const [mine] = await ctx.store.outbox.claimDue(T0, 'worker-a', 1000, 10);
    assert.ok(mine);
    assert.deepEqual(await ctx.store.outbox.claimDue(at(999), 'worker-b', 1000, 10), []);
    const [reclaimed] = await ctx.store.outbox.claimDue(at(1000), 'worker-b', 1000, 10);
    assert.equal(reclaimed?.id, mine.id);
    assert.equal(reclaimed?.attempts, 2);
    assert.equal(await ctx.store.outbox.markSent(mine.id, 'worker-a', at(1001)), false, 'the expired lease holder may not mark');
    assert.equal(await ctx.store.outbox.markSent(mine.id, 'worker-b', at(1001)), true);
  });

  it('never gives the same message to two workers claiming at the same time', async () => {
    const other = await ctx.open();
    for (let i = 0; i < 30; i++) await ctx.store.outbox.enqueue(newMessage(`m${i}`), T0);
    const seen = new Map<string, string>();
    for (let round = 0; round < 10 && seen.size < 30; round++) {
      const [a, b] = await Promise.all([
        ctx.store.outbox.claimDue(T0, 'worker-a', LEASE, 7),
        other.outbox.claimDue(T0, 'worker-b', LEASE, 7),
      ]);
      for (const [worker, msgs] of [['worker-a', a], ['worker-b', b]] as const)
        for (const m of msgs) {
          assert.equal(seen.has(m.id), false, `message ${m.dedupeKey} claimed twice`);
          assert.equal(m.leaseOwner, worker);
          seen.set(m.id, worker);
        }
    }
    assert.equal(seen.size, 30);
  });

  it('applies marks only for the worker holding the lease, and once', async () => {
    const { id } = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    await ctx.store.outbox.enqueue(newMessage('m', { incidentId: id }), T0);
    const [m] = await ctx.store.outbox.claimDue(T0, 'worker-a', LEASE, 10);
    assert.ok(m);
    assert.equal(await ctx.store.outbox.markSent(m.id, 'worker-b', at(1)), false);
    assert.equal(await ctx.store.outbox.markRetry(m.id, 'worker-b', at(5), 'x'), false);
    assert.equal(await ctx.store.outbox.markFinal(m.id, 'worker-b', 'failed', 'x'), false);
    assert.equal(await ctx.store.outbox.markSent(m.id, 'worker-a', at(1)), true);
    assert.equal(await ctx.store.outbox.markSent(m.id, 'worker-a', at(2)), false);
    assert.equal(await ctx.store.outbox.markFinal('missing', 'worker-a', 'failed', 'x'), false);
    const [sent] = await ctx.store.outbox.listByIncident(id);
    assert.equal(sent?.status, 'sent');
    assert.deepEqual(sent?.sentAt, at(1));
    assert.equal(sent?.leaseOwner, null);
    assert.deepEqual(await ctx.store.outbox.claimDue(at(LEASE * 10), 'worker-a', LEASE, 10), []);
  });

  it('schedules a retry: the message is pending again from the next attempt time, with the error kept', async () => {
    const { id } = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    await ctx.store.outbox.enqueue(newMessage('m', { incidentId: id }), T0);
    const [m] = await ctx.store.outbox.claimDue(T0, 'worker-a', LEASE, 10);
    assert.ok(m);
    assert.equal(await ctx.store.outbox.markRetry(m.id, 'worker-a', at(60_000), 'HTTP 429 from Teams'), true);
    const [row] = await ctx.store.outbox.listByIncident(id);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.lastError, 'HTTP 429 from Teams');
    assert.equal(row?.leaseOwner, null);
    assert.equal(row?.leaseUntil, null);
    assert.deepEqual(row?.nextAttemptAt, at(60_000));
    assert.deepEqual(await ctx.store.outbox.claimDue(at(59_999), 'worker-b', LEASE, 10), []);
    const [again] = await ctx.store.outbox.claimDue(at(60_000), 'worker-b', LEASE, 10);
    assert.equal(again?.id, m.id);
    assert.equal(again?.attempts, 2);
  });

  it('records a final status, unreachable or failed, and never offers the message again', async () => {
    const { id } = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    await ctx.store.outbox.enqueue(newMessage('u', { incidentId: id }), T0);
    await ctx.store.outbox.enqueue(newMessage('f', { incidentId: id }), T0);
    const claimed = await ctx.store.outbox.claimDue(T0, 'worker-a', LEASE, 10);
    const byKey = new Map(claimed.map((m) => [m.dedupeKey, m.id]));
    assert.equal(await ctx.store.outbox.markFinal(byKey.get('u') ?? '', 'worker-a', 'unreachable', '403 BotNotInConversationRoster'), true);
    assert.equal(await ctx.store.outbox.markFinal(byKey.get('f') ?? '', 'worker-a', 'failed', 'gave up after 8 attempts'), true);
    const rows = await ctx.store.outbox.listByIncident(id);
    assert.deepEqual(rows.map((r) => [r.dedupeKey, r.status, r.lastError]), [
      ['u', 'unreachable', '403 BotNotInConversationRoster'],
      ['f', 'failed', 'gave up after 8 attempts'],
    ]);
    assert.deepEqual(await ctx.store.outbox.claimDue(at(LEASE * 10), 'worker-b', LEASE, 10), []);
    assert.equal(await ctx.store.outbox.nextDue(), null);
  });

  it('reports the earliest next attempt among pending messages, or null when none is pending', async () => {
    assert.equal(await ctx.store.outbox.nextDue(), null);
    await ctx.store.outbox.enqueue(newMessage('b', { nextAttemptAt: at(5000) }), T0);
    await ctx.store.outbox.enqueue(newMessage('a', { nextAttemptAt: at(2001) }), T0);
    assert.deepEqual(await ctx.store.outbox.nextDue(), at(2001));
    const [a] = await ctx.store.outbox.claimDue(at(2001), 'worker-a', LEASE, 1);
    assert.ok(a);
    await ctx.store.outbox.markSent(a.id, 'worker-a', at(2002));
    assert.deepEqual(await ctx.store.outbox.nextDue(), at(5000));
  });
}
