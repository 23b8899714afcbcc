/** Contract: DraftRepository. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { at, newDraft, newIncident, T0 } from '../support/fixtures';

export function draftContract(ctx: ContractContext): void {
  it("saves a draft and reads it back by id and as the reporter's open draft", async () => {
    const draft = newDraft({ answers: { what: 'Ça va ${x} 🙂', kinds: ['a', 'b'] } });
    await ctx.store.drafts.save(draft);
    assert.deepEqual(await ctx.store.drafts.get(draft.id), draft);
    assert.deepEqual(await ctx.store.drafts.getOpen('teams', draft.platformUserId), draft);
    assert.equal(await ctx.store.drafts.getOpen('slack', draft.platformUserId), null);
    assert.equal(await ctx.store.drafts.get('missing'), null);
  });

  it('updates a draft in place when it is saved again with the same id', async () => {
    const draft = newDraft();
    await ctx.store.drafts.save(draft);
    const next = { ...draft, step: 'when', category: 'staff' as const, answers: { ...draft.answers, when: 'today' }, updatedAt: at(1000) };
    await ctx.store.drafts.save(next);
    assert.deepEqual(await ctx.store.drafts.get(draft.id), next);
  });

  it('no longer returns a submitted draft as open, and then allows a new open draft', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const draft = newDraft();
    await ctx.store.drafts.save(draft);
    await ctx.store.drafts.save({ ...draft, status: 'submitted', incidentId: incident.id });
    assert.equal(await ctx.store.drafts.getOpen('teams', draft.platformUserId), null);
    assert.equal((await ctx.store.drafts.get(draft.id))?.incidentId, incident.id);
    const another = newDraft();
    await ctx.store.drafts.save(another);
    assert.deepEqual(await ctx.store.drafts.getOpen('teams', draft.platformUserId), another);
  });

  it('refuses a second open draft for the same reporter on the same platform', async () => {
    await ctx.store.drafts.save(newDraft());
    await assert.rejects(ctx.store.drafts.save(newDraft()));
    const slack = newDraft({ platform: 'slack' });
    await ctx.store.drafts.save(slack);
    assert.deepEqual(await ctx.store.drafts.getOpen('slack', slack.platformUserId), slack);
  });

  it('purges open drafts whose expiry has passed, counts them, and clears the answers of finished drafts', async () => {
    const expired = newDraft({ platformUserId: 'u1', expiresAt: at(-1) });
    const expiringNow = newDraft({ platformUserId: 'u2', expiresAt: T0 });
    const live = newDraft({ platformUserId: 'u3', expiresAt: at(1) });
    const submitted = newDraft({ platformUserId: 'u4', status: 'submitted', expiresAt: at(-1) });
    for (const d of [expired, expiringNow, live, submitted]) await ctx.store.drafts.save(d);
    assert.equal(await ctx.store.drafts.purgeExpired(T0), 2);
    assert.equal(await ctx.store.drafts.get(expired.id), null);
    assert.equal(await ctx.store.drafts.get(expiringNow.id), null);
    assert.deepEqual(await ctx.store.drafts.get(live.id), live);
    assert.deepEqual(await ctx.store.drafts.get(submitted.id), { ...submitted, answers: {} });
    assert.equal(await ctx.store.drafts.purgeExpired(T0), 0);
  });
}
