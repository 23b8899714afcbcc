/**
 * Under a burst of commands the work after Slack's ack is bounded: a command that finds the queue
 * full is told in its ack to try again (no form half-opened, nothing saved), the ones admitted all
 * get their form, and nothing waits on an unbounded pile.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { SlackHarness, SIGNING_SECRET, TEAM, type Who } from '../../helpers/slack-harness';

describe('slack: the work after an ack is bounded under a burst', function () {
  let h: SlackHarness;
  afterEach(async () => h.close());

  /** A signed /report, answered without waiting for the work after the ack. */
  async function slash(who: Who, trigger: string): Promise<{ status: number; body: { response_type?: string; text?: string } | string }> {
    const body = new URLSearchParams({ command: '/report', text: '', user_id: h.ids[who], team_id: TEAM, channel_id: h.dm(who), trigger_id: trigger, response_url: 'http://127.0.0.1:9/unused' }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${h.app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as { response_type?: string; text?: string }) : '' };
  }

  it('tells a command that finds the queue full to try again, opens the forms it admitted, and takes new commands once it drains', async () => {
    h = await SlackHarness.start({ SLACK_WORK_CONCURRENCY: '1', SLACK_WORK_QUEUE: '1', OUTBOUND_TIMEOUT_MS: '1000' });
    // The first command's views.open hangs (until the 1 s client limit): it holds the only slot.
    const stop = h.fake.hang('views.open', (args) => args.trigger_id === 'trigger-1');
    const first = await slash('teacher', 'trigger-1');
    const second = await slash('dsl', 'trigger-2');
    const third = await slash('head', 'trigger-3');
    assert.equal(first.status, 200);
    assert.equal(first.body, '', 'admitted: a plain ack');
    assert.equal(second.body, '', 'admitted to wait');
    assert.equal(third.status, 200);
    assert.ok(typeof third.body === 'object', 'turned away in the ack itself');
    assert.equal(third.body.response_type, 'ephemeral');
    assert.match(third.body.text ?? '', /type \/report again in a few seconds/);
    assert.match(third.body.text ?? '', /immediate danger.*999/);
    await h.app.slack!.idle();
    stop();
    const opened = h.fake.of('views.open').map((c) => c.args.trigger_id);
    assert.deepEqual(opened, ['trigger-2'], 'the waiting command got its form; the turned-away one never reached Slack');
    assert.equal(await h.app.deps.store.drafts.getOpen('slack', h.ids.head), null, 'nothing saved for the command turned away');
    // Drained: the person turned away tries again and gets the form.
    const again = await slash('head', 'trigger-4');
    assert.equal(again.body, '');
    await h.app.slack!.idle();
    assert.ok(h.fake.of('views.open').some((c) => c.args.trigger_id === 'trigger-4'));
  });
});
