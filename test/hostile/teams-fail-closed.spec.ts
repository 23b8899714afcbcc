import assert from 'node:assert/strict';
import { Harness } from '../helpers/bot-harness';
import { cardAction, personalMessage, postActivity, teamsUser } from '../helpers/teams-activities';
import { FakeOpenId, captureLog, errorCode, postRaw, rowCounts } from './helpers';
import { isLoopbackAddress, isLoopbackUrl } from '../../src/platforms/teams/http';
import { FakeGraph, GRAPH_CA_FILE, GRAPH_CLIENT_ID, GRAPH_SECRET, GRAPH_TENANT } from '../helpers/fake-graph';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '0bad0bad-0000-4000-8000-000000000666';

async function healthy(h: Harness): Promise<void> {
  const res = await fetch(`${h.app.url}/healthz`);
  assert.equal(res.status, 200, 'the process is still healthy');
}

describe('hostile: Teams with no app id is off unless a local trial opts in', function () {
  it('answers 404 TEAMS_NOT_CONFIGURED to an outsider posting as the DSL, changes nothing and logs it once', async () => {
    const cap = captureLog();
    const h = await Harness.start({ TEAMS_ALLOW_UNAUTHENTICATED: '0' }, { log: cap.log });
    try {
      const before = await rowCounts(h.app.deps.store);
      const attacker = 'https://attacker.example/teams/';
      for (let i = 0; i < 25; i++) {
        const res = await postActivity(h.app.url, personalMessage({ serviceUrl: attacker, user: h.users.dsl, text: 'report' }));
        assert.equal(res.status, 404);
        assert.equal(errorCode(res.body), 'TEAMS_NOT_CONFIGURED');
      }
      assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
      assert.equal(h.fake.sent.length, 0, 'nothing was sent to anyone');
      assert.equal(cap.records().filter((r) => r.code === 'TEAMS_NOT_CONFIGURED').length, 1, 'logged once, not 25 times');
      cap.assertOnlyCodes([String(h.users.dsl.email), 'Dana DSL']);
      await healthy(h);
    } finally {
      await h.close();
    }
  });

  it('refuses a trial activity whose serviceUrl is not on this computer, so nobody can become "the DSL" on their own server', async () => {
    const cap = captureLog();
    const h = await Harness.start({}, { log: cap.log });
    try {
      const before = await rowCounts(h.app.deps.store);
      for (const serviceUrl of ['https://attacker.example/', 'http://10.0.0.7:3978/', 'http://127.0.0.1.attacker.example/', 'http://localhost.evil.example/']) {
        const res = await postActivity(h.app.url, personalMessage({ serviceUrl, user: h.users.dsl, text: 'hello' }));
        assert.equal(res.status, 403, serviceUrl);
        assert.equal(errorCode(res.body), 'SERVICE_URL_NOT_LOOPBACK');
      }
      assert.deepEqual(await rowCounts(h.app.deps.store), before);
      assert.equal(await h.app.deps.store.identities.findByPlatformId('teams', h.users.dsl.id), null);
      cap.assertOnlyCodes([String(h.users.dsl.email)]);
      await healthy(h);
    } finally {
      await h.close();
    }
  });

  it('treats a request forwarded by a proxy on this computer as not local (401)', async () => {
    const h = await Harness.start();
    try {
      const res = await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.dsl, text: 'hello' }), { 'x-forwarded-for': '203.0.113.9' });
      assert.equal(res.status, 401);
      assert.equal(errorCode(res.body), 'UNAUTHENTICATED');
      assert.equal(await h.app.deps.store.identities.findByPlatformId('teams', h.users.dsl.id), null);
    } finally {
      await h.close();
    }
  });

  it('knows loopback peers and URLs from look-alikes', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10']) assert.ok(isLoopbackAddress(a), a);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '', undefined, '1127.0.0.1']) assert.ok(!isLoopbackAddress(a), String(a));
    for (const u of ['http://127.0.0.1:3979/', 'http://localhost/x', 'http://[::1]:80/']) assert.ok(isLoopbackUrl(u), u);
    for (const u of ['https://smba.trafficmanager.net/uk/', 'http://127.0.0.1.nip.io/', 'not a url', 'http://localhost.example/']) assert.ok(!isLoopbackUrl(u), u);
  });
});

describe('hostile: identity is more than an email (Teams tenants)', function () {
  it('answers a person from another tenant showing the DSL\'s email as a stranger: no identity, no draft, no presence', async () => {
    const cap = captureLog();
    const h = await Harness.start({}, { log: cap.log });
    try {
      await h.say('dsl', 'hello');
      const real = await h.app.deps.store.identities.findByPlatformId('teams', h.users.dsl.id);
      const before = await rowCounts(h.app.deps.store);
      // Same 29: id and the same email at the fake connector, but from another tenant.
      const res = await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.dsl, text: 'report', tenantId: OTHER_TENANT }));
      assert.equal(res.status, 200);
      const told = h.deliveredTexts(h.dm('dsl')).at(-1) ?? '';
      assert.match(told, /belongs to another organisation/);
      const intruder = teamsUser('intruder', { email: String(h.users.dsl.email) });
      h.fake.addUser(intruder);
      await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: intruder, text: 'report', tenantId: OTHER_TENANT }));
      const click = await postActivity(h.app.url, cardAction({ serviceUrl: h.fake.url, user: intruder, conversation: 'a:1on1-x', verb: 'incident.view', data: { incidentId: '00000000-0000-4000-8000-000000000001' }, replyToId: 'c1', tenantId: OTHER_TENANT }));
      assert.equal(click.status, 200);
      assert.equal(((click.body as { value: { code: string } }).value).code, 'IDENTITY_UNKNOWN');
      assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
      assert.deepEqual(await h.app.deps.store.identities.findByPlatformId('teams', h.users.dsl.id), real, "the DSL's own identity is untouched");
      assert.equal(await h.app.deps.store.identities.findByPlatformId('teams', intruder.id), null);
      assert.ok(cap.records().some((r) => r.code === 'TEAMS_FOREIGN_TENANT'));
      cap.assertOnlyCodes([String(h.users.dsl.email), 'Dana DSL', 'Intruder']);
      await healthy(h);
    } finally {
      await h.close();
    }
  });

  it('refuses to start with an app id when the school names no tenant', async () => {
    // The harness names its tenant; a school file without one is refused at start-up, naming the key.
    const { loadConfig } = await import('../../src/config');
    const { startApp } = await import('../../src/app');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'hostile-tenant-'));
    try {
      writeFileSync(
        join(dir, 'school.yaml'),
        'school: { name: T, timezone: Europe/London }\npeople:\n  - { email: d@t.example, name: D, roles: [dsl] }\n  - { email: h@t.example, name: H, roles: [headteacher] }\nsafeguarding_team:\n  teams: { channel_id: "19:x@thread.tacv2" }\n',
      );
      const config = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, SCHOOL_CONFIG: join(dir, 'school.yaml'), MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'pw' });
      await assert.rejects(startApp(config, { background: false }), /safeguarding_team\.teams\.tenant_id is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile: with an app id, authentication comes before anything else', function () {
  let openId: FakeOpenId;
  before(async () => {
    openId = await FakeOpenId.start();
  });
  after(async () => openId.close());

  const authEnv = () => ({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'pw', ToBotFromChannelOpenIdMetadataUrl: openId.url });

  it('answers 401 to every unauthenticated request whatever its shape, and changes nothing', async () => {
    const cap = captureLog();
    const h = await Harness.start(authEnv(), { log: cap.log });
    try {
      const before = await rowCounts(h.app.deps.store);
      const url = `${h.app.url}/api/messages`;
      const good = JSON.stringify(personalMessage({ serviceUrl: h.fake.url, user: h.users.dsl, text: 'report' }));
      const shapes: [string, string, Record<string, string>][] = [
        ['bad JSON', '{"type": "message", ', {}],
        ['not an activity', '{"hello": "world"}', {}],
        ['an array', '[1,2,3]', {}],
        ['oversized', JSON.stringify({ type: 'message', text: 'x'.repeat(400_000) }), {}],
        ['not JSON at all', 'report', { 'content-type': 'text/plain' }],
        ['a good activity, no token', good, {}],
        ['Basic auth', good, { authorization: 'Basic YWRtaW46YWRtaW4=' }],
        ['an unsigned token', good, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' }],
        ['a token signed by a key nobody published', good, { authorization: `Bearer ${openId.token(APP_ID, h.fake.url, { kid: 'nobody' })}` }],
        ['a token for another bot', good, { authorization: `Bearer ${openId.token('another-app', h.fake.url)}` }],
        ['a token for another serviceUrl', good, { authorization: `Bearer ${openId.token(APP_ID, 'https://attacker.example/')}` }],
        ['an expired token', good, { authorization: `Bearer ${openId.token(APP_ID, h.fake.url, { expiresIn: -600 })}` }],
        ['oversized, with a forged token', JSON.stringify({ text: 'y'.repeat(400_000) }), { authorization: `Bearer ${openId.token('x', 'y', { kid: 'nobody' })}` }],
      ];
      for (const [what, body, headers] of shapes) {
        const res = await postRaw(url, body, headers);
        assert.equal(res.status, 401, what);
        assert.equal(errorCode(res.body), 'UNAUTHENTICATED', what);
        assert.doesNotMatch(JSON.stringify(res.body), /stack|Error:|botbuilder|jsonwebtoken/i, what);
      }
      assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
      assert.equal(h.fake.sent.length, 0, 'nothing sent');
      cap.assertOnlyCodes([String(h.users.dsl.email)]);
      await healthy(h);
    } finally {
      await h.close();
    }
  });

  it('serves a request with a valid token: a malformed body is then 400 BAD_ACTIVITY, an unknown invoke a 200 "not supported"', async () => {
    const h = await Harness.start(authEnv());
    try {
      const url = `${h.app.url}/api/messages`;
      const token = `Bearer ${openId.token(APP_ID, h.fake.url)}`;
      const bad = await postRaw(url, JSON.stringify({ serviceUrl: h.fake.url, channelId: 'msteams' }), { authorization: token });
      assert.equal(bad.status, 400);
      assert.equal(errorCode(bad.body), 'BAD_ACTIVITY');
      const invoke = { ...cardAction({ serviceUrl: h.fake.url, user: h.users.dsl, conversation: h.dm('dsl'), verb: 'x', replyToId: 'c' }), name: 'composeExtension/query' };
      const res = await postRaw(url, JSON.stringify(invoke), { authorization: token });
      assert.equal(res.status, 200);
      assert.equal((res.body as { code: string }).code, 'NOT_SUPPORTED');
    } finally {
      await h.close();
    }
  });

  it('answers 503 AUTH_UNAVAILABLE (retryable) when the identity provider cannot be reached, never 500', async () => {
    const cap = captureLog();
    const h = await Harness.start({ ...authEnv(), ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/unreachable/openidconfiguration' }, { log: cap.log });
    try {
      const before = await rowCounts(h.app.deps.store);
      const token = `Bearer ${openId.token(APP_ID, h.fake.url)}`;
      const res = await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.dsl, text: 'report' }), { authorization: token });
      assert.equal(res.status, 503);
      assert.equal(errorCode(res.body), 'AUTH_UNAVAILABLE');
      assert.deepEqual(await rowCounts(h.app.deps.store), before);
      assert.ok(cap.records().some((r) => r.code === 'TEAMS_AUTH_UNAVAILABLE'));
      cap.assertOnlyCodes();
      await healthy(h);
    } finally {
      await h.close();
    }
  });

  it('runs a well-formed `report` from the school tenant with a valid token, and the reply reaches the connector with the bot\'s own token', async () => {
    // The fake authority on loopback answers the bot's client-credentials request (ToChannelFromBotLoginUrl).
    const login = await FakeGraph.start();
    const cap = captureLog();
    const env = {
      MicrosoftAppId: GRAPH_CLIENT_ID,
      MicrosoftAppPassword: GRAPH_SECRET,
      ToBotFromChannelOpenIdMetadataUrl: openId.url,
      ToChannelFromBotLoginUrl: `${login.authorityHost}/${GRAPH_TENANT}`,
      TEAMS_LOGIN_CA_FILE: GRAPH_CA_FILE,
    };
    const h = await Harness.start(env, { log: cap.log });
    try {
      const token = `Bearer ${openId.token(GRAPH_CLIENT_ID, h.fake.url)}`;
      const res = await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: 'report' }), { authorization: token });
      assert.equal(res.status, 200);
      const card = h.cardsTo(h.dm('teacher')).at(-1);
      assert.ok(card, 'the teacher got the first card of the report');
      const draft = await h.app.deps.store.identities.findByPlatformId('teams', h.users.teacher.id);
      assert.ok(draft, 'the turn ran: the teacher is known now');
      const replies = h.fake.sent.filter((s) => s.conversationId === h.dm('teacher') && s.status < 300);
      assert.ok(replies.length > 0, 'the reply reached the connector');
      for (const r of replies) assert.ok(login.issued.includes(String(r.headers.authorization).replace(/^Bearer /, '')), 'signed with the token the authority gave the bot');
      assert.equal(login.tokenRequests.at(-1)?.scope, 'https://api.botframework.com/.default');
      cap.assertOnlyCodes([String(h.users.teacher.email), 'Tom Teacher']);
    } finally {
      await h.close();
      await login.close();
    }
  });

  it('keeps a flood of unauthenticated requests to a few log lines', async () => {
    const cap = captureLog();
    const h = await Harness.start(authEnv(), { log: cap.log });
    try {
      await Promise.all(Array.from({ length: 200 }, () => postRaw(`${h.app.url}/api/messages`, '{}', {})));
      const refusals = cap.records().filter((r) => r.code === 'TEAMS_AUTH_MISSING');
      assert.ok(refusals.length > 0 && refusals.length <= 10, `${refusals.length} log lines for 200 requests`);
      await healthy(h);
    } finally {
      await h.close();
    }
  });
});
