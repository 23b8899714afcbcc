/**
 * One way to fail, on both platforms (src/core/notify/delivery.ts): a refusal for good takes the
 * fallback route, a 429 waits as long as Retry-After says, and our own bug — a render that throws,
 * a message the platform rejects as malformed — is retried with backoff and alerted, while the
 * recipient stays reachable.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import sinon from 'sinon';
import { Harness, CHANNEL_ID, cardText, cardsSince, mark, reportPupil, reportStaff } from '../helpers/bot-harness';
import { TeamsErrors } from '../helpers/fake-teams-connector';
import { SlackHarness, slackReportPupil } from '../helpers/slack-harness';
import { MESSAGE_KINDS } from '../../src/core/notify/kinds';
import { RENDERERS } from '../../src/views/outbox';

const BACKOFF = 10 * 60_000;

/** A logger whose lines the test can read (JSON, one per line). */
function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), alerts: () => lines.filter((l) => l.alert === true && l.level === 50) };
}

describe('delivery failures: Teams', function () {
  this.timeout(30_000);
  let h: Harness;
  let rec: ReturnType<typeof recordingLog>;
  beforeEach(async () => {
    rec = recordingLog();
    h = await Harness.start({}, { log: rec.log });
    await h.everyoneSaysHello();
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('takes a 403 as final: the headteacher is marked unreachable and the reporter told to contact them directly, with no alert', async () => {
    h.fake.failNext({ conversationId: h.dm('head') }, TeamsErrors.conversationBlockedByUser());
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    const submitted = mark(h);
    await h.deliver();
    h.clock.advance(BACKOFF);
    await h.deliver();
    assert.ok((await h.app.deps.store.identities.findByEmail('teams', h.users.head.email!))?.unreachableAt, 'unreachable on Teams');
    assert.match(cardText(cardsSince(h, 'teacher', submitted)[0]), /contact the headteacher directly/);
    assert.deepEqual(rec.alerts(), [], 'a person refusing the bot is not our bug');
  });

  it('waits as long as Retry-After says after a 429 before posting the channel card', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.throttled(30));
    await reportPupil(h, 'teacher');
    await h.deliver();
    h.clock.advance(29_000);
    await h.deliver();
    assert.equal(h.fake.sentCards(CHANNEL_ID).length, 0, 'not before Retry-After');
    h.clock.advance(2_000);
    await h.deliver();
    assert.equal(h.fake.sentCards(CHANNEL_ID).length, 1);
  });

  it('retries a render that throws with backoff and alerts it, and the channel is not given up for the DSLs’ DMs', async () => {
    sinon.replace(RENDERERS, MESSAGE_KINDS.channelCard, async () => {
      throw new Error('a view bug');
    });
    await reportPupil(h, 'teacher');
    await h.deliver();
    const [incident] = await h.app.deps.store.incidents.listOpen(10);
    const rows = await h.app.deps.store.outbox.listByIncident(incident.id);
    const card = rows.find((r) => r.kind === MESSAGE_KINDS.channelCard)!;
    assert.deepEqual([card.status, card.lastError], ['pending', 'RENDER_FAILED'], 'kept for a retry, with the code');
    assert.deepEqual(rec.alerts().map((l) => [l.code, l.kind]), [['RENDER_FAILED', MESSAGE_KINDS.channelCard]], 'alerted once, by code');
    assert.deepEqual(rows.filter((r) => r.dedupeKey.startsWith(`fallback:${incident.id}:`)), [], 'no fallback: the channel is reachable');
    sinon.restore();
    h.clock.advance(BACKOFF);
    await h.deliver();
    assert.equal(h.fake.sentCards(CHANNEL_ID).length, 1, 'the fixed render is posted once');
  });
});

describe('delivery failures: Slack', function () {
  this.timeout(30_000);
  let h: SlackHarness;
  let rec: ReturnType<typeof recordingLog>;
  beforeEach(async () => {
    rec = recordingLog();
    h = await SlackHarness.start({}, { log: rec.log });
    await h.event({ type: 'message', channel_type: 'im', channel: h.dm('dsl'), user: h.ids.dsl, text: 'hello', ts: '1.1' }, 'Ev-dsl');
  });
  afterEach(async () => h.close());

  it('retries a page Slack refuses as invalid_blocks and alerts it, and the DSL stays reachable and is paged', async () => {
    h.fake.failNext('chat.postMessage', { error: 'invalid_blocks' }, (a) => a.channel === h.dm('dsl'));
    const since = h.fake.mark();
    await slackReportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    assert.deepEqual(rec.alerts().map((l) => [l.code, l.kind]), [['invalid_blocks', MESSAGE_KINDS.page]], 'alerted, by code');
    assert.equal((await h.app.deps.store.identities.findByEmail('slack', h.email('dsl')))?.unreachableAt ?? null, null, 'still reachable');
    h.clock.advance(BACKOFF);
    await h.deliver();
    assert.equal(h.posts(h.dm('dsl'), since).length, 1, 'paged once, on the retry');
  });
});
