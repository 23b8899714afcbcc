/**
 * Lose nothing, in delivery: every call to Teams and Slack has a time limit, and one
 * recipient whose platform hangs cannot hold up anyone else. The outbox serves recipients side by
 * side (bounded), each in order, urgent pages first. End to end over HTTP with the fakes hanging.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Harness, CHANNEL_ID, reportPupil } from '../helpers/bot-harness';
import { SlackHarness, SLACK_CHANNEL, slackReportPupil } from '../helpers/slack-harness';
import { openStore, type TypeOrmStore } from '../../src/store';
import type { Store } from '../../src/core/ports';
import type { OutboxMessage } from '../../src/core/model';
import { OutboxWorker, type DeliveryResult } from '../../src/core/notify/worker';
import { MESSAGE_KINDS } from '../../src/core/notify/enqueue';
import { FakeClock } from '../helpers/clock';
import { EMAILS, testSchool } from '../helpers/school';

const TIMEOUT = { OUTBOUND_TIMEOUT_MS: '1000' };

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = Date.now();
  await fn();
  return Date.now() - t0;
}

describe('hostile: a hanging Teams connector for one person holds up nobody else', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(TIMEOUT);
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('pages the rest of the DSL team and posts the channel card while the DSL’s chat hangs, then pages the DSL on retry', async () => {
    const stop = h.fake.hang({ kind: ['send', 'reply'], conversationId: h.dm('dsl') });
    assert.match(await reportPupil(h, 'teacher', { danger: true }), /OS-2026-0001/);
    const elapsed = await timed(() => h.deliver());
    assert.ok(elapsed < 6000, `the round finished in ${elapsed} ms, not held by the hanging call`);
    assert.ok(h.fake.hung().length >= 1, 'the DSL’s page was attempted and hung');
    assert.equal(h.fake.cardsIn(CHANNEL_ID).length, 1, 'the channel card went');
    assert.ok(h.fake.cardsIn(h.dm('deputy')).length >= 1, 'the deputy was paged');
    const [incident] = await h.app.deps.store.incidents.listOpen(10);
    const pending = (await h.app.deps.store.outbox.listByIncident(incident.id)).filter((r) => r.status === 'pending');
    assert.deepEqual(pending.map((r) => [r.kind, r.recipient]), [[MESSAGE_KINDS.page, { type: 'person', email: h.users.dsl.email }]], 'only the DSL’s page waits, for a retry');

    stop();
    h.clock.advance(10 * 60_000);
    await h.deliver();
    assert.ok(h.fake.cardsIn(h.dm('dsl')).length >= 1, 'the DSL is paged once the connector answers');
  });
});

describe('hostile: a hanging Slack Web API for one person holds up nobody else', function () {
  this.timeout(30_000);
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start(TIMEOUT);
  });
  afterEach(async () => h.close());

  it('posts the channel card and pages the deputy while chat.postMessage to the DSL hangs', async () => {
    // The DSL team has said hello in their DMs, so the bot knows them on Slack.
    for (const who of ['dsl', 'deputy'] as const) await h.event({ type: 'message', channel_type: 'im', channel: h.dm(who), user: h.ids[who], text: 'hello', ts: '1.1' }, `Ev-${who}`);
    assert.match(await slackReportPupil(h, 'teacher', { danger: true }), /OS-2026-0001/);
    const since = h.fake.mark();
    const stop = h.fake.hang('chat.postMessage', (args) => args.channel === h.dm('dsl'));
    const elapsed = await timed(() => h.deliver());
    assert.ok(elapsed < 6000, `the round finished in ${elapsed} ms`);
    assert.equal(h.posts(SLACK_CHANNEL, since).length, 1);
    assert.ok(h.posts(h.dm('deputy'), since).length >= 1, 'the deputy was paged');
    assert.equal(h.posts(h.dm('dsl'), since).length, 0);
    assert.ok(h.fake.since(since).some((c) => c.error === 'hung'), 'the DSL’s page was attempted and hung');
    stop();
    h.clock.advance(10 * 60_000);
    await h.deliver();
    assert.ok(h.posts(h.dm('dsl'), since).length >= 1, 'the DSL is paged on the retry');
  });
});

describe('hostile: the outbox worker serves recipients side by side, each in order, urgent pages first', () => {
  let store: Store;
  const clock = new FakeClock();
  const school = testSchool();
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => store.close());

  const enqueue = (key: string, email: string, kind: string = MESSAGE_KINDS.directCard) =>
    store.outbox.enqueue({ dedupeKey: key, incidentId: null, recipient: { type: 'person', email }, kind, payload: {}, nextAttemptAt: clock.now() }, clock.now());

  it('delivers to others while one recipient’s send is still running, and a page before the rest', async () => {
    await enqueue('head-1', EMAILS.head);
    await enqueue('head-2', EMAILS.head);
    await enqueue('chair-1', EMAILS.chair);
    await enqueue('page-dsl', EMAILS.dsl, MESSAGE_KINDS.page);
    const order: string[] = [];
    let releaseHead!: () => void;
    const headGate = new Promise<void>((resolve) => (releaseHead = resolve));
    const sender = {
      deliver: sinon.stub<[OutboxMessage], Promise<DeliveryResult>>().callsFake(async (m) => {
        order.push(`start ${m.dedupeKey}`);
        if (m.dedupeKey === 'head-1') await headGate;
        order.push(`done ${m.dedupeKey}`);
        return { ok: true };
      }),
    };
    const worker = new OutboxWorker({ store, school, clock }, sender, { owner: 'w1', concurrency: 2, random: () => 0.5 });
    const round = worker.runOnce();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(order[0], 'start page-dsl', 'the urgent page starts first');
    assert.ok(order.includes('done chair-1'), 'the chair is served while the head’s send hangs');
    assert.ok(!order.includes('start head-2'), 'the head’s second message waits for the first');
    releaseHead();
    assert.equal(await round, 4);
    assert.ok(order.indexOf('done head-1') < order.indexOf('start head-2'), 'one recipient’s messages in order');
  });

  it('holds back a recipient’s later messages, without using up their attempts, when an earlier one must be retried', async () => {
    await enqueue('head-1', EMAILS.head);
    await enqueue('head-2', EMAILS.head);
    const deliver = sinon.stub<[OutboxMessage], Promise<DeliveryResult>>();
    deliver.callsFake(async (m) => (m.dedupeKey === 'head-1' && deliver.callCount === 1 ? { ok: false, final: false, code: 'NETWORK', retryAfterMs: 5000 } : { ok: true }));
    const sender = { deliver };
    const worker = new OutboxWorker({ store, school, clock }, sender, { owner: 'w1', random: () => 0.5 });
    assert.equal(await worker.runOnce(), 2);
    assert.equal(sender.deliver.callCount, 1, 'the second was not sent ahead of the first');
    const attempts = await (store as TypeOrmStore)['dataSource'].query('SELECT dedupe_key AS k, attempts AS n, next_attempt_at AS at FROM outbox ORDER BY seq');
    assert.deepEqual(attempts.map((r: { k: string; n: number; at: number }) => [r.k, Number(r.n), Number(r.at) - clock.now().getTime()]), [['head-1', 1, 5000], ['head-2', 0, 5000]]);
    clock.advance(5000);
    assert.equal(await worker.runOnce(), 2);
    assert.deepEqual(sender.deliver.getCalls().map((c) => c.args[0].dedupeKey), ['head-1', 'head-1', 'head-2']);
    const rows = await store.outbox.claimDue(clock.now(), 'w2', 1000, 10);
    assert.deepEqual(rows, [], 'both sent');
  });
});
