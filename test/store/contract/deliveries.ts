/** Contract: DeliveryAttemptRepository, the delivery ledger that keeps a retried post from showing twice. */
import assert from 'node:assert/strict';
import type { DeliveryKey } from '../../../src/core/ports';
import type { ContractContext } from '../support/context';
import { at, T0 } from '../support/fixtures';

const KEY: DeliveryKey = { outboxId: '6f1c0a52-8e0b-4c1e-9a57-2b1d5f0c7e11', platform: 'slack', recipientKey: 'Head@School.test' };

export function deliveryContract(ctx: ContractContext): void {
  it('records a post as started before it is made, then the message the platform confirmed, and returns it exactly', async () => {
    assert.equal(await ctx.store.deliveries.get(KEY), null);
    const started = await ctx.store.deliveries.start(KEY, T0);
    const unknown = { ...KEY, recipientKey: 'head@school.test', startedAt: T0, tries: 1, conversationId: null, activityId: null, postedAt: null, uncertainAt: null, replacedAt: null };
    assert.deepEqual(started, unknown);
    await ctx.store.deliveries.posted(KEY, { conversationId: 'D123', activityId: '1700000001.000100' }, at(250));
    assert.deepEqual(await ctx.store.deliveries.get({ ...KEY, recipientKey: 'HEAD@school.test' }), { ...unknown, conversationId: 'D123', activityId: '1700000001.000100', postedAt: at(250) });
  });

  it('keeps one row per outbox row, platform and recipient: a second start counts a try and keeps when the first began', async () => {
    await ctx.store.deliveries.start(KEY, T0);
    const again = await ctx.store.deliveries.start(KEY, at(60_000));
    assert.equal(again.tries, 2);
    assert.deepEqual(again.startedAt, T0, 'a search for the earlier post starts from the first try');
    const teams = await ctx.store.deliveries.start({ ...KEY, platform: 'teams' }, at(1));
    assert.equal(teams.tries, 1, 'Teams has a row of its own');
  });

  it('forgets a try the platform refused, but not an earlier one whose outcome is unknown', async () => {
    await ctx.store.deliveries.start(KEY, T0);
    await ctx.store.deliveries.refused(KEY);
    assert.equal(await ctx.store.deliveries.get(KEY), null, 'a refused first try leaves nothing to reconcile');
    await ctx.store.deliveries.start(KEY, T0);
    await ctx.store.deliveries.start(KEY, at(1000));
    await ctx.store.deliveries.refused(KEY);
    const left = await ctx.store.deliveries.get(KEY);
    assert.equal(left?.tries, 1, 'the first, unknown try still stands');
    assert.equal(left?.activityId, null);
  });

  it('never forgets a confirmed post when a later try is refused', async () => {
    await ctx.store.deliveries.start(KEY, T0);
    await ctx.store.deliveries.posted(KEY, { conversationId: 'C1', activityId: '1.1' }, at(1));
    await ctx.store.deliveries.refused(KEY);
    assert.equal((await ctx.store.deliveries.get(KEY))?.activityId, '1.1');
  });

  it('stamps when a retry replaced the earlier post and when it had to post again uncertain', async () => {
    await ctx.store.deliveries.start(KEY, T0);
    await ctx.store.deliveries.mark(KEY, 'uncertainAt', at(10));
    await ctx.store.deliveries.mark(KEY, 'replacedAt', at(20));
    const row = await ctx.store.deliveries.get(KEY);
    assert.deepEqual([row?.uncertainAt, row?.replacedAt], [at(10), at(20)]);
  });

  it('writes the ledger inside a transaction together with the other rows, or not at all', async () => {
    await assert.rejects(
      ctx.store.transaction(async (tx) => {
        await tx.deliveries.start(KEY, T0);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.equal(await ctx.store.deliveries.get(KEY), null);
  });
}
