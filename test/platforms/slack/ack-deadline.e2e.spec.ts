/**
 * Slack gets its ack within 3 s (else it retries, and the person sees a timeout) even when views.open, chat.postMessage, auth.test or users.info hang,
 * and a message the request could not show reaches the person later, through the outbox, once.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { SlackHarness, SIGNING_SECRET, TEAM, blockText, submitStep, type Who } from '../../helpers/slack-harness';

const SLACK_BUDGET_MS = 3000;
const TIMEOUT_MS = 1000;
/** A client time limit well past Slack's 3 s: only the bot's own cap on users.info can answer in time. */
const LONG_TIMEOUT_MS = 8000;

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

  /** Forgets the person's Slack identity, as for someone the bot has not seen: the next request asks users.info. */
  const forget = async (who: Who) => {
    const ds = (h.app.deps.store as unknown as { dataSource: { query(sql: string, params: unknown[]): Promise<unknown> } }).dataSource;
    const pg = /postgres/i.test(process.env.E2E_DATABASE_URL ?? '');
    await ds.query(`DELETE FROM "identities" WHERE "platform" = 'slack' AND "platform_user_id" = ${pg ? '$1' : '?'}`, [h.ids[who]]);
  };
  const timedInteract = async (send: () => Promise<{ status: number; body: unknown }>) => {
    const t0 = Date.now();
    const res = await send();
    return { ...res, ms: Date.now() - t0 };
  };

  it('answers a modal submission within 3 s while users.info hangs, kindly and keeping what was typed', async () => {
    h = await SlackHarness.start({ OUTBOUND_TIMEOUT_MS: String(LONG_TIMEOUT_MS) });
    await h.slash('teacher');
    const view = await submitStep(h, 'teacher', h.lastView(), { category: 'other' });
    await forget('teacher');
    const stop = h.fake.hang('users.info');
    const res = await timedInteract(() => h.submit('teacher', view, { immediate_danger: 'no' }));
    stop();
    assert.equal(res.status, 200);
    assert.ok(res.ms < SLACK_BUDGET_MS, `answered in ${res.ms} ms`);
    assert.ok(h.fake.calls.some((c) => c.method === 'users.info'), 'users.info really was asked');
    const body = res.body as { response_action?: string; errors?: Record<string, string> };
    // An error on the form: Slack keeps the modal open with the answers in it.
    assert.equal(body.response_action, 'errors');
    assert.match(Object.values(body.errors ?? {}).join(' '), /could not check who you are just now — please try again/);
    // Once Slack answers again, the same submission carries on from where they were.
    const next = await submitStep(h, 'teacher', view, { immediate_danger: 'no' });
    assert.match(blockText(next), /what happened|What happened/i);
  });

  it('answers a person picker’s options within 3 s while users.info hangs, with no names', async () => {
    h = await SlackHarness.start({ OUTBOUND_TIMEOUT_MS: String(LONG_TIMEOUT_MS) });
    await h.slash('teacher');
    const view = h.lastView();
    await forget('teacher');
    const stop = h.fake.hang('users.info');
    const res = await timedInteract(() => h.suggest('teacher', view, 'subject_email', 'Sa'));
    stop();
    assert.equal(res.status, 200);
    assert.ok(res.ms < SLACK_BUDGET_MS, `answered in ${res.ms} ms`);
    assert.deepEqual((res.body as { options?: unknown[] }).options, []);
  });
});
