/**
 * The outbox vocabulary is complete on both platforms: every kind declared in
 * src/core/notify/kinds.ts is rendered by src/views/outbox.ts and delivered by the Teams sender over
 * the fake connector and by the Slack sender over the fake Web API — to the person or channel it
 * names, with nothing left waiting and nobody marked unreachable.
 */
import assert from 'node:assert/strict';
import type { CoreDeps } from '../../src/core/deps';
import { messageKinds, type MessageKind } from '../../src/core/notify/kinds';
import { Harness, mark, reportPupil } from '../helpers/bot-harness';
import { SlackHarness, slackReportPupil } from '../helpers/slack-harness';
import { kindFixtures, type KindFixture } from '../helpers/outbox';

/** Enqueues one row of `kind`, runs the worker, and says whether the platform was told something and nothing is left pending. */
async function deliverOne(deps: CoreDeps, kind: MessageKind, row: KindFixture, deliver: () => Promise<void>): Promise<void> {
  const now = deps.clock.now();
  assert.ok(await deps.store.outbox.enqueue({ dedupeKey: `kinds:${kind}`, kind, ...row, nextAttemptAt: now }, now), `${kind}: enqueued`);
  await deliver();
  assert.equal(await deps.store.outbox.nextDue(), null, `${kind}: nothing waits for a retry`);
  if (row.incidentId) {
    const stored = (await deps.store.outbox.listByIncident(row.incidentId)).find((r) => r.dedupeKey === `kinds:${kind}`);
    assert.equal(stored?.status, 'sent', `${kind}: sent`);
  }
}

describe('outbox kinds: every kind is delivered on Teams', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await reportPupil(h, 'teacher');
    await h.deliver();
  });
  after(async () => h.close());

  it('renders and delivers a row of each kind to the DSL, the channel or the posted cards, and marks nobody unreachable', async () => {
    const deps = h.app.deps;
    const [incident] = await deps.store.incidents.listOpen(10);
    const lateActivity = { type: 'message', text: 'A late answer', channelId: 'msteams', serviceUrl: h.fake.url, from: { id: '28:bot' }, recipient: { id: h.users.dsl.id }, conversation: { id: h.dm('dsl') } };
    const fixtures = await kindFixtures(deps, { incidentId: incident.id, to: h.users.dsl.email!, reporter: h.users.teacher.email!, platform: 'teams', lateActivity });
    await h.deliver();
    for (const kind of messageKinds()) {
      const since = mark(h);
      await deliverOne(deps, kind, fixtures[kind], () => h.deliver());
      const told = h.fake.sent.filter((c) => c.seq > since && c.status < 300 && ['create', 'send', 'reply', 'update'].includes(c.kind));
      assert.ok(told.length > 0, `${kind}: Teams was sent it`);
    }
    assert.equal((await deps.store.identities.findByEmail('teams', h.users.dsl.email!))?.unreachableAt ?? null, null);
  });
});

describe('outbox kinds: every kind is delivered on Slack', function () {
  this.timeout(60_000);
  let h: SlackHarness;
  before(async () => {
    h = await SlackHarness.start();
    await h.event({ type: 'message', channel_type: 'im', channel: h.dm('dsl'), user: h.ids.dsl, text: 'hello', ts: '1.1' }, 'Ev-dsl');
    await slackReportPupil(h, 'teacher');
    await h.deliver();
  });
  after(async () => h.close());

  it('renders and delivers a row of each kind to the DSL, the channel or the posted cards, and marks nobody unreachable', async () => {
    const deps = h.app.deps;
    const [incident] = await deps.store.incidents.listOpen(10);
    const fixtures = await kindFixtures(deps, { incidentId: incident.id, to: h.email('dsl'), reporter: h.email('teacher'), platform: 'slack' });
    await h.deliver();
    for (const kind of messageKinds()) {
      const since = h.fake.mark();
      await deliverOne(deps, kind, fixtures[kind], () => h.deliver());
      const told = h.fake.since(since).filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.status === 200 && !c.error);
      assert.ok(told.length > 0, `${kind}: Slack was sent it`);
    }
    assert.equal((await deps.store.identities.findByEmail('slack', h.email('dsl')))?.unreachableAt ?? null, null);
  });
});
