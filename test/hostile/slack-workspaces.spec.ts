import assert from 'node:assert/strict';
import { SlackHarness } from '../helpers/slack-harness';
import { FakeSlackApi } from '../helpers/fake-slack-api';
import { TokenWorkspace } from '../../src/platforms/slack/workspaces';
import { testSchool } from '../helpers/school';
import { FakeClock } from '../helpers/clock';
import type { CoreDeps } from '../../src/core/deps';
import { captureLog, rowCounts } from './helpers';

describe('hostile: identity is more than an email (Slack workspaces)', function () {
  it('gives a /report from another workspace, by a user with the DSL\'s email, nothing: no modal, no identity, no row', async () => {
    const cap = captureLog();
    const h = await SlackHarness.start({}, { log: cap.log });
    try {
      const before = await rowCounts(h.app.deps.store);
      const res = await h.slash('dsl', '/report', 'T666');
      assert.equal(res.status, 200, 'Slack is answered, so it does not retry');
      const dslAction = await h.interact({ type: 'block_actions', user: { id: h.ids.dsl, team_id: 'T666' }, team: { id: 'T666' }, trigger_id: 't', container: { type: 'message', channel_id: 'C1', message_ts: '1.1' }, channel: { id: 'C1' }, message: { ts: '1.1' }, actions: [{ type: 'button', action_id: 'incident.ack', value: '{}', block_id: 'b', action_ts: '1' }] });
      assert.equal(dslAction.status, 200);
      assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
      assert.equal(h.fake.of('views.open').length, 0);
      assert.equal(h.fake.of('users.info').length, 0, 'the stranger is not even looked up');
      assert.equal(h.fake.of('chat.postMessage').length, 0);
      cap.assertOnlyCodes([h.email('dsl'), 'Dana DSL']);
      // The school's own workspace still works.
      await h.slash('dsl', '/report', 'T1');
      assert.equal(h.fake.of('views.open').length, 1);
    } finally {
      await h.close();
    }
  });

  it('refuses /slack/install for a workspace the school file does not name, and stores nothing', async () => {
    const h = await SlackHarness.start({ SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'a-long-random-state-secret' });
    try {
      const start = await fetch(`${h.app.url}/slack/install`, { redirect: 'manual' });
      const state = String(new URL(String(start.headers.get('location'))).searchParams.get('state'));
      const cookie = String(start.headers.get('set-cookie')).split(';')[0];
      const done = await fetch(`${h.app.url}/slack/oauth_redirect?code=foreign-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
      assert.ok(done.status >= 200);
      assert.equal(done.status, 403);
      assert.match(await done.text(), /not one of this school's/);
      assert.equal(await h.app.deps.store.slackInstallations.get('T:T666'), null);
      await h.slash('teacher', '/report', 'T666');
      assert.equal(h.fake.of('views.open').length, 0);
      assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
    } finally {
      await h.close();
    }
  });

  it('with one bot token and no list in the school file, serves only the token\'s own workspace, and fails closed when Slack cannot say', async () => {
    const fake = await FakeSlackApi.start();
    try {
      const deps = { school: testSchool({ safeguarding_team: { slack: { channel_id: 'C1' } } }), store: null, clock: new FakeClock() } as unknown as CoreDeps;
      const w = new TokenWorkspace(deps, 'xoxb-1', fake.url);
      assert.equal(await w.allows({ teamId: 'T1' }), true);
      assert.equal(await w.allows({ teamId: 'T666' }), false);
      assert.equal(await w.allows({}), false);
      const down = new TokenWorkspace(deps, 'xoxb-1', 'http://127.0.0.1:9/api/');
      await assert.rejects(down.allows({ teamId: 'T1' }));
    } finally {
      await fake.close();
    }
  });
});
