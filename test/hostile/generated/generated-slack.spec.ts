/**
 * Generated hostile Slack traffic: slash commands, interactivity (buttons, modal
 * submissions, option requests) and Events API callbacks, signed and unsigned, with forged
 * references, foreign workspaces, retries and hostile values. Each is checked for a clear answer,
 * a healthy process, an unchanged database (unless the sender may change their own draft), a clean
 * log, and no message or view for anyone but the sender.
 */
import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, TEAM, slackReportPupil, type SlackResponse, type Who } from '../../helpers/slack-harness';
import { dumpDatabase } from '../../helpers/db-dump';
import { captureLog, postRaw } from '../helpers';
import { ALL_VERBS } from '../../../src/cards';
import { STRING_KINDS, assertLogClean, assertNoInternals, canary, changedTables, count, hostileString, rngFor, wrongValue } from './gen';

type Obj = Record<string, unknown>;
const OWN_TABLES = ['drafts', 'identities', 'conversations'];
// Slack methods that read, or answer only the person who acted (a view opened with their trigger, an ephemeral to them).
const READS = new Set(['users.info', 'users.lookupByEmail', 'conversations.members', 'users.list', 'auth.test', 'team.info']);

interface Case {
  kind: string;
  send: () => Promise<SlackResponse>;
  raw: string;
  canary: string;
  /** The Slack user id of the sender, whose own DM and views may be answered. */
  sender?: string;
  /** The sender may change their own draft and identity (true), or these tables of their own too. */
  ownRowsMayChange?: boolean | string[];
  expect(res: SlackResponse): void;
}

function outcome(res: SlackResponse): string {
  const b = res.body as Obj | string;
  const code = typeof b === 'object' && b ? ((b.error as Obj | undefined)?.code ?? b.response_action ?? '') : b ? 'text' : '';
  return `${res.status}${code ? ` ${String(code)}` : ''}`;
}

class Runner {
  constructor(
    readonly h: SlackHarness,
    readonly cap: ReturnType<typeof captureLog>,
    readonly entry: string,
    readonly secretText: string[],
  ) {}

  async run(c: Case): Promise<void> {
    try {
      await this.check(c);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  request: ${c.raw.slice(0, 600)}`);
    }
  }

  private async check(c: Case): Promise<void> {
    const what = `${this.entry}/${c.kind}`;
    const store = this.h.app.deps.store;
    const before = await dumpDatabase(store);
    const callsFrom = this.h.fake.calls.length;
    const logFrom = this.cap.lines.length;
    const started = Date.now();
    const res = await c.send();
    const ms = Date.now() - started;
    assert.ok(res.status < 500, `${what}: answered ${res.status} ${String(JSON.stringify(res.body)).slice(0, 300)}`);
    // Slack gives up after 3 s: every request is answered well within it.
    assert.ok(ms < 3000, `${what}: took ${ms} ms`);
    assertNoInternals(res.body, what);
    c.expect(res);
    const after = await dumpDatabase(store);
    assert.deepEqual(changedTables(before, after, c.ownRowsMayChange ? [...OWN_TABLES, ...(Array.isArray(c.ownRowsMayChange) ? c.ownRowsMayChange : [])] : []), [], `${what}: rows changed`);
    for (const call of this.h.fake.calls.slice(callsFrom)) {
      if (READS.has(call.method)) continue;
      const to = String(call.args.channel ?? call.args.user ?? call.args.users ?? '');
      const own = c.sender !== undefined && (to === `D${c.sender}` || to === c.sender || (call.method === 'chat.postEphemeral' && call.args.user === c.sender) || (call.method.startsWith('views.') && call.method !== 'views.publish') || (call.method === 'views.publish' && call.args.user_id === c.sender));
      assert.ok(own, `${what}: the bot called ${call.method} for ${to || '(nobody named)'}`);
      // What a person could read: the call without the ids Slack routes by (a trigger_id is never shown).
      const { trigger_id: _trigger, ...shown } = call.args;
      const text = JSON.stringify(shown);
      for (const s of this.secretText) assert.ok(!text.includes(s), `${what}: ${call.method} showed the concern's text to ${c.sender}`);
      assert.ok(!text.includes('<!channel>') && !text.includes('<!here>'), `${what}: ${call.method} carried an unescaped mention`);
    }
    assertLogClean(this.cap, logFrom, [c.canary, ...this.secretText], what);
    const health = await fetch(`${this.h.app.url}/healthz`);
    assert.equal(health.status, 200, `${what}: /healthz answered ${health.status}`);
    count(this.entry, c.kind, outcome(res));
  }
}

const FORM = 'application/x-www-form-urlencoded';

/** Slack's answer to a request it sent: 200 (acked), or a coded 400 for a signed body Bolt cannot read. */
function acked(res: SlackResponse, what: string, also: number[] = []): void {
  const code = typeof res.body === 'object' && res.body ? (res.body.error as { code?: string } | undefined)?.code : undefined;
  assert.ok(res.status === 200 || also.includes(res.status) || (res.status === 400 && code === 'SLACK_BAD_REQUEST'), `${what}: ${res.status} ${String(JSON.stringify(res.body)).slice(0, 200)}`);
}
// Staff with no part in the teacher's concern: whatever they click, they see and change nothing of it.
const STRANGERS: Who[] = ['tara', 'vice'];
const ANYONE: Who[] = ['teacher', 'tara', 'vice', 'dsl', 'head'];

describe('hostile (generated): Slack commands, interactions and events', function () {
  this.timeout(180_000);
  const rng = rngFor('slack');
  let h: SlackHarness;
  let cap: ReturnType<typeof captureLog>;
  let run: Runner;
  let ref: { incidentId: string; version: number };
  const SECRET = 'Sam was sent unkind messages';

  before(async () => {
    cap = captureLog();
    h = await SlackHarness.start({}, { log: cap.log });
    run = new Runner(h, cap, 'slack', [SECRET, 'Sam (Year 5)']);
    await slackReportPupil(h, 'teacher', { what: SECRET });
    await h.deliver();
    const card = h.posts(SLACK_CHANNEL).at(-1);
    assert.ok(card, 'the DSL channel has the concern');
    const found = /"incidentId":"([0-9a-f-]{36})","version":(\d+)/.exec(JSON.stringify(card.args).replace(/\\"/g, '"'));
    assert.ok(found, 'the channel card carries a reference');
    ref = { incidentId: found[1], version: Number(found[2]) };
  });
  after(async () => h?.close());

  const signedForm = (fields: Obj) => new URLSearchParams(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))).toString();

  it('refuses 150 requests with a missing, wrong or stale signature with 401, changing and sending nothing', async () => {
    for (let i = 0; i < 150; i++) {
      const c = canary();
      const who = rng.pick(ANYONE);
      const body = rng.pick([
        () => signedForm({ command: '/report', text: c, user_id: h.ids[who], team_id: TEAM, trigger_id: 't' }),
        () => signedForm({ payload: { type: 'block_actions', user: { id: h.ids[who] }, team: { id: TEAM }, actions: [{ action_id: 'incident.close', value: JSON.stringify(ref) }], note: c } }),
        () => JSON.stringify({ type: 'event_callback', team_id: TEAM, event: { type: 'message', channel_type: 'im', user: h.ids[who], text: c }, event_id: `Ev${c}` }),
      ])();
      const type = body.startsWith('{') ? 'application/json' : FORM;
      const [kind, send] = rng.pick<[string, () => Promise<SlackResponse>]>([
        ['wrong secret', () => h.post(body, type, { secret: `guess-${rng.int(1e6)}` })],
        ['stale timestamp', () => h.post(body, type, { ageSeconds: 301 + rng.int(86_400) })],
        ['future timestamp', () => h.post(body, type, { ageSeconds: -(301 + rng.int(86_400)) })],
        ['no signature', async () => toSlack(await postRaw(`${h.app.url}/slack/events`, body, { 'content-type': type }))],
        ['malformed signature', async () => toSlack(await postRaw(`${h.app.url}/slack/events`, body, { 'content-type': type, 'x-slack-signature': rng.pick(['v0=', 'v1=abc', c, 'v0=' + 'f'.repeat(64)]), 'x-slack-request-timestamp': rng.pick([String(Math.floor(Date.now() / 1000)), 'NaN', '-1', c, '1e99']) }))],
        ['signed, then altered', async () => {
          const ts = Math.floor(Date.now() / 1000);
          const sig = `v0=${(await import('node:crypto')).createHmac('sha256', 'e2e-signing-secret').update(`v0:${ts}:${body}`).digest('hex')}`;
          return toSlack(await postRaw(`${h.app.url}/slack/events`, `${body}&x=${c}`, { 'content-type': type, 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) }));
        }],
      ]);
      await run.run({ kind: `unsigned: ${kind}`, send, raw: body, canary: c, expect: (res) => assert.equal(res.status, 401, kind) });
    }
  });

  it('answers 60 signed requests from a workspace that is not the school\'s without changing or sending anything', async () => {
    for (let i = 0; i < 60; i++) {
      const c = canary();
      const who = rng.pick(ANYONE);
      const team = rng.pick(['T666', 'TFOREIGN', c, '']);
      const [kind, body, type] = rng.pick<[string, string, string]>([
        ['foreign /report', signedForm({ command: '/report', text: c, user_id: h.ids[who], team_id: team, trigger_id: `tr-${i}`, channel_id: `D${h.ids[who]}` }), FORM],
        ['foreign click', signedForm({ payload: { type: 'block_actions', user: { id: h.ids[who], team_id: team }, team: { id: team }, trigger_id: `tr-${i}`, container: { type: 'message', channel_id: SLACK_CHANNEL }, channel: { id: SLACK_CHANNEL }, actions: [{ type: 'button', action_id: rng.pick(ALL_VERBS), value: JSON.stringify({ ...ref, note: c }) }] } }), FORM],
        ['foreign event', JSON.stringify({ type: 'event_callback', team_id: team, api_app_id: 'A1', event: { type: 'message', channel_type: 'im', channel: `D${h.ids[who]}`, user: h.ids[who], text: `report ${c}`, ts: '1.1' }, event_id: `Ev${i}${c}`, authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true }] }), 'application/json'],
      ]);
      await run.run({ kind, send: () => h.post(body, type), raw: body, canary: c, expect: (res) => assert.ok([200, 401, 403].includes(res.status), `${kind}: ${res.status}`) });
    }
  });

  it('lets the staff who will try forged clicks say hello first, so their identity is known', async () => {
    for (const who of STRANGERS) assert.equal((await h.event({ type: 'message', channel_type: 'im', channel: h.dm(who), user: h.ids[who], text: 'hello', ts: `1.${who}` }, `EvHello-${who}`)).status, 200);
  });

  it('refuses 120 forged button clicks on another person\'s concern (and unknown or malformed actions) with nothing shown or changed', async () => {
    const verbs = [...ALL_VERBS.filter((v) => v !== 'duty.sign' && v !== 'filter.request'), 'incident.delete', '', '__proto__', 'show:incident.note', 'show:__proto__'];
    for (let i = 0; i < 120; i++) {
      const c = canary();
      const who = rng.pick(STRANGERS);
      const value = rng.pick<() => unknown>([
        () => JSON.stringify({ ...ref, note: c }),
        () => JSON.stringify({ incidentId: ref.incidentId, version: wrongValue(rng, c) }),
        () => JSON.stringify({ incidentId: wrongValue(rng, c), version: ref.version }),
        () => `{"incidentId":"${ref.incidentId}"`,
        () => wrongValue(rng, c),
        () => hostileString(rng.pick(STRING_KINDS), c, rng).slice(0, 2000),
      ])();
      const actionId = rng.chance(0.85) ? rng.pick(verbs) : wrongValue(rng, c);
      const inModal = rng.chance(0.3);
      const state = rng.chance(0.5) ? { values: { note: { note: { type: 'plain_text_input', value: c } } } } : rng.pick([null, { values: null }, { values: { a: null } }, { values: { a: { b: null } } }, { values: { a: { b: { type: 'static_select', selected_option: null } } } }, { values: c }]);
      const payload: Obj = {
        type: 'block_actions',
        user: { id: h.ids[who], team_id: TEAM },
        team: { id: TEAM },
        trigger_id: `tr-f-${i}`,
        ...(inModal ? { container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'modal', hash: 'h', state, private_metadata: '{}' } } : { container: { type: 'message', channel_id: SLACK_CHANNEL, message_ts: '1.1' }, channel: { id: SLACK_CHANNEL }, message: { ts: '1.1' }, state }),
        actions: [{ type: 'button', action_id: actionId, value, block_id: 'b', action_ts: '1' }],
      };
      const raw = JSON.stringify(payload);
      await run.run({
        kind: inModal ? 'forged click in a modal' : 'forged click on a message',
        send: () => h.interact(payload),
        raw,
        canary: c,
        sender: h.ids[who],
        expect: (res) => acked(res, 'click'),
      });
    }
  });

  it('answers 100 modal submissions with hostile state (nulls, wrong types, huge values, forged metadata) with an answer Slack accepts', async () => {
    for (let i = 0; i < 100; i++) {
      const c = canary();
      const values = rng.pick<() => unknown>([
        () => ({ what_happened: { what_happened: { type: 'plain_text_input', value: hostileString(rng.pick(STRING_KINDS), c, rng) } } }),
        () => ({ category: { category: { type: 'radio_buttons', selected_option: rng.pick([null, { value: c }, { value: null }, c]) } } }),
        () => ({ x: null }),
        () => ({ x: { y: null } }),
        () => ({ x: { y: { type: wrongValue(rng, c), value: wrongValue(rng, c) } } }),
        () => ({ kinds: { kinds: { type: 'checkboxes', selected_options: rng.pick([null, c, [null], [{ value: wrongValue(rng, c) }]]) } } }),
        () => wrongValue(rng, c),
      ])();
      const meta = rng.pick<() => unknown>([
        () => JSON.stringify({ v: 'report.next', d: { draftId: '00000000-0000-4000-8000-000000000000', stepId: 'category' }, k: c }),
        () => JSON.stringify({ v: rng.pick(ALL_VERBS.filter((v) => v !== 'duty.sign' && v !== 'filter.request')), d: { ...ref, note: c }, k: c }),
        () => JSON.stringify({ v: wrongValue(rng, c), d: wrongValue(rng, c) }),
        () => `{"v":"report.next","d":`,
        () => wrongValue(rng, c),
        () => 'null',
      ])();
      // A forged concern action comes from staff with no part in it; anything else from anyone.
      const who = String(meta).includes(ref.incidentId) ? rng.pick(STRANGERS) : rng.pick(ANYONE);
      const view = rng.chance(0.1) ? wrongValue(rng, c) : { id: `V${i}`, type: 'modal', callback_id: 'safeguard.card', private_metadata: meta, state: { values }, blocks: rng.pick([[], null, [{ type: 'input', block_id: 'what_happened' }]]) };
      const payload: Obj = { type: 'view_submission', user: { id: h.ids[who], team_id: TEAM }, team: { id: TEAM }, trigger_id: `tr-v-${i}`, view };
      await run.run({
        kind: 'modal submission',
        send: () => h.interact(payload),
        raw: JSON.stringify(payload),
        canary: c,
        sender: h.ids[who],
        // Only the sender's own draft rows may move.
        ownRowsMayChange: true,
        expect: (res) => {
          acked(res, 'submission');
          const b = res.body as Obj | string;
          if (typeof b === 'object' && b && b.response_action) assert.ok(['update', 'errors', 'clear', 'push'].includes(String(b.response_action)));
        },
      });
    }
  });

  it('answers 80 slash commands and option requests with hostile text quickly, only to the person who typed them', async () => {
    for (let i = 0; i < 80; i++) {
      const c = canary();
      const who = rng.pick(ANYONE);
      const text = hostileString(STRING_KINDS[i % STRING_KINDS.length], c, rng).slice(0, 40_000);
      const [kind, body] = rng.pick<[string, string]>([
        ['/report with text', signedForm({ command: '/report', text, user_id: h.ids[who], team_id: TEAM, channel_id: `D${h.ids[who]}`, trigger_id: `tr-s-${i}`, response_url: 'http://127.0.0.1:9/unused' })],
        ['/safeguard with text', signedForm({ command: '/safeguard', text, user_id: h.ids[who], team_id: TEAM, channel_id: `D${h.ids[who]}`, trigger_id: `tr-s-${i}`, response_url: 'http://127.0.0.1:9/unused' })],
        ['unknown command', signedForm({ command: rng.pick(['/admin', `/${c}`, '']), text, user_id: h.ids[who], team_id: TEAM, trigger_id: `tr-s-${i}` })],
        ['command, wrong types', signedForm({ command: '/report', text: wrongValue(rng, c), user_id: wrongValue(rng, c), team_id: TEAM, trigger_id: wrongValue(rng, c) })],
        ['picker search', signedForm({ payload: { type: 'block_suggestion', user: { id: h.ids[who], team_id: TEAM }, team: { id: TEAM }, api_app_id: 'A1', container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'modal', private_metadata: rng.pick(['{}', '{"v":"report.next","d":{"draftId":"00000000-0000-4000-8000-000000000000"}}', c]) }, action_id: rng.pick(['subject_email', 'person1_name', c]), block_id: 'b', value: text } })],
      ]);
      await run.run({
        kind,
        send: () => h.post(body, FORM),
        raw: body,
        canary: c,
        sender: h.ids[who],
        // /safeguard shows the person their own duties: their staff record and reminders may be created then.
        ownRowsMayChange: kind.startsWith('/safeguard') ? ['staff_records', 'aua_versions', 'duty_reminders'] : true,
        expect: (res) => acked(res, kind),
      });
    }
  });

  it('answers 60 events (hostile shapes, and Slack retries of one already handled) without acting twice', async () => {
    const first = await h.event({ type: 'message', channel_type: 'im', channel: h.dm('tara'), user: h.ids.tara, text: 'hello', ts: '2.1' }, 'EvOnce');
    assert.equal(first.status, 200);
    for (let i = 0; i < 60; i++) {
      const c = canary();
      const who = rng.pick(ANYONE);
      const retry = rng.chance(0.3);
      const event: Obj = retry
        ? { type: 'message', channel_type: 'im', channel: h.dm('tara'), user: h.ids.tara, text: 'hello', ts: '2.1' }
        : rng.pick<() => Obj>([
            () => ({ type: 'message', channel_type: 'im', channel: h.dm(who), user: h.ids[who], text: hostileString(rng.pick(STRING_KINDS), c, rng).slice(0, 40_000), ts: `3.${i}` }),
            () => ({ type: 'message', channel_type: wrongValue(rng, c), channel: wrongValue(rng, c), user: wrongValue(rng, c), text: wrongValue(rng, c), ts: wrongValue(rng, c) }),
            () => ({ type: 'message', subtype: rng.pick(['bot_message', 'message_changed', 'file_share', c]), channel_type: 'im', channel: h.dm(who), user: h.ids[who], files: wrongValue(rng, c), ts: `4.${i}` }),
            () => ({ type: 'app_home_opened', user: rng.pick([h.ids[who], wrongValue(rng, c)]), tab: rng.pick(['home', c]) }),
            () => ({ type: rng.pick(['member_joined_channel', 'reaction_added', c, '']), user: h.ids[who], item: c }),
          ])();
      const raw = JSON.stringify(event);
      await run.run({
        kind: retry ? 'event retry' : `event ${String(event.type).slice(0, 20) || '(none)'}`,
        send: () => (retry ? h.event(event, 'EvOnce', 1 + rng.int(3)) : h.event(event, `Ev${i}-${c}`)),
        raw,
        canary: c,
        sender: retry ? undefined : h.ids[who],
        // A file sent by DM is not kept, and the DSL team is told of it: that alert is the one message allowed.
        ownRowsMayChange: retry ? false : event.subtype === 'file_share' ? ['outbox'] : true,
        expect: (res) => acked(res, 'event'),
      });
    }
  });
});

async function toSlack(r: Awaited<ReturnType<typeof postRaw>>): Promise<SlackResponse> {
  return { status: r.status, body: (r.body ?? '') as Obj | string };
}

