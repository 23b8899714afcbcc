import assert from 'node:assert/strict';
import { SlackHarness } from '../../helpers/slack-harness';

describe('slack: installing the app in several workspaces (OAuth)', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start({ SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'a-long-random-state-secret' });
  });
  afterEach(async () => h.close());

  async function install(code: string): Promise<Response> {
    const start = await fetch(`${h.app.url}/slack/install`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const location = new URL(String(start.headers.get('location')));
    assert.equal(location.searchParams.get('client_id'), '111.222');
    assert.match(String(location.searchParams.get('scope')), /users:read\.email/);
    const state = String(location.searchParams.get('state'));
    const cookie = String(start.headers.get('set-cookie')).split(';')[0];
    return fetch(`${h.app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  }

  it('stores a workspace install in the database and then answers /report in that workspace with its own token', async () => {
    const done = await install('good-code');
    assert.ok(done.status < 400, `install finished with HTTP ${done.status}`);
    assert.equal(h.fake.of('oauth.v2.access').length, 1);
    const stored = await h.app.deps.store.slackInstallations.get('T:T2');
    assert.equal(stored?.school, 'Slack E2E Primary');
    await h.slash('teacher', '/report', 'T2');
    const opened = h.fake.of('views.open');
    assert.equal(opened.length, 1);
    assert.equal(opened[0].token, 'xoxb-installed-t2');
  });

  it('keeps the install after a restart (not in memory)', async () => {
    await install('good-code');
    await h.restart();
    await h.slash('teacher', '/report', 'T2');
    assert.equal(h.fake.of('views.open')[0]?.token, 'xoxb-installed-t2');
  });

  it('stores nothing when Slack refuses the code, and ignores a workspace that never installed', async () => {
    const failed = await install('bad-code');
    assert.ok(failed.status >= 200);
    assert.equal(await h.app.deps.store.slackInstallations.get('T:T2'), null);
    await h.slash('teacher', '/report', 'T9');
    assert.equal(h.fake.of('views.open').length, 0);
  });

  it('refuses a callback whose state was not issued by this server', async () => {
    const forged = await fetch(`${h.app.url}/slack/oauth_redirect?code=good-code&state=forged`, { redirect: 'manual' });
    assert.ok(forged.status >= 200);
    assert.equal(h.fake.of('oauth.v2.access', false).length, 0);
    assert.equal(await h.app.deps.store.slackInstallations.get('T:T2'), null);
  });
});
