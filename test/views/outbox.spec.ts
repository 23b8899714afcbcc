import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStore } from '../../src/store';
import type { Store } from '../../src/core/ports';
import type { CoreDeps } from '../../src/core/deps';
import type { OutboxMessage } from '../../src/core/model';
import { MESSAGE_KINDS, messageKinds, OUTBOX_KINDS, readPayload } from '../../src/core/notify/kinds';
import { DeliveryError } from '../../src/core/notify/delivery';
import { RENDERERS, renderOutboxMessage } from '../../src/views/outbox';
import { FakeClock } from '../helpers/clock';
import { EMAILS, testSchool } from '../helpers/school';

const row = (o: Partial<OutboxMessage>): OutboxMessage =>
  ({ id: 'row-1', dedupeKey: 'k', kind: MESSAGE_KINDS.dutyDigest, recipient: { type: 'person', email: EMAILS.dsl }, incidentId: null, payload: {}, status: 'pending', attempts: 1, ...o }) as OutboxMessage;

describe('views: the one renderer of outbox messages', () => {
  const dir = `/tmp/views-outbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}.sqlite`;
  let store: Store;
  let deps: CoreDeps;
  beforeEach(async () => {
    store = await openStore(`sqlite:${dir}`, { create: true });
    deps = { store, clock: new FakeClock(new Date('2026-11-23T10:00:00Z')), school: testSchool() };
  });
  afterEach(async () => {
    await store.close();
    for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(dir + suffix, { force: true });
  });

  /** The failure a render ended with, or null when it rendered. */
  const failureOf = async (msg: OutboxMessage) => {
    try {
      await renderOutboxMessage(deps, msg);
      return null;
    } catch (err) {
      assert.ok(err instanceof DeliveryError, 'a render ends only with a delivery failure');
      return err.failure;
    }
  };

  it('has one renderer per declared kind and no renderer without a kind', () => {
    assert.deepEqual(Object.keys(RENDERERS).sort(), messageKinds().sort());
    assert.equal(new Set(messageKinds()).size, Object.keys(OUTBOX_KINDS).length, 'no two kinds share an id');
  });

  it('declares a payload schema for every kind that refuses what its renderer could not read', () => {
    assert.equal(readPayload(MESSAGE_KINDS.reporterAsk, {}), null, 'a question without its request');
    assert.equal(readPayload(MESSAGE_KINDS.replyLate, { platform: 'teams', op: 'send', activities: [] }), null, 'a late reply with nothing to send');
    assert.deepEqual(readPayload(MESSAGE_KINDS.dutyEscalation, { reminderId: 'r1' }), { reminderId: 'r1' }, 'a row queued before escalation digests still reads');
  });

  it('takes an unknown kind as our bug, retried and alerted, never the recipient’s fault', async () => {
    assert.deepEqual(await failureOf(row({ kind: 'duty.unknown' })), { ok: false, reason: 'retryable', code: 'UNKNOWN_KIND', alert: true });
  });

  it('takes a payload its kind’s schema refuses as our bug, retried and alerted', async () => {
    assert.deepEqual(await failureOf(row({ kind: MESSAGE_KINDS.filterRequest, payload: { requestId: 42 } })), { ok: false, reason: 'retryable', code: 'BAD_PAYLOAD', alert: true });
  });

  it('takes a record that has vanished as our bug, not as the person being unreachable', async () => {
    assert.deepEqual(await failureOf(row({ kind: MESSAGE_KINDS.dutyReminder, payload: { reminderId: '00000000-0000-4000-8000-000000000000' } })), { ok: false, reason: 'retryable', code: 'REMINDER_GONE', alert: true });
  });

  it('gives each duty kind its own notification text', async () => {
    const digest = await renderOutboxMessage(deps, row({ kind: MESSAGE_KINDS.dutyDigest, payload: { scope: 'owned' } }));
    assert.deepEqual([digest.target, 'text' in digest && digest.text], ['person', 'Your weekly duties digest']);
  });

  it('leaves a Teams late reply to the Teams sender to replay as stored, and gives Slack’s a notice card', async () => {
    const activity = { type: 'message', conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example' };
    assert.deepEqual(await renderOutboxMessage(deps, row({ kind: MESSAGE_KINDS.replyLate, payload: { platform: 'teams', op: 'send', activities: [activity] } })), { target: 'replay', platform: 'teams' });
    const slack = await renderOutboxMessage(deps, row({ kind: MESSAGE_KINDS.replyLate, payload: { platform: 'slack', notice: 'form_not_opened' } }));
    assert.match(JSON.stringify('card' in slack && slack.card), /The report form did not open/);
  });
});
