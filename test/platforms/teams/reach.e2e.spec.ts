import assert from 'node:assert/strict';
import { RESEND_NOTICE } from '../../../src/platforms/teams/sender';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Harness, cardText, reportStaff, reportPupil, type Who } from '../../helpers/bot-harness';
import { FakeGraph, chatIdFor } from '../../helpers/fake-graph';
import { personalConversationId } from '../../helpers/teams-activities';
import type { Logger } from '../../../src/log';
import { loadConfig } from '../../../src/config';
import { startApp } from '../../../src/app';

describe('teams: people who have never opened the app get it installed through Graph, then the message', function () {
  let h: Harness;
  let graph: FakeGraph;

  const start = async (opts: { graph?: boolean; school?: (y: string) => string; log?: Logger } = {}) => {
    graph = await FakeGraph.start();
    h = await Harness.start(opts.graph === false ? {} : graph.env(), { school: opts.school, log: opts.log });
    // The directory knows everyone; Teams refuses a 1:1 chat until the app is installed for the person.
    for (const u of Object.values(h.users)) graph.addUser({ id: u.aadObjectId, userPrincipalName: u.email!, mail: u.email });
    h.fake.appInstalledFor = (member) => graph.isInstalled(member) || Object.values(h.users).some((u) => u.id === member && graph.isInstalled(u.aadObjectId));
  };
  afterEach(async () => {
    await h.close();
    await graph.close();
  });

  const aad = (who: Who) => h.users[who].aadObjectId;
  const chatOf = (who: Who) => personalConversationId(aad(who));
  const installs = (who: Who) => graph.of('POST', new RegExp(`^/users/${aad(who)}/teamwork/installedApps$`));
  const unreachableCodes = async (reference: string) => {
    const incident = (await h.app.deps.store.incidents.getByReference(reference))!;
    return (await h.app.deps.store.events.listByIncident(incident.id)).filter((e) => e.type === 'recipient_unreachable').map((e) => e.data.code);
  };

  it('installs the app for a headteacher who never opened it and sends them the first concern about a teacher', async () => {
    await start();
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    assert.equal(graph.of('GET', new RegExp(`^/users/${h.users.head.email}$`)).length, 1, 'found in the directory by email');
    assert.equal(installs('head').length, 1);
    assert.equal(graph.of('GET', new RegExp(`^/users/${aad('head')}/teamwork/installedApps/[^/]+/chat$`)).length, 1, 'waited for the chat');
    assert.ok(graph.calls.every((c) => c.authorized), 'every Graph call carried the app-only token');
    assert.equal(graph.tokenRequests[0]?.grant_type, 'client_credentials');
    const create = h.calls().find((c) => c.kind === 'create' && c.userId === aad('head'));
    assert.equal(create?.status, 201, 'the 1:1 chat was opened with the connector');
    const cards = h.cardsTo(chatOf('head'));
    assert.equal(cards.length, 1);
    assert.match(cardText(cards[0]), /OS-2026-0001/);
    const row = await h.app.deps.store.teamsInstalls.get(h.users.head.email!);
    assert.equal(row?.aadUserId, aad('head'));
    assert.ok(row?.installedAt);
    assert.equal(row?.chatId, chatIdFor(aad('head')));
  });

  it('pages a DSL who never opened the app from the first urgent report', async () => {
    await start();
    await reportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    assert.equal(installs('dsl').length, 1);
    assert.ok(h.cardsTo(chatOf('dsl')).length >= 1, 'the DSL was paged in their new 1:1 chat');
  });

  it('takes an "already installed" answer (409) as success', async () => {
    await start();
    graph.preinstall(aad('head'));
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    assert.deepEqual(installs('head').map((c) => c.status), [409]);
    assert.equal(h.cardsTo(chatOf('head')).length, 1);
  });

  it('installs once and messages straight away the next time', async () => {
    await start();
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    const graphCalls = graph.calls.length;
    await reportStaff(h, 'tara', { email: h.users.teacher.email });
    await h.deliver();
    assert.equal(h.cardsTo(chatOf('head')).length, 2);
    assert.equal(graph.calls.length, graphCalls, 'no Graph call for the second message');
  });

  it('resumes after a restart while Teams is still creating the chat, without installing twice', async () => {
    await start();
    graph.chatDelay = 1;
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    assert.equal(h.cardsTo(chatOf('head')).length, 0, 'not sent before the chat exists');
    const saved = await h.app.deps.store.teamsInstalls.get(h.users.head.email!);
    assert.ok(saved?.installedAt && saved.installId && !saved.chatId, 'the install is saved, the chat not yet');
    await h.restart();
    h.clock.advance(6_000);
    await h.deliver();
    assert.equal(installs('head').length, 1, 'installed once');
    assert.equal(h.cardsTo(chatOf('head')).length, 1);
  });

  it('waits as long as Retry-After says when Graph throttles the install', async () => {
    await start();
    graph.failNext('POST', /\/teamwork\/installedApps$/, { status: 429, headers: { 'retry-after': '30' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    h.clock.advance(29_000);
    await h.deliver();
    assert.deepEqual(installs('head').map((c) => c.status), [429], 'not retried before Retry-After');
    h.clock.advance(2_000);
    await h.deliver();
    assert.deepEqual(installs('head').map((c) => c.status), [429, 201]);
    assert.equal(h.cardsTo(chatOf('head')).length, 1);
    assert.ok(!JSON.stringify(h.cardsTo(chatOf('head'))[0]).includes(RESEND_NOTICE), 'nothing was posted before, so the card is not marked as sent again');
  });

  it('takes the fallback route when the directory has nobody with the email', async () => {
    await start({ school: (y) => y.replace(/head@school\.example/g, 'hana.head@elsewhere.example') });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    await h.deliver();
    assert.equal(graph.of('POST', /installedApps/).length, 0, 'nothing installed');
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['GRAPH_USER_NOT_FOUND']);
  });

  it("refuses a guest account that shows the school's email: identity is more than an email", async () => {
    await start();
    graph.addUser({ id: aad('head'), userPrincipalName: h.users.head.email!, mail: h.users.head.email, userType: 'Guest' });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    assert.equal(installs('head').length, 0);
    assert.deepEqual(h.cardsTo(chatOf('head')), []);
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['GRAPH_GUEST_USER']);
  });

  it('takes the fallback route, without retrying, when Graph refuses the install (403: permission not granted)', async () => {
    await start();
    graph.failNext('POST', /\/teamwork\/installedApps$/, { status: 403, body: { error: { code: 'Forbidden', message: 'Missing role permissions' } } });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    h.clock.advance(60_000);
    await h.deliver();
    assert.deepEqual(installs('head').map((c) => c.status), [403]);
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['GRAPH_403_Forbidden']);
  });

  it('installs the app for a roster member whose 1:1 chat Teams refuses (403: not installed)', async () => {
    await start();
    // Seen in a team roster only: a reference without a chat, as captureRoster stores it.
    const head = h.users.head;
    await h.app.deps.store.identities.upsert({ platform: 'teams', platformUserId: head.id, email: head.email!, name: null, tenantId: null, conversationRef: { serviceUrl: h.fake.url, channelId: 'msteams', user: { id: head.id }, roster: true } });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    assert.equal(h.calls().find((c) => c.kind === 'create' && c.userId === head.id)?.status, 403);
    assert.equal(installs('head').length, 1);
    assert.equal(h.cardsTo(chatOf('head')).length, 1);
  });

  it('without Graph configured, keeps the roster path: someone never seen is unreachable and nothing asks Graph', async () => {
    await start({ graph: false });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    assert.deepEqual(graph.calls, []);
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['NO_CONVERSATION']);
  });

  it('logs codes and ids of the install, never emails or names', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    await start({ log: pino({ level: 'trace' }, sink) });
    graph.failNext('POST', /\/teamwork\/installedApps$/, { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'later' } } });
    graph.addUser({ id: aad('chair'), userPrincipalName: h.users.chair.email!, userType: 'Guest' });
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await reportStaff(h, 'teacher', { email: h.users.head.email });
    for (let i = 0; i < 3; i++) {
      await h.deliver();
      h.clock.advance(60_000);
    }
    const logged = lines.join('');
    assert.match(logged, /GRAPH_503/, 'the Graph failure was logged by code');
    assert.match(logged, /GRAPH_GUEST_USER/);
    for (const secret of [h.users.head.email!, h.users.chair.email!, h.users.teacher.email!, 'Hana Head', 'Chris Chair', 'Tom Teacher']) assert.ok(!logged.includes(secret), `the log contains ${secret}`);
  });
});

describe('teams: Graph reach serves only the school tenant', function () {
  it("refuses to start when GRAPH_TENANT_ID is not one of the school file's tenants", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-tenant-'));
    try {
      writeFileSync(
        join(dir, 'school.yaml'),
        'school: { name: T, timezone: Europe/London }\npeople:\n  - { email: d@t.example, name: D, roles: [dsl] }\n  - { email: h@t.example, name: H, roles: [headteacher] }\nsafeguarding_team:\n  teams: { channel_id: "19:x@thread.tacv2", tenant_id: 7e1d5a3c-0000-4000-8000-5afe9a4d0001 }\n',
      );
      const config = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, SCHOOL_CONFIG: join(dir, 'school.yaml'), MicrosoftAppId: 'bot', MicrosoftAppPassword: 'pw', TEAMS_APP_CATALOG_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', GRAPH_TENANT_ID: 'another-tenant' });
      await assert.rejects(startApp(config, { background: false, initDatabase: true }), /GRAPH_TENANT_ID .* must be one of the tenants/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
