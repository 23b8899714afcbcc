import assert from 'node:assert/strict';
import { SlackHarness, TEAM } from '../helpers/slack-harness';
import { captureLog, rowCounts } from './helpers';

type Obj = Record<string, unknown>;

describe('hostile: signed Slack requests the app cannot read are answered at once, never 500 or a timeout', function () {
  let h: SlackHarness;
  let cap: ReturnType<typeof captureLog>;
  before(async () => {
    cap = captureLog();
    h = await SlackHarness.start({}, { log: cap.log });
  });
  after(async () => h.close());

  /** Posts and times a request; Slack gives up after 3 s, so each must answer well within one. */
  async function timed(send: () => Promise<{ status: number; body: Obj | string }>) {
    const started = Date.now();
    const res = await send();
    const ms = Date.now() - started;
    assert.ok(ms < 1000, `took ${ms} ms`);
    return res;
  }

  it('acks a click whose action_id is not a string, and a modal submission with null state, changing nothing', async () => {
    // Tara says hello first, so her identity is known and the counts below are of the hostile requests alone.
    await h.event({ type: 'message', channel_type: 'im', channel: h.dm('tara'), user: h.ids.tara, text: 'hello', ts: '1.1' }, 'EvHello');
    const before = await rowCounts(h.app.deps.store);
    const click = (actionId: unknown, state: unknown): Obj => ({ type: 'block_actions', user: { id: h.ids.tara, team_id: TEAM }, team: { id: TEAM }, trigger_id: 't1', container: { type: 'message', channel_id: 'C1' }, channel: { id: 'C1' }, state, actions: [{ type: 'button', action_id: actionId, value: '{}' }] });
    for (const actionId of [42, null, { a: 1 }, ['incident.view']]) assert.equal((await timed(() => h.interact(click(actionId, { values: {} })))).status, 200, String(actionId));
    assert.equal((await timed(() => h.interact(click('incident.view', { values: { a: null, b: { c: null }, d: { e: { type: 'static_select', selected_option: null } } } })))).status, 200);
    const submit = (view: unknown): Obj => ({ type: 'view_submission', user: { id: h.ids.tara, team_id: TEAM }, team: { id: TEAM }, trigger_id: 't2', view });
    const modal = { id: 'V1', type: 'modal', callback_id: 'safeguard.card', private_metadata: JSON.stringify({ v: 'report.next', d: { draftId: '00000000-0000-4000-8000-000000000000' }, k: 'k' }) };
    for (const state of [null, { values: null }, { values: { a: null } }, { values: { a: { b: null } } }]) assert.equal((await timed(() => h.interact(submit({ ...modal, state })))).status, 200);
    assert.equal((await timed(() => h.interact(submit(['not', 'a', 'view'])))).status, 200);
    assert.equal((await timed(() => h.interact(submit({ ...modal, callback_id: 'someone.elses' })))).status, 200);
    assert.deepEqual(await rowCounts(h.app.deps.store), before);
  });

  it('answers a body Bolt cannot read with a coded 400, and an unknown command with a kind ephemeral', async () => {
    const event = await timed(() => h.event({ type: 'reaction_added', user: h.ids.tara, item: 'not an object' }, 'EvItem'));
    assert.equal(event.status, 400);
    assert.equal(((event.body as Obj).error as Obj).code, 'SLACK_BAD_REQUEST');
    const viewless = await timed(() => h.interact({ type: 'view_submission', user: { id: h.ids.tara }, team: { id: TEAM }, view: null }));
    assert.ok([200, 400].includes(viewless.status));
    const unknown = await timed(() => h.post(new URLSearchParams({ command: '/admin', text: 'x', user_id: h.ids.tara, team_id: TEAM, trigger_id: 't' }).toString(), 'application/x-www-form-urlencoded'));
    assert.equal(unknown.status, 200);
    assert.match(String((unknown.body as Obj).text), /answers \/report and \/safeguard/);
    cap.assertOnlyCodes([h.email('tara')]);
    assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
  });

  it('refuses a request signed with a timestamp from the future, as Slack\'s five-minute rule says', async () => {
    const form = new URLSearchParams({ command: '/report', user_id: h.ids.tara, team_id: TEAM, trigger_id: 't' }).toString();
    const res = await h.post(form, 'application/x-www-form-urlencoded', { ageSeconds: -3600 });
    assert.equal(res.status, 401);
    assert.equal(((res.body as Obj).error as Obj).code, 'UNAUTHENTICATED');
    assert.equal((await h.post(form, 'application/x-www-form-urlencoded', { ageSeconds: -60 })).status, 200, 'a minute of clock skew is fine');
  });
});
