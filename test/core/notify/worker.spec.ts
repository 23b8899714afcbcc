import assert from 'node:assert/strict';
import sinon from 'sinon';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { OutboxMessage } from '../../../src/core/model';
import { OutboxWorker, backoffMs, type DeliveryResult, type Sender } from '../../../src/core/notify/worker';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import { renderingBug } from '../../../src/core/notify/delivery';
import { RATE_DEFERRED } from '../../../src/core/notify/rate';
import { FakeClock } from '../../helpers/clock';
import { EMAILS, testSchool } from '../../helpers/school';

describe('notify: the outbox worker', () => {
  let store: Store;
  const clock = new FakeClock();
  const school = testSchool();
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => store.close());

  async function staffIncident() {
    return store.incidents.create(
      { category: 'staff', kinds: [], urgent: false, serious: false, immediateDanger: false, status: 'reported', reporterEmail: EMAILS.teacher, reporterPlatform: 'teams', subjectEmail: EMAILS.teacher2, subjectName: 'Tara', route: 'headteacher', ownerEmail: null, answers: {}, occurredAt: null, reportedAt: clock.now(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: 0, nextPageAt: null },
      'OS',
      2026,
    );
  }
  const worker = (sender: Sender, maxAttempts = 12) => new OutboxWorker({ store, school, clock }, sender, { owner: 'w1', random: () => 0.5, maxAttempts });
  const scripted = (...results: DeliveryResult[]) => ({ deliver: sinon.stub<[OutboxMessage], Promise<DeliveryResult>>().callsFake(async () => results.shift() ?? { ok: true }) });

  it('delivers a due message once and marks it sent', async () => {
    const incident = await staffIncident();
    await store.outbox.enqueue({ dedupeKey: 'k1', incidentId: incident.id, recipient: { type: 'person', email: EMAILS.head }, kind: MESSAGE_KINDS.directCard, payload: {}, nextAttemptAt: clock.now() }, clock.now());
    const sender = scripted({ ok: true });
    assert.equal(await worker(sender).runOnce(), 1);
    assert.equal(await worker(sender).runOnce(), 0);
    assert.equal(sender.deliver.callCount, 1);
    assert.equal((await store.outbox.listByIncident(incident.id))[0].status, 'sent');
  });

  it('waits exactly as long as Retry-After says before trying again', async () => {
    const incident = await staffIncident();
    await store.outbox.enqueue({ dedupeKey: 'k1', incidentId: incident.id, recipient: { type: 'dsl_channel' }, kind: MESSAGE_KINDS.channelCard, payload: {}, nextAttemptAt: clock.now() }, clock.now());
    const sender = scripted({ ok: false, reason: 'retry_after', code: 'Throttled', retryAfterMs: 7000 }, { ok: true });
    await worker(sender).runOnce();
    clock.advance(6999);
    assert.equal(await worker(sender).runOnce(), 0);
    clock.advance(1);
    assert.equal(await worker(sender).runOnce(), 1);
    assert.equal(sender.deliver.callCount, 2);
  });

  it('backs off exponentially with jitter, capped at ten minutes', () => {
    assert.equal(backoffMs(0, () => 0), 1000);
    assert.equal(backoffMs(0, () => 1), 2000);
    assert.equal(backoffMs(3, () => 1), 16000);
    assert.equal(backoffMs(40, () => 1), 600_000);
  });

  it('gives up after the last attempt and keeps the row as failed, so nothing vanishes', async () => {
    const incident = await staffIncident();
    await store.outbox.enqueue({ dedupeKey: 'k1', incidentId: incident.id, recipient: { type: 'dsl_channel' }, kind: MESSAGE_KINDS.channelCard, payload: {}, nextAttemptAt: clock.now() }, clock.now());
    const sender = scripted(...Array(5).fill({ ok: false, reason: 'retryable', code: 'HTTP_502' }));
    for (let i = 0; i < 3; i++) {
      await worker(sender, 3).runOnce();
      clock.advance(3_600_000);
    }
    assert.equal(sender.deliver.callCount, 3);
    const [row] = await store.outbox.listByIncident(incident.id);
    assert.equal(row.status, 'failed');
    assert.equal(row.lastError, 'HTTP_502');
  });

  it('marks a refused recipient unreachable and asks the reporter of a staff concern to contact them directly', async () => {
    const incident = await staffIncident();
    await store.identities.upsert({ platform: 'teams', platformUserId: '29:head', email: EMAILS.head, name: 'Hana', tenantId: 't', conversationRef: { serviceUrl: 'x' } });
    await store.outbox.enqueue({ dedupeKey: 'k1', incidentId: incident.id, recipient: { type: 'person', email: EMAILS.head }, kind: MESSAGE_KINDS.directCard, payload: {}, nextAttemptAt: clock.now() }, clock.now());
    const sender = scripted({ ok: false, reason: 'final', code: 'ConversationBlockedByUser' }, { ok: true });
    await worker(sender).runOnce();
    await worker(sender).runOnce();
    const rows = await store.outbox.listByIncident(incident.id);
    assert.deepEqual(rows.map((r) => [r.kind, r.status, r.recipient.type === 'person' ? r.recipient.email : '']).sort(), [
      [MESSAGE_KINDS.directCard, 'unreachable', EMAILS.head],
      [MESSAGE_KINDS.reporterFallback, 'sent', EMAILS.teacher],
    ].sort());
    assert.ok((await store.identities.findByEmail('teams', EMAILS.head))?.unreachableAt);
  });

  it('retries our own rendering bug with backoff and alerts it by code, never marking the recipient unreachable or taking the fallback', async () => {
    const incident = await staffIncident();
    await store.identities.upsert({ platform: 'teams', platformUserId: '29:head', email: EMAILS.head, name: 'Hana', tenantId: 't', conversationRef: { serviceUrl: 'x' } });
    await store.outbox.enqueue({ dedupeKey: 'k1', incidentId: incident.id, recipient: { type: 'person', email: EMAILS.head }, kind: MESSAGE_KINDS.directCard, payload: {}, nextAttemptAt: clock.now() }, clock.now());
    const alert = sinon.spy();
    const sender = scripted(renderingBug('MessageSizeTooBig'), { ok: true });
    const w = new OutboxWorker({ store, school, clock }, sender, { owner: 'w1', random: () => 0.5, alert });
    await w.runOnce();
    assert.deepEqual(alert.firstCall?.args[0], { outboxId: (await store.outbox.listByIncident(incident.id))[0].id, kind: MESSAGE_KINDS.directCard, code: 'MessageSizeTooBig', attempt: 1 });
    const [waiting] = await store.outbox.listByIncident(incident.id);
    assert.deepEqual([waiting.status, waiting.lastError], ['pending', 'MessageSizeTooBig']);
    assert.equal((await store.identities.findByEmail('teams', EMAILS.head))?.unreachableAt ?? null, null, 'still reachable');
    clock.advance(backoffMs(0, () => 0.5) - 1);
    assert.equal(await w.runOnce(), 0, 'not before the backoff');
    clock.advance(1);
    await w.runOnce();
    assert.deepEqual((await store.outbox.listByIncident(incident.id)).map((r) => [r.kind, r.status]), [[MESSAGE_KINDS.directCard, 'sent']], 'delivered on the retry, no fallback');
  });
  it('puts a message its own pacing deferred back in the outbox without using up an attempt, due when the pacing said', async () => {
    const incident = await staffIncident();
    await store.outbox.enqueue({ dedupeKey: 'k1', incidentId: incident.id, recipient: { type: 'person', email: EMAILS.head }, kind: MESSAGE_KINDS.directCard, payload: {}, nextAttemptAt: clock.now() }, clock.now());
    const sender = scripted({ ok: false, reason: 'retry_after', code: RATE_DEFERRED, retryAfterMs: 3000 }, { ok: true });
    await worker(sender, 1).runOnce();
    const [row] = await store.outbox.listByIncident(incident.id);
    assert.deepEqual([row.status, row.attempts, row.nextAttemptAt.getTime() - clock.now().getTime()], ['pending', 0, 3000], 'not failed although one attempt is allowed');
    clock.advance(3000);
    await worker(sender, 1).runOnce();
    assert.equal((await store.outbox.listByIncident(incident.id))[0].status, 'sent');
  });

  it("claims the next batch while a slow send is still going, and a person's later message still waits for their first", async () => {
    const incident = await staffIncident();
    const to = (email: string, key: string) => store.outbox.enqueue({ dedupeKey: key, incidentId: incident.id, recipient: { type: 'person', email }, kind: MESSAGE_KINDS.directCard, payload: { key }, nextAttemptAt: clock.now() }, clock.now());
    await to(EMAILS.head, 'head-1');
    await to(EMAILS.head, 'head-2');
    await to(EMAILS.dsl, 'dsl-1');
    const events: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const sender = {
      deliver: async (m: OutboxMessage): Promise<DeliveryResult> => {
        const key = String(m.payload.key);
        events.push(`start ${key}`);
        if (key === 'head-1') await slow;
        events.push(`end ${key}`);
        return { ok: true };
      },
    };
    const w = new OutboxWorker({ store, school, clock }, sender, { owner: 'w1', random: () => 0.5, batch: 1, concurrency: 2 });
    const run = w.runOnce();
    while (!events.includes('end dsl-1')) await new Promise((r) => setImmediate(r));
    release();
    assert.equal(await run, 3);
    assert.deepEqual(events, ['start head-1', 'start dsl-1', 'end dsl-1', 'end head-1', 'start head-2', 'end head-2']);
  });
});
