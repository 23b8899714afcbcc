/** Contract: IdentityRepository, ConversationRepository, InboundRepository. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { at, T0 } from '../support/fixtures';

const teamsRef = { serviceUrl: 'https://smba.trafficmanager.net/uk/', conversation: { id: 'a:1' }, user: { id: '29:u1', name: 'Zoë' } };

export function peopleContract(ctx: ContractContext): void {
  const identity = {
    platform: 'teams' as const,
    platformUserId: '29:u1',
    email: 'Zoe.Teacher@School.Example',
    name: 'Zoë Teacher',
    tenantId: 'tenant-1',
    conversationRef: teamsRef,
  };

  it('stores an identity with its email in lower case and finds it by email and by platform id', async () => {
    const saved = await ctx.store.identities.upsert(identity);
    const expected = { ...identity, email: 'zoe.teacher@school.example', unreachableAt: null, unreachableReason: null };
    assert.deepEqual(saved, expected);
    assert.deepEqual(await ctx.store.identities.findByEmail('teams', 'ZOE.teacher@school.example'), expected);
    assert.deepEqual(await ctx.store.identities.findByPlatformId('teams', '29:u1'), expected);
    assert.equal(await ctx.store.identities.findByEmail('slack', 'zoe.teacher@school.example'), null);
    assert.equal(await ctx.store.identities.findByPlatformId('teams', '29:unknown'), null);
  });

  it('updates an identity in place and never overwrites a stored conversation reference with null', async () => {
    await ctx.store.identities.upsert(identity);
    const updated = await ctx.store.identities.upsert({ ...identity, name: 'Zoë T.', email: 'zoe@school.example', conversationRef: null });
    assert.deepEqual(updated.conversationRef, teamsRef);
    assert.equal(updated.name, 'Zoë T.');
    assert.equal(updated.email, 'zoe@school.example');
    const newRef = { ...teamsRef, conversation: { id: 'a:2' } };
    assert.deepEqual((await ctx.store.identities.upsert({ ...identity, conversationRef: newRef })).conversationRef, newRef);
  });

  it('keeps a first sighting without a conversation reference, and adds one later', async () => {
    const first = await ctx.store.identities.upsert({ ...identity, platform: 'slack', platformUserId: 'U1', conversationRef: null, tenantId: null });
    assert.equal(first.conversationRef, null);
    const later = await ctx.store.identities.upsert({ ...identity, platform: 'slack', platformUserId: 'U1', conversationRef: { channel: 'D1' }, tenantId: null });
    assert.deepEqual(later.conversationRef, { channel: 'D1' });
  });

  it('marks every identity of an email on a platform unreachable, with the reason and time', async () => {
    await ctx.store.identities.upsert(identity);
    await ctx.store.identities.upsert({ ...identity, platform: 'slack', platformUserId: 'U1' });
    await ctx.store.identities.markUnreachable('teams', 'ZOE.TEACHER@school.example', 'app not installed', at(7));
    const teams = await ctx.store.identities.findByPlatformId('teams', '29:u1');
    assert.equal(teams?.unreachableReason, 'app not installed');
    assert.deepEqual(teams?.unreachableAt, at(7));
    assert.equal((await ctx.store.identities.findByPlatformId('slack', 'U1'))?.unreachableAt, null);
  });

  it('treats a person who brings a new conversation reference as reachable again', async () => {
    await ctx.store.identities.upsert(identity);
    await ctx.store.identities.markUnreachable('teams', identity.email, 'blocked', at(1));
    const stillBlocked = await ctx.store.identities.upsert({ ...identity, conversationRef: null });
    assert.equal(stillBlocked.unreachableReason, 'blocked');
    const back = await ctx.store.identities.upsert(identity);
    assert.equal(back.unreachableAt, null);
    assert.equal(back.unreachableReason, null);
  });

  it('saves a conversation reference under a key, replaces it on a second save, and returns null for an unknown key', async () => {
    assert.equal(await ctx.store.conversations.get('teams', 'dsl_channel'), null);
    await ctx.store.conversations.save('teams', 'dsl_channel', { conversation: { id: '19:x@thread.tacv2' }, note: '${x} ✓' });
    await ctx.store.conversations.save('slack', 'dsl_channel', { channel: 'C1' });
    assert.deepEqual(await ctx.store.conversations.get('teams', 'dsl_channel'), { conversation: { id: '19:x@thread.tacv2' }, note: '${x} ✓' });
    await ctx.store.conversations.save('teams', 'dsl_channel', { conversation: { id: '19:y@thread.tacv2' } });
    assert.deepEqual(await ctx.store.conversations.get('teams', 'dsl_channel'), { conversation: { id: '19:y@thread.tacv2' } });
    assert.deepEqual(await ctx.store.conversations.get('slack', 'dsl_channel'), { channel: 'C1' });
  });

  it('reports an inbound event as first seen once, then as a duplicate, separately per platform', async () => {
    assert.equal(await ctx.store.inbound.firstSeen('slack', 'Ev123', T0), true);
    assert.equal(await ctx.store.inbound.firstSeen('slack', 'Ev123', at(1)), false);
    assert.equal(await ctx.store.inbound.firstSeen('teams', 'Ev123', T0), true);
    const many = await Promise.all(Array.from({ length: 5 }, () => ctx.store.inbound.firstSeen('teams', 'same-retry', T0)));
    assert.deepEqual(many.filter(Boolean).length, 1);
  });

  it('keeps a transaction usable after a duplicate inbound event inside it', async () => {
    await ctx.store.inbound.firstSeen('teams', 'act-1', T0);
    await ctx.store.transaction(async (tx) => {
      assert.equal(await tx.inbound.firstSeen('teams', 'act-1', T0), false);
      await tx.conversations.save('teams', 'k', { ok: true });
    });
    assert.deepEqual(await ctx.store.conversations.get('teams', 'k'), { ok: true });
  });
}
