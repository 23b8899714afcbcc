import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BOT_SCOPES, METHOD_SCOPES } from '../../src/platforms/slack/scopes';
import { SlackHarness } from '../helpers/slack-harness';

type Obj = Record<string, unknown>;
const file = path.resolve(__dirname, '../../manifest/slack/manifest.yml');

/** Every Web API method named in src/platforms/slack (client.x.y(...) calls). */
function methodsUsedInCode(): string[] {
  const dir = path.resolve(__dirname, '../../src/platforms/slack');
  const found = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/client\.(\w+)\.(\w+)\(/g)) found.add(`${m[1]}.${m[2]}`);
  }
  return [...found].sort();
}

describe('slack: manifest/slack/manifest.yml', () => {
  const manifest = parse(fs.readFileSync(file, 'utf8')) as Obj;
  const features = manifest.features as Obj;
  const settings = manifest.settings as Obj;
  const scopes = ((manifest.oauth_config as Obj).scopes as Obj).bot as string[];
  const urls = [
    ...((features.slash_commands as Obj[]) ?? []).map((c) => String(c.url)),
    String((settings.event_subscriptions as Obj).request_url),
    String((settings.interactivity as Obj).request_url),
    String((settings.interactivity as Obj).message_menu_options_url),
  ];

  it('parses, with the /report and /safeguard commands, a bot user, the Home tab and interactivity', () => {
    assert.deepEqual(((features.slash_commands as Obj[]) ?? []).map((c) => c.command), ['/report', '/safeguard']);
    assert.ok((features.bot_user as Obj).display_name);
    assert.equal((features.app_home as Obj).home_tab_enabled, true);
    assert.equal((settings.interactivity as Obj).is_enabled, true);
  });

  it('names an options load URL, which the person picker (external_select) needs for its names', () => {
    assert.equal((settings.interactivity as Obj).message_menu_options_url, (settings.interactivity as Obj).request_url);
  });

  it('lists exactly the scopes the code uses: none missing, none extra', () => {
    assert.deepEqual([...scopes].sort(), [...BOT_SCOPES].sort());
    for (const method of methodsUsedInCode()) {
      assert.ok(method in METHOD_SCOPES, `${method} is called but its scope is not declared in scopes.ts`);
      const needed = METHOD_SCOPES[method];
      if (needed) assert.ok(scopes.includes(needed), `${method} needs ${needed}`);
    }
  });

  it('points every URL at a path the server answers', async function () {
    const h = await SlackHarness.start();
    try {
      for (const u of urls) {
        const res = await fetch(`${h.app.url}${new URL(u).pathname}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
        assert.equal(res.status, 401, `${u}: answered by Bolt's signature check, not a 404`);
      }
      const notThere = await fetch(`${h.app.url}/slack/nowhere`, { method: 'POST', body: '{}' });
      assert.equal(notThere.status, 404);
    } finally {
      await h.close();
    }
  });
});
