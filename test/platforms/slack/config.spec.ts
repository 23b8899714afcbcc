import assert from 'node:assert/strict';
import { SocketModeReceiver } from '@slack/bolt';
import { loadConfig } from '../../../src/config';
import { createSlack, slackMode } from '../../../src/platforms/slack/bolt';
import { systemClock } from '../../../src/core/ports';
import { createLogger } from '../../../src/log';
import { testSchool } from '../../helpers/school';
import type { CoreDeps } from '../../../src/core/deps';

describe('slack: configuration', () => {
  it('leaves Slack off when no Slack variable is set', () => {
    assert.equal(slackMode(loadConfig({})), 'off');
  });

  it('selects HTTP at /slack/events with a signing secret and a bot token', () => {
    assert.equal(slackMode(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' })), 'http');
  });

  it('selects Bolt’s SocketModeReceiver when SLACK_APP_TOKEN is set, without connecting', () => {
    const config = loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' });
    assert.equal(slackMode(config), 'socket');
    const deps = { school: testSchool(), clock: systemClock, store: {} } as unknown as CoreDeps;
    const slack = createSlack(config, [{ id: 'school', deps }], createLogger('silent'))!;
    assert.ok(slack.receiver instanceof SocketModeReceiver);
    assert.equal(slack.router, null);
  });

  it('names the variable when Slack settings are incomplete or contradictory', () => {
    assert.throws(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }), /SLACK_SIGNING_SECRET is required/);
    assert.throws(() => loadConfig({ SLACK_SIGNING_SECRET: 's' }), /SLACK_BOT_TOKEN is required/);
    assert.throws(() => loadConfig({ SLACK_BOT_TOKEN: 'abc', SLACK_SIGNING_SECRET: 's' }), /SLACK_BOT_TOKEN must be a bot token/);
    assert.throws(() => loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'c' }), /SLACK_CLIENT_SECRET is required/);
    assert.throws(() => loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 'd', SLACK_STATE_SECRET: 'e' }), /SLACK_BOT_TOKEN must be empty/);
    assert.throws(() => loadConfig({ SLACK_API_URL: 'not a url' }), /SLACK_API_URL/);
  });

  it('adds the trailing slash the Web API client expects to SLACK_API_URL', () => {
    assert.equal(loadConfig({ SLACK_API_URL: 'https://slack-gov.com/api' }).SLACK_API_URL, 'https://slack-gov.com/api/');
  });
});
