import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { ConfigError, loadConfig, teamsMode } from '../../src/config';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  return '';
};

const OWN_SCHOOL = { SCHOOL_CONFIG: '/srv/safeguard/st-marys.yaml' };

describe('hostile: production refuses unauthenticated channels and demo secrets', function () {
  it('refuses the demo school, naming SCHOOL_CONFIG', () => {
    assert.match(refusal({ NODE_ENV: 'production' }), /SCHOOL_CONFIG must name your own school file/);
  });

  it('refuses unauthenticated Teams, naming TEAMS_ALLOW_UNAUTHENTICATED', () => {
    assert.match(refusal({ NODE_ENV: 'production', ...OWN_SCHOOL, TEAMS_ALLOW_UNAUTHENTICATED: '1' }), /TEAMS_ALLOW_UNAUTHENTICATED must be empty or 0/);
  });

  it('refuses Slack over HTTP without a signing secret, naming SLACK_SIGNING_SECRET', () => {
    assert.match(refusal({ NODE_ENV: 'production', ...OWN_SCHOOL, SLACK_BOT_TOKEN: 'xoxb-1' }), /SLACK_SIGNING_SECRET is required/);
  });

  it('refuses placeholder and short secrets, naming each variable', () => {
    const msg = refusal({ NODE_ENV: 'production', ...OWN_SCHOOL, MicrosoftAppId: 'a', MicrosoftAppPassword: 'change-me', SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 'x', SLACK_STATE_SECRET: 'short' });
    assert.match(msg, /MicrosoftAppPassword holds a placeholder/);
    assert.match(msg, /SLACK_STATE_SECRET must be at least 32/);
  });

  it('accepts a real school with Teams authenticated', () => {
    const c = loadConfig({ NODE_ENV: 'production', ...OWN_SCHOOL, MicrosoftAppId: 'a', MicrosoftAppPassword: 'a-real-looking-secret' });
    assert.equal(teamsMode(c), 'authenticated');
  });

  it('turns Teams off with no app id for any school but the demo, unless the trial opts in', () => {
    assert.equal(teamsMode(loadConfig(OWN_SCHOOL)), 'off');
    assert.equal(teamsMode(loadConfig({ ...OWN_SCHOOL, TEAMS_ALLOW_UNAUTHENTICATED: '1' })), 'loopback-trial');
    assert.equal(teamsMode(loadConfig({})), 'loopback-trial', 'npm start on the demo school is a local trial');
    assert.equal(teamsMode(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: '0' })), 'off');
    assert.match(refusal({ TEAMS_ALLOW_UNAUTHENTICATED: 'maybe' }), /TEAMS_ALLOW_UNAUTHENTICATED must be 1 or 0/);
  });

  it('npm start exits 1 in production on the demo school and says which variable, before listening', function () {
    this.timeout(90_000);
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/server.ts'], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0' }, encoding: 'utf8', timeout: 80_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /SCHOOL_CONFIG must name your own school file/);
  });
});

describe('hostile: the server listens on loopback unless HOST says otherwise', function () {
  it('defaults HOST to 127.0.0.1', () => {
    assert.equal(loadConfig({}).HOST, '127.0.0.1');
  });

  it('cannot be reached on another interface of this computer', async function () {
    const other = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!other) return this.skip(); // a machine with loopback only: nothing else to reach
    const { Harness } = await import('../helpers/bot-harness');
    const h = await Harness.start();
    try {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: other.address, port: h.app.port }, () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      assert.ok(refused, `the bot answered on ${other.address}`);
      assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
    } finally {
      await h.close();
    }
  });
});
