/**
 * Issue #8: Slack gets its ack within 3 s even when views.open, chat.postMessage or auth.test hang,
 * and a message the request could not show reaches the person later, through the outbox, once.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { SlackHarness, SIGNING_SECRET, TEAM, blockText, type Who } from '../../helpers/slack-harness';

const SLACK_BUDGET_MS = 3000;
const TIMEOUT_MS = 1000;

describe('slack: every request is acknowledged within 3 s while the Web API hangs', function () {
  let h: SlackHarness;
  afterEach(async () => h.close());

  /** Posts a signed request and times the HTTP answer alone (not the work done after the ack). */
  async function timedPost(body: string): Promise<{ status: number; ms: number }> {
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const t0 = Date.now();
    const res = await fetch(`${h.app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
    await res.text();
    return { status: res.status, ms: Date.now() - t0 };
  }
  const slash = (who: Who, trigger: string) =>
    timedPost(new URLSearchParams({ command: '/report', text: '', user_id: h.ids[who], team_id: TEAM, channel_id: h.dm(who), trigger_id: trigger, response_url: 'http://127.0.0.1:9/unused' }).toString());
  const seen = (who: Who) => h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  const until = async (cond: () => Promise<boolean>, ms = 6000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('acks /report at once while views.open hangs, and tells the person later, once, to try again', async () => {
    h = await SlackHarness.start({ OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS) });
    await seen('teacher');
    const stop = h.fake.hang('views.open');
    const res = await slash('teacher', 'trigger-hang');
    assert.equal(res.status, 200);
    assert.ok(res.ms < SLACK_BUDGET_MS, `acked in ${res.ms} ms`);
    await h.app.slack!.idle();
    stop();
    await h.deliver();
    await h.deliver();
    const dms = h.posts(h.dm('teacher')).map((c) => blockText(c.args.blocks));
    assert.equal(dms.filter((t) => /The report form did not open/.test(t)).length, 1, 'told exactly once');
    assert.match(dms.find((t) => /did not open/.test(t))!, /type \/report again/);
  });

  it('acks /report within 3 s while auth.test hangs, and opens nothing for a workspace it could not check', async () => {
    // No team_id in the school file: the token's own workspace is asked with auth.test.
    h = await SlackHarness.start({ OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS) }, { school: (y) => y.replace(/\n {4}team_id: \[[^\]]*\]/, '') });
    const stop = h.fake.hang('auth.test');
    const res = await slash('teacher', 'trigger-auth');
    assert.equal(res.status, 200);
    assert.ok(res.ms < SLACK_BUDGET_MS, `acked in ${res.ms} ms`);
    assert.equal(h.fake.of('views.open', false).length, 0, 'fails closed: no modal for an unchecked workspace');
    stop();
    await h.app.slack!.idle();
    await slash('teacher', 'trigger-after');
    await until(async () => h.fake.of('views.open').length === 1);
  });

  it('acks a direct message event at once while chat.postMessage hangs', async () => {
    h = await SlackHarness.start({ OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS) });
    const stop = h.fake.hang('chat.postMessage');
    const body = JSON.stringify({ type: 'event_callback', team_id: TEAM, api_app_id: 'A1', event: { type: 'message', channel_type: 'im', channel: h.dm('teacher'), user: h.ids.teacher, text: 'hello', ts: '1.1' }, event_id: 'Ev-hang', event_time: 1, authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true }] });
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const t0 = Date.now();
    const res = await fetch(`${h.app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
    await res.text();
    const ms = Date.now() - t0;
    stop();
    assert.equal(res.status, 200);
    assert.ok(ms < SLACK_BUDGET_MS, `acked in ${ms} ms`);
  });
});
