import assert from 'node:assert/strict';
import { SlackHarness } from '../helpers/slack-harness';
import { captureLog, errorCode, postRaw, rowCounts } from './helpers';

describe('hostile: Slack requests that are not signed by Slack', function () {
  it('refuses every unsigned, badly signed or stale request, changes nothing, and keeps the log to a few coded lines', async () => {
    const cap = captureLog();
    const h = await SlackHarness.start({}, { log: cap.log });
    try {
      const before = await rowCounts(h.app.deps.store);
      const form = new URLSearchParams({ command: '/report', user_id: h.ids.dsl, team_id: 'T1', trigger_id: 't' }).toString();
      const answers: number[] = [];
      for (let i = 0; i < 60; i++) {
        answers.push((await h.post(form, 'application/x-www-form-urlencoded', { secret: 'guessed-secret' })).status);
        answers.push((await h.post(form, 'application/x-www-form-urlencoded', { ageSeconds: 3600 })).status);
      }
      answers.push((await postRaw(`${h.app.url}/slack/events`, '{"type":"url_verification","challenge":"x"}')).status);
      answers.push((await postRaw(`${h.app.url}/slack/events`, '{not json', { 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) })).status);
      assert.ok(answers.every((s) => s === 401), `answers: ${[...new Set(answers)].join(', ')}`);
      assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
      assert.equal(h.fake.calls.length, 0, 'nothing asked of Slack');
      assert.ok(cap.lines.length <= 25, `${cap.lines.length} log lines for 122 refused requests`);
      cap.assertOnlyCodes([h.email('dsl')]);
      assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
    } finally {
      await h.close();
    }
  });

  it('answers an unknown path with a coded 404, not an HTML page', async () => {
    const h = await SlackHarness.start();
    try {
      const res = await postRaw(`${h.app.url}/wp-login.php`, 'x');
      assert.equal(res.status, 404);
      assert.equal(errorCode(res.body), 'NOT_FOUND');
      const get = await fetch(`${h.app.url}/api/messages`);
      assert.equal(get.status, 404);
      assert.doesNotMatch(await get.text(), /<html|Cannot GET/i);
    } finally {
      await h.close();
    }
  });
});
