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

/** Contract: the abandoned-urgent-draft timers on DraftRepository, so no report of a child in danger is lost unannounced. */
export function urgentDraftContract(ctx: ContractContext): void {
  const urgent = (o: Parameters<typeof newDraft>[0] = {}) => newDraft({ step: 'category', answers: { category: 'pupil', immediate_danger: 'yes' }, ...o });

  it('lists an open draft that said a child is in immediate danger once it has been idle long enough, oldest first', async () => {
    const old = urgent({ platformUserId: 'u1', updatedAt: at(-20 * 60_000) });
    const older = urgent({ platformUserId: 'u2', updatedAt: at(-30 * 60_000) });
    const busy = urgent({ platformUserId: 'u3', updatedAt: at(-1 * 60_000) });
    const calm = newDraft({ platformUserId: 'u4', answers: { immediate_danger: 'no' }, updatedAt: at(-60 * 60_000) });
    const sent = urgent({ platformUserId: 'u5', status: 'submitted', updatedAt: at(-60 * 60_000) });
    for (const d of [old, older, busy, calm, sent]) await ctx.store.drafts.save(d);
    const due = await ctx.store.drafts.listUrgentIdle('dangerAlertedAt', at(-15 * 60_000), T0, 10);
    assert.deepEqual(due.map((d) => d.id), [older.id, old.id]);
  });

  it('lists an urgent draft at its expiry even if it was touched a moment ago', async () => {
    const expiring = urgent({ updatedAt: at(-60_000), expiresAt: T0 });
    await ctx.store.drafts.save(expiring);
    assert.deepEqual((await ctx.store.drafts.listUrgentIdle('dangerAlertedAt', at(-15 * 60_000), T0, 10)).map((d) => d.id), [expiring.id]);
  });

  it('marks each notice once: a second sweeper, or a later save of the draft, changes nothing', async () => {
    const d = urgent({ updatedAt: at(-20 * 60_000) });
    await ctx.store.drafts.save(d);
    const results = await Promise.all([ctx.store.drafts.markNotified(d.id, 'dangerAlertedAt', T0), ctx.store.drafts.markNotified(d.id, 'dangerAlertedAt', at(1))]);
    assert.deepEqual(results.sort(), [false, true]);
    // The reporter's wizard saves the copy it loaded before the mark: the mark stays.
    await ctx.store.drafts.save({ ...d, step: 'pupil_people', updatedAt: at(2) });
    const stored = await ctx.store.drafts.get(d.id);
    assert.ok(stored?.dangerAlertedAt, 'the alert mark survives a save');
    assert.equal(stored?.reporterRemindedAt, null);
    assert.deepEqual(await ctx.store.drafts.listUrgentIdle('dangerAlertedAt', at(10 * 60_000), at(10 * 60_000), 10), []);
    assert.equal((await ctx.store.drafts.listUrgentIdle('reporterRemindedAt', at(10 * 60_000), at(10 * 60_000), 10)).length, 1);
    assert.equal(await ctx.store.drafts.markNotified(d.id, 'reporterRemindedAt', T0), true);
  });

  it('does not mark a draft the reporter changed to "no" or sent', async () => {
    const changed = urgent({ platformUserId: 'u1' });
    const sent = urgent({ platformUserId: 'u2' });
    await ctx.store.drafts.save({ ...changed, answers: { immediate_danger: 'no' } });
    await ctx.store.drafts.save({ ...sent, status: 'cancelled', answers: {} });
    assert.equal(await ctx.store.drafts.markNotified(changed.id, 'dangerAlertedAt', T0), false);
    assert.equal(await ctx.store.drafts.markNotified(sent.id, 'dangerAlertedAt', T0), false);
  });

  it('never purges an expired urgent draft until its alert is queued, then purges it', async () => {
    const d = urgent({ expiresAt: at(-1) });
    await ctx.store.drafts.save(d);
    assert.equal(await ctx.store.drafts.purgeExpired(T0), 0);
    assert.ok(await ctx.store.drafts.get(d.id));
    await ctx.store.drafts.markNotified(d.id, 'dangerAlertedAt', T0);
    assert.equal(await ctx.store.drafts.purgeExpired(T0), 1);
    assert.equal(await ctx.store.drafts.get(d.id), null);
  });
}
