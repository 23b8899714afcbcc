/** Contract: EventRepository, ProposalRepository, InfoRequestRepository, PostedMessageRepository. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { at, newIncident, T0 } from '../support/fixtures';

export function recordsContract(ctx: ContractContext): void {
  const incident = () => ctx.store.incidents.create(newIncident(), 'OS', 2026);

  it('adds chronology events and lists them oldest first, in insertion order when times are equal', async () => {
    const { id } = await incident();
    const other = await incident();
    const late = await ctx.store.events.add({ incidentId: id, at: at(5000), actorEmail: null, type: 'paged', data: {} });
    const first = await ctx.store.events.add({
      incidentId: id,
      at: T0,
      actorEmail: 'dsl@school.example',
      type: 'acknowledged',
      data: { note: 'Seen — ${x} 👀', nested: { n: 1, list: [true, null] } },
    });
    const second = await ctx.store.events.add({ incidentId: id, at: T0, actorEmail: null, type: 'routed', data: { route: 'dsl_team' } });
    await ctx.store.events.add({ incidentId: other.id, at: T0, actorEmail: null, type: 'reported', data: {} });
    assert.notEqual(first.id, second.id);
    assert.deepEqual(await ctx.store.events.listByIncident(id), [first, second, late]);
  });

  it('keeps one pending proposal until it is approved, and refuses to resolve it twice', async () => {
    const { id } = await incident();
    assert.equal(await ctx.store.proposals.pending(id), null);
    const proposal = await ctx.store.proposals.add({
      incidentId: id,
      decision: 'early_help',
      rationale: 'Family asked for support — “urgent”',
      proposedBy: 'deputy@school.example',
      proposedAt: at(1),
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
    });
    assert.deepEqual(await ctx.store.proposals.pending(id), proposal);
    assert.equal(await ctx.store.proposals.resolve(proposal.id, 'approved', 'dsl@school.example', at(2)), true);
    assert.equal(await ctx.store.proposals.resolve(proposal.id, 'rejected', 'head@school.example', at(3)), false);
    assert.equal(await ctx.store.proposals.pending(id), null);
    assert.deepEqual(await ctx.store.proposals.listByIncident(id), [
      { ...proposal, status: 'approved', decidedBy: 'dsl@school.example', decidedAt: at(2) },
    ]);
  });

  it('lists every proposal of an incident in the order they were made', async () => {
    const { id } = await incident();
    const base = { incidentId: id, rationale: 'r', proposedBy: 'p@school.example', status: 'pending' as const, decidedBy: null, decidedAt: null };
    const first = await ctx.store.proposals.add({ ...base, decision: 'social_care', proposedAt: at(1) });
    assert.equal(await ctx.store.proposals.resolve(first.id, 'rejected', 'dsl@school.example', at(2)), true);
    const second = await ctx.store.proposals.add({ ...base, decision: 'police', proposedAt: at(3) });
    assert.deepEqual(await ctx.store.proposals.pending(id), second);
    const all = await ctx.store.proposals.listByIncident(id);
    assert.deepEqual(all.map((p) => [p.id, p.status]), [[first.id, 'rejected'], [second.id, 'pending']]);
  });

  it('records the answer to a request for information once only', async () => {
    const { id } = await incident();
    const request = await ctx.store.infoRequests.add({
      incidentId: id,
      askedBy: 'dsl@school.example',
      question: 'Which app was it?',
      askedAt: at(1),
      answer: null,
      answeredAt: null,
    });
    assert.deepEqual(await ctx.store.infoRequests.get(request.id), request);
    assert.equal(await ctx.store.infoRequests.answer(request.id, 'Snapchat ${app}', at(2)), true);
    assert.equal(await ctx.store.infoRequests.answer(request.id, 'Something else', at(3)), false);
    const answered = { ...request, answer: 'Snapchat ${app}', answeredAt: at(2) };
    assert.deepEqual(await ctx.store.infoRequests.get(request.id), answered);
    assert.equal(await ctx.store.infoRequests.get('missing'), null);
    const second = await ctx.store.infoRequests.add({ ...request, question: 'When?', askedAt: at(4) });
    assert.deepEqual(await ctx.store.infoRequests.listByIncident(id), [answered, { ...second }]);
  });

  it('lists the messages posted about an incident in the order they were added', async () => {
    const { id } = await incident();
    const other = await incident();
    const channel = { incidentId: id, platform: 'teams' as const, recipientKey: 'dsl_channel', kind: 'incident.channel_card', conversationId: '19:abc@thread.tacv2', activityId: '1700000000001' };
    const dm = { incidentId: id, platform: 'slack' as const, recipientKey: 'dsl@school.example', kind: 'incident.dm', conversationId: 'D123', activityId: '1700000000.000200' };
    await ctx.store.posted.add(channel);
    await ctx.store.posted.add({ ...dm, incidentId: other.id });
    await ctx.store.posted.add(dm);
    assert.deepEqual(await ctx.store.posted.listByIncident(id), [channel, dm]);
    assert.deepEqual(await ctx.store.posted.listByIncident('missing'), []);
  });
}
