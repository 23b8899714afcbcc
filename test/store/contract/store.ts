/** Contract: Store.transaction, ping, close, and migrations. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { newDraft, newIncident, newMessage, T0 } from '../support/fixtures';

export function storeContract(ctx: ContractContext): void {
  it('commits every write made inside a transaction together and returns the function’s value', async () => {
    const result = await ctx.store.transaction(async (tx) => {
      const incident = await tx.incidents.create(newIncident(), 'OS', 2026);
      await tx.events.add({ incidentId: incident.id, at: T0, actorEmail: null, type: 'reported', data: {} });
      await tx.outbox.enqueue(newMessage('k', { incidentId: incident.id }), T0);
      return incident;
    });
    assert.deepEqual(await ctx.store.incidents.get(result.id), result);
    assert.equal((await ctx.store.events.listByIncident(result.id)).length, 1);
    assert.equal((await ctx.store.outbox.listByIncident(result.id)).length, 1);
  });

  it('rolls back every write, outbox rows included, when the transaction throws', async () => {
    let incidentId = '';
    const draft = newDraft();
    await assert.rejects(
      ctx.store.transaction(async (tx) => {
        const incident = await tx.incidents.create(newIncident(), 'OS', 2026);
        incidentId = incident.id;
        await tx.events.add({ incidentId, at: T0, actorEmail: null, type: 'reported', data: {} });
        assert.equal(await tx.outbox.enqueue(newMessage('rolled-back', { incidentId }), T0), true);
        await tx.drafts.save(draft);
        await tx.inbound.firstSeen('teams', 'activity-1', T0);
        await tx.identities.upsert({ platform: 'teams', platformUserId: '29:x', email: 'x@school.example', name: null, tenantId: null, conversationRef: null });
        await tx.conversations.save('teams', 'dsl_channel', { id: 1 });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await ctx.store.incidents.get(incidentId), null);
    assert.deepEqual(await ctx.store.events.listByIncident(incidentId), []);
    assert.deepEqual(await ctx.store.outbox.listByIncident(incidentId), []);
    assert.equal(await ctx.store.outbox.nextDue(), null);
    assert.equal(await ctx.store.drafts.get(draft.id), null);
    assert.equal(await ctx.store.inbound.firstSeen('teams', 'activity-1', T0), true);
    assert.equal(await ctx.store.identities.findByPlatformId('teams', '29:x'), null);
    assert.equal(await ctx.store.conversations.get('teams', 'dsl_channel'), null);
    assert.equal(await ctx.store.outbox.enqueue(newMessage('rolled-back'), T0), true, 'the dedupe key is free again');
  });

  it('runs transactions started at the same time without losing or mixing their writes', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        ctx.store.transaction(async (tx) => {
          const incident = await tx.incidents.create(newIncident(), 'OS', 2026);
          await tx.outbox.enqueue(newMessage(`tx-${i}`, { incidentId: incident.id }), T0);
          if (i % 2 === 1) throw new Error(`fail ${i}`);
          return incident;
        }),
      ),
    );
    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    assert.equal(committed.length, 3);
    for (const incident of committed) assert.equal((await ctx.store.outbox.listByIncident(incident.id)).length, 1);
    assert.equal((await ctx.store.incidents.listOpen(100)).length, 3);
    const claimed = await ctx.store.outbox.claimDue(T0, 'w', 1000, 100);
    assert.deepEqual(claimed.map((m) => m.dedupeKey).sort(), ['tx-0', 'tx-2', 'tx-4']);
  });

  it('answers ping with true while open and false once closed, and closes twice without error', async () => {
    const store = await ctx.open();
    assert.equal(await store.ping(), true);
    await store.close();
    assert.equal(await store.ping(), false);
    await store.close();
  });

  it('opens the same database twice without re-running migrations, keeping its data', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const again = await ctx.open();
    assert.deepEqual(await again.incidents.get(incident.id), incident);
    assert.equal((await again.incidents.create(newIncident(), 'OS', 2026)).reference, 'OS-2026-0002');
    const third = await ctx.open();
    assert.equal(await third.ping(), true);
  });
}
