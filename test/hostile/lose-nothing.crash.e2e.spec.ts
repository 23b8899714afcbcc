/**
 * Lose nothing: kill -9 at each point of submission and delivery. The real server runs as
 * a child process (src/server.ts, real clock, background worker) against the fake Teams connector and
 * the fake Slack Web API in this process; SAFEGUARD_FAULT_POINT makes it SIGKILL itself at one point
 * per run (src/core/faults.ts). After every crash it is started again on the same database, and at
 * the end: the report exists exactly once, the reporter gets their reference, the draft survived its
 * crash, Slack shows each card once, and Teams at most once plus one clearly marked resend.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeTeamsConnector } from '../helpers/fake-teams-connector';
import { FakeSlackApi } from '../helpers/fake-slack-api';
import { E2eDatabase } from '../helpers/e2e-database';
import { CHANNEL_ID, PEOPLE, actionData, cardText, type Who } from '../helpers/bot-harness';
import { TENANT_ID, cardAction, personalConversationId, personalMessage, postActivity, teamsUser, type TeamsUser } from '../helpers/teams-activities';
import { openStore } from '../../src/store';
import { transpileServer } from '../helpers/transpiled-server';
import type { FaultSetting } from '../../src/core/faults';
import { RESEND_NOTICE } from '../../src/platforms/teams/sender';
import { OUTBOX_EVENT_TYPE } from '../../src/platforms/slack/sender';

const ROOT = path.resolve(__dirname, '../..');
const SLACK_CHANNEL = 'CDSLTEAM';
const LEASE_MS = 1500;

/** The product as a separate process, started again after every crash on the same database. */
class ChildServer {
  private child: ChildProcess | null = null;
  private exited: Promise<NodeJS.Signals | number | null> = Promise.resolve(null);
  url = '';

  constructor(
    private readonly entry: string,
    private readonly env: Record<string, string>,
  ) {}

  /** Starts src/server.ts with `fault` armed; resolves once it listens (its LISTENING log line). */
  async start(fault?: FaultSetting): Promise<void> {
    const env = { PATH: process.env.PATH ?? '', ...this.env, ...(fault ? { SAFEGUARD_FAULT_POINT: fault } : {}) };
    const child = spawn(process.execPath, [this.entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    let out = '';
    this.url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const port = /"code":"LISTENING"[^\n]*"port":(\d+)/.exec(out)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.once('exit', () => reject(new Error(`the server exited before listening: ${out.slice(-800)}`)));
    });
  }

  /** Waits for the process to end; its signal (SIGKILL after a fault point) or exit code. */
  async died(timeoutMs = 15_000): Promise<NodeJS.Signals | number | null> {
    const timer = new Promise<'alive'>((r) => setTimeout(() => r('alive'), timeoutMs).unref());
    const how = await Promise.race([this.exited, timer]);
    if (how === 'alive') throw new Error('the server did not reach its fault point');
    this.child = null;
    return how;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }
}

/** Polls until `check` holds. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('hostile: kill -9 at each point of submission and delivery loses nothing and shows nothing twice', function () {
  this.timeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-crash-'));
  const db = new E2eDatabase(dir);
  const users = Object.fromEntries(Object.keys(PEOPLE).map((k) => [k, teamsUser(k)])) as Record<Who, TeamsUser>;
  let teams: FakeTeamsConnector;
  let slack: FakeSlackApi;
  let server: ChildServer;
  let build: ReturnType<typeof transpileServer> | null = null;

  const dm = (who: Who) => teams.conversationFor(users[who].id) ?? personalConversationId(users[who].id);
  const say = (who: Who, text: string) => postActivity(server.url, personalMessage({ serviceUrl: teams.url, user: users[who], text }));
  const click = (who: Who, verb: string, data: Record<string, unknown>, inputs: Record<string, unknown> = {}) =>
    postActivity(server.url, cardAction({ serviceUrl: teams.url, user: users[who], conversation: dm(who), verb, data, inputs, replyToId: 'card-1' }));
  const withStore = async <T>(fn: (s: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> => {
    const store = await openStore(db.url);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  before(async () => {
    teams = await FakeTeamsConnector.start();
    slack = await FakeSlackApi.start();
    for (const u of Object.values(users)) teams.addUser(u);
    const people = Object.entries(PEOPLE)
      .map(([k, p]) => `  - email: ${users[k as Who].email}\n    name: ${p.name}\n    roles: [${p.roles.join(', ')}]`)
      .join('\n');
    const yaml =
      `school:\n  name: Crash Primary\n  timezone: Europe/London\n  reference_prefix: OS\npeople:\n${people}\n` +
      `safeguarding_team:\n  teams:\n    channel_id: "${CHANNEL_ID}"\n    service_url: ${teams.url}\n    tenant_id: ${TENANT_ID}\n  slack:\n    channel_id: ${SLACK_CHANNEL}\n    team_id: [T1]\n` +
      `routes:\n  concern_about_chair: ${users.vice.email}\n  lado:\n    name: LADO, Test Borough\nreporting:\n  urgent_acknowledge_minutes: 15\n  draft_expiry_hours: 72\n`;
    fs.writeFileSync(path.join(dir, 'school.yaml'), yaml);
    await (await openStore(db.url, { create: true })).close(); // safeguard db init
    // Transpiled once, so each of the six starts is quick.
    build = transpileServer();
    server = new ChildServer(build.entry, {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: db.url,
      SCHOOL_CONFIG: path.join(dir, 'school.yaml'),
      LOG_LEVEL: 'info',
      TEAMS_ALLOW_UNAUTHENTICATED: '1',
      SLACK_SIGNING_SECRET: 'crash-signing-secret',
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_API_URL: slack.url,
      WORKER_INTERVAL_MS: '100',
      OUTBOUND_TIMEOUT_MS: '1000',
      OUTBOX_LEASE_MS: String(LEASE_MS),
      // One message in flight at a time, so each crash interrupts exactly one delivery.
      OUTBOX_CONCURRENCY: '1',
    });
  });

  after(async () => {
    await server?.stop();
    await teams?.close();
    await slack?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
    build?.remove();
  });

  it('keeps the draft, the report once, the reference, and one card per recipient (Teams: plus one marked resend)', async () => {
    // 1. Killed after an answered step is saved, before the reply.
    await server.start('draft_saved');
    for (const who of Object.keys(PEOPLE) as Who[]) await say(who, 'hello');
    await say('teacher', 'report');
    const { draftId } = actionData(teams.cardsIn(dm('teacher')).at(-1), 'report.next');
    await assert.rejects(click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' }), 'the answer to the category step got no reply');
    assert.equal(await server.died(), 'SIGKILL');

    // 2. The draft survived with its answer: "report" resumes it at the next step. Then killed after the report is committed, before the reply.
    await server.start('report_committed');
    await say('teacher', 'report');
    const resumed = teams.cardsIn(dm('teacher')).at(-1);
    assert.equal(actionData(resumed, 'report.next').draftId, draftId, 'the same draft');
    assert.equal(actionData(resumed, 'report.next').stepId, 'danger', 'the saved answer moved it to the next step');
    const steps: [string, Record<string, unknown>][] = [
      // Urgent: the DSL team is paged in their chats as well as the channel card.
      ['danger', { immediate_danger: 'yes' }],
      ['pupil_when_where', { occurred_date: '2026-11-20', location: 'online_home' }],
      ['pupil_people', { person1_name: 'Sam (Year 5)', person1_group: 'pupil', person1_part: 'target' }],
      ['pupil_kinds', { kinds: 'online_bullying' }],
      ['pupil_details', { what_happened: 'Sam was sent unkind messages.', how_known: 'seen' }],
    ];
    for (const [stepId, inputs] of steps) assert.equal((await click('teacher', 'report.next', { draftId, stepId }, inputs)).status, 200);
    await assert.rejects(click('teacher', 'report.submit', { draftId }), 'the submission got no reply');
    assert.equal(await server.died(), 'SIGKILL');
    const rows = await withStore(async (s) => {
      const [incident, ...more] = await s.incidents.listOpen(10);
      assert.equal(more.length, 0);
      return s.outbox.listByIncident(incident.id);
    });
    assert.ok(rows.length >= 1 && rows.every((r) => r.status === "pending"), `the incident and its outbox rows were committed together: ${JSON.stringify(rows.map((r) => [r.kind, r.status]))}`);
    assert.equal(teams.cardsIn(CHANNEL_ID).length + slack.messagesIn(SLACK_CHANNEL).length, 0, 'nothing delivered yet');
    // Everything the connector takes from here on is the outbox's delivery.
    const delivered = teams.sent.length;

    // 3. Killed once the worker holds rows; after Teams took a post (the DSL's page, urgent first) before
    //    the ledger knew; after the ledger knew, before mark-sent; after Slack took the channel card
    //    before the ledger knew. Each run takes the rows up again once the dead one's lease is over.
    for (const fault of ['outbox_claimed', 'platform_posted:teams', 'ledger_updated', 'platform_posted:slack'] as const) {
      await server.start(fault);
      assert.equal(await server.died(), 'SIGKILL', `killed at ${fault}`);
    }

    // 4. A clean start delivers the rest.
    await server.start();
    await until(async () => withStore(async (s) => (await s.outbox.listByIncident(rows[0].incidentId!)).every((r) => r.status !== 'pending')), 'every message is delivered');
    const submitted = await click('teacher', 'report.submit', { draftId });
    assert.match(cardText((submitted.body as { value: unknown }).value), /OS-2026-0001/, 'the reporter is given their reference');

    const incidents = await withStore((s) => s.incidents.listOpen(10));
    assert.equal(incidents.length, 1, 'the report exists exactly once');
    const statuses = await withStore(async (s) => (await s.outbox.listByIncident(incidents[0].id)).map((r) => r.status));
    assert.ok(statuses.every((st) => st === 'sent'), `every message sent: ${statuses.join(', ')}`);

    const slackCards = slack.messagesIn(SLACK_CHANNEL).filter((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE);
    assert.equal(slackCards.length, 1, 'Slack: one card in the DSL channel');
    assert.equal(slackCards[0].updates, 1, 'found by its metadata after the crash, and updated rather than posted again');
    assert.ok(slack.of('conversations.history').length >= 1);
    const conversations = [CHANNEL_ID, ...(Object.keys(PEOPLE) as Who[]).map(dm)];
    let resends = 0;
    for (const c of conversations) {
      const texts = teams.messagesTo(c).filter((call) => call.seq > delivered).map((call) => teams.textOf(call));
      const marked = texts.filter((t) => t.startsWith(RESEND_NOTICE)).length;
      resends += marked;
      assert.ok(texts.length - marked <= 1, `${c}: at most one card that is not a marked resend`);
      assert.ok(marked <= 1, `${c}: at most one marked resend`);
    }
    assert.equal(resends, 1, 'the one post Teams may have shown already is sent again, marked as a resend');
    assert.equal(teams.cardsIn(CHANNEL_ID).filter((card) => !cardText(card).startsWith(RESEND_NOTICE)).length, 1, 'Teams: one channel card');
  });
});
