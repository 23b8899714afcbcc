import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../src/config';

describe('config', () => {
  it('starts on port 3978 with an embedded SQLite database and the demo school when nothing is set', () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 3978);
    assert.match(c.DATABASE_URL, /^sqlite:/);
    assert.match(c.SCHOOL_CONFIG, /demo-school\.yaml$/);
    assert.equal(c.MicrosoftAppId, undefined);
  });

  it('names the variable when a value is invalid', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT/.test(e.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must start with sqlite: or postgres:\/\//);
  });

  it('refuses a password with a managed identity, as botbuilder does', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'secret' }),
      /MicrosoftAppPassword must be empty/,
    );
  });

  it('refuses a plain-http login URL for the bot\'s own Teams token', () => {
    assert.throws(() => loadConfig({ ToChannelFromBotLoginUrl: 'http://127.0.0.1:9/botframework.com' }), /ToChannelFromBotLoginUrl must be an https:\/\/ URL/);
    assert.equal(loadConfig({ ToChannelFromBotLoginUrl: 'https://login.example/botframework.com' }).ToChannelFromBotLoginUrl, 'https://login.example/botframework.com');
  });

  it('requires a tenant for a single-tenant bot', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p' }),
      /MicrosoftAppTenantId is required/,
    );
  });
});

describe('config: .env.example', () => {
  it('lists every variable the bot reads, each with a comment above it', async () => {
    const { CONFIG_KEYS } = await import('../src/config');
    const text = (await import('node:fs')).readFileSync('.env.example', 'utf8');
    const lines = text.split('\n');
    for (const key of CONFIG_KEYS) {
      const at = lines.findIndex((l) => l.startsWith(`${key}=`));
      assert.ok(at > 0, `.env.example has no ${key}=`);
      assert.ok(lines.slice(Math.max(0, at - 3), at).some((l) => l.startsWith('#')), `${key} has no comment`);
    }
  });
});
