/**
 * Lose nothing, show nothing twice: a message the platform took and then answered 500,
 * a connection that resets, a 429 storm, a crash between posting and marking sent. The delivery
 * ledger makes every retry update the earlier post (Slack finds it by message metadata) — and on
 * Teams, which cannot search a conversation, the only second card is a clearly marked resend.
 * End to end over HTTP against the fake Teams connector and the fake Slack Web API.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Harness, CHANNEL_ID, cardText, reportPupil } from '../helpers/bot-harness';
import { TeamsErrors } from '../helpers/fake-teams-connector';
import { SlackHarness, SLACK_CHANNEL, slackReportPupil } from '../helpers/slack-harness';
import { RESEND_NOTICE } from '../../src/platforms/teams/sender';
import { OUTBOX_EVENT_TYPE } from '../../src/platforms/slack/sender';
import type { Store } from '../../src/core/ports';
import { MESSAGE_KINDS } from '../../src/core/notify/enqueue';

const RETRY = 10 * 60_000;

/** The ledger row of an incident's channel card on a platform. */
async function channelLedger(store: Store, platform: 'teams' | 'slack') {
  const [incident] = await store.incidents.listOpen(10);
  const row = (await store.outbox.listByIncident(incident.id)).find((r) => r.kind === MESSAGE_KINDS.channelCard)!;
  return { row: (await store.outbox.listByIncident(incident.id)).find((r) => r.id === row.id)!, attempt: await store.deliveries.get({ outboxId: row.id, platform, recipientKey: 'dsl_channel' }) };
}

/** Makes the worker's mark-sent transactions fail, as a crash after the ledger update and before mark-sent would leave them. */
function failNextMarkSent(store: Store): sinon.SinonStub {
  return sinon.stub(store, 'transaction').rejects(Object.assign(new Error('connection lost'), { code: 'DB_GONE' }));
}

describe('hostile: Teams shows no unmarked second card after a fault', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ OUTBOUND_TIMEOUT_MS: '1000' });
    await h.everyoneSaysHello();
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('updates the card it already posted when the worker died between the ledger update and mark-sent', async () => {
    await reportPupil(h, 'teacher');
    const stub = failNextMarkSent(h.app.deps.store);
    await h.deliver();
    stub.restore();
    assert.equal((await channelLedger(h.app.deps.store, 'teams')).row.status, 'pending', 'the row was not marked sent');
    h.clock.advance(RETRY); // the lease runs out, as after a crash
    await h.deliver();
    const cards = h.fake.sentCards(CHANNEL_ID);
    assert.equal(cards.length, 1, 'one card in the channel');
    assert.ok(h.fake.updates(CHANNEL_ID, cards[0].activityId).length >= 1, 'the retry updated the card it had posted');
    const { row, attempt } = await channelLedger(h.app.deps.store, 'teams');
    assert.equal(row.status, 'sent');
    assert.ok(attempt?.replacedAt, 'the ledger records that the retry replaced the earlier post');
  });

  it('after "accepted, then 500" posts again once, marked as a resend, and records it as uncertain', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.acceptedThen500());
    await reportPupil(h, 'teacher');
    await h.deliver();
    h.clock.advance(RETRY);
    await h.deliver();
    h.clock.advance(RETRY);
    await h.deliver();
    const cards = h.fake.cardsIn(CHANNEL_ID);
    assert.equal(cards.length, 2, 'the accepted card and one resend, no more');
    assert.ok(!cardText(cards[0]).includes(RESEND_NOTICE));
    assert.ok(cardText(cards[1]).startsWith(RESEND_NOTICE), 'the second card says it was sent again and to use it');
    const { row, attempt } = await channelLedger(h.app.deps.store, 'teams');
    assert.equal(row.status, 'sent');
    assert.ok(attempt?.uncertainAt, 'recorded as uncertain');
  });

  it('after a connection reset posts again marked as a resend (Teams cannot tell whether it landed)', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.acceptedThenReset());
    await reportPupil(h, 'teacher');
    await h.deliver();
    h.clock.advance(RETRY);
    await h.deliver();
    const cards = h.fake.cardsIn(CHANNEL_ID);
    assert.equal(cards.length, 2);
    assert.ok(cardText(cards[1]).startsWith(RESEND_NOTICE));
  });

  it('delivers one unmarked card through a 429 storm: a refused post is known not to have landed', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.throttled(1), 6);
    await reportPupil(h, 'teacher');
    for (let i = 0; i < 8; i++) {
      await h.deliver();
      h.clock.advance(1_500);
    }
    const cards = h.fake.cardsIn(CHANNEL_ID);
    assert.equal(cards.length, 1);
    assert.ok(!cardText(cards[0]).includes(RESEND_NOTICE), 'no resend notice after refusals');
    assert.equal(h.fake.sent.filter((c) => c.kind === 'create' && c.conversationId?.startsWith(CHANNEL_ID) && c.status === 429).length, 6);
  });

  it('pages the DSL once after their chat hangs past the time limit, the resend marked', async () => {
    const stop = h.fake.hang({ kind: ['send', 'reply'], conversationId: h.dm('dsl') });
    await reportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    stop();
    h.clock.advance(RETRY);
    await h.deliver();
    const pages = h.fake.cardsIn(h.dm('dsl'));
    assert.equal(pages.length, 1, 'the hung call delivered nothing; the retry delivered one page');
    assert.ok(cardText(pages[0]).startsWith(RESEND_NOTICE), 'marked, because Teams may have shown the hung one');
  });

  it('takes a 413 (card too large) as final: not retried, the row closed with the code', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.messageTooLarge(), 20);
    await reportPupil(h, 'teacher');
    await h.deliver();
    h.clock.advance(RETRY);
    await h.deliver();
    assert.equal(h.fake.sent.filter((c) => c.kind === 'create' && c.conversationId?.startsWith(CHANNEL_ID)).length, 1, 'asked once');
    const { row, attempt } = await channelLedger(h.app.deps.store, 'teams');
    assert.notEqual(row.status, 'pending');
    assert.equal(row.lastError, 'MessageSizeTooBig');
    assert.equal(attempt, null, 'a refused post leaves nothing to reconcile');
  });
});

describe('hostile: Slack never shows a second message after a fault', function () {
  this.timeout(30_000);
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start({ OUTBOUND_TIMEOUT_MS: '1000' });
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('after "accepted, then 500" finds the posted message by its metadata and updates it, leaving one', async () => {
    h.fake.failNext('chat.postMessage', { accept: true, status: 500 }, (a) => a.channel === SLACK_CHANNEL);
    await slackReportPupil(h, 'teacher');
    await h.deliver();
    assert.equal(h.fake.messagesIn(SLACK_CHANNEL).length, 1, 'Slack took it');
    h.clock.advance(RETRY);
    await h.deliver();
    const held = h.fake.messagesIn(SLACK_CHANNEL);
    assert.equal(held.length, 1, 'one message in the channel');
    assert.equal(held[0].updates, 1, 'the retry updated it instead of posting again');
    assert.equal(h.fake.of('conversations.history').length, 1, 'found through conversations.history');
    const { row, attempt } = await channelLedger(h.app.deps.store, 'slack');
    assert.equal(row.status, 'sent');
    assert.equal(attempt?.activityId, held[0].ts, 'the ledger now knows the message');
    assert.ok(attempt?.replacedAt);
  });

  it('after a reset that came after Slack posted a page, updates that DM instead of paging twice', async () => {
    for (const who of ['dsl', 'deputy'] as const) await h.event({ type: 'message', channel_type: 'im', channel: h.dm(who), user: h.ids[who], text: 'hello', ts: '1.1' }, `Ev-${who}`);
    h.fake.failNext('chat.postMessage', { accept: true, reset: true }, (a) => a.channel === h.dm('dsl'));
    await slackReportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    h.clock.advance(RETRY);
    await h.deliver();
    // The DM also holds the bot's answer to "hello"; the outbox's messages carry its metadata.
    const pages = h.fake.messagesIn(h.dm('dsl')).filter((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE);
    assert.equal(pages.length, 1, 'one page in the DSL’s DM');
    assert.equal(pages[0].updates, 1);
  });

  it('posts once when the connection reset before Slack took the message: the search finds nothing, so it posts', async () => {
    h.fake.failNext('chat.postMessage', { reset: true }, (a) => a.channel === SLACK_CHANNEL);
    await slackReportPupil(h, 'teacher');
    await h.deliver();
    assert.equal(h.fake.messagesIn(SLACK_CHANNEL).length, 0);
    h.clock.advance(RETRY);
    await h.deliver();
    assert.equal(h.fake.messagesIn(SLACK_CHANNEL).length, 1);
    assert.equal(h.fake.messagesIn(SLACK_CHANNEL)[0].updates, 0);
  });

  it('updates the message it already posted when the worker died between the ledger update and mark-sent', async () => {
    await slackReportPupil(h, 'teacher');
    const stub = failNextMarkSent(h.app.deps.store);
    await h.deliver();
    stub.restore();
    h.clock.advance(RETRY);
    await h.deliver();
    const held = h.fake.messagesIn(SLACK_CHANNEL);
    assert.equal(held.length, 1);
    assert.equal(held[0].updates, 1);
    assert.equal(h.fake.of('conversations.history').length, 0, 'no search needed: the ledger knew the ts');
  });

  it('delivers one message through a 429 storm without searching: a rate-limited post never landed', async () => {
    for (let i = 0; i < 5; i++) h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, (a) => a.channel === SLACK_CHANNEL);
    await slackReportPupil(h, 'teacher');
    for (let i = 0; i < 7; i++) {
      await h.deliver();
      h.clock.advance(1_500);
    }
    assert.equal(h.fake.messagesIn(SLACK_CHANNEL).length, 1);
    assert.equal(h.fake.of('conversations.history').length, 0);
  });

  it('takes msg_too_long and invalid_blocks as final: each asked once, the row closed with the code', async () => {
    for (const error of ['msg_too_long', 'invalid_blocks']) {
      h.fake.failNext('chat.postMessage', { error }, (a) => a.channel === SLACK_CHANNEL);
      const since = h.fake.mark();
      await slackReportPupil(h, 'teacher');
      await h.deliver();
      h.clock.advance(RETRY);
      await h.deliver();
      assert.equal(h.fake.since(since).filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL).length, 1, `${error}: asked once`);
      const open = await h.app.deps.store.incidents.listOpen(10);
      const rows = await h.app.deps.store.outbox.listByIncident(open.at(-1)!.id);
      const card = rows.find((r) => r.kind === MESSAGE_KINDS.channelCard)!;
      assert.deepEqual([card.status === 'pending', card.lastError], [false, error]);
    }
  });
});
