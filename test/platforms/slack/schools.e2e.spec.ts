/**
 * Issue #10 on Slack: one deployment, several schools, each in its own Slack workspace and installed
 * with OAuth. A request finds its school by workspace; each school's records, installs and DSL channel
 * stay its own; a workspace no school names gets nothing.
 */
import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, type SlackPerson } from '../../helpers/slack-harness';
import { trustSchoolYaml } from '../../helpers/trust';

type Obj = Record<string, unknown>;

const OAUTH = { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'a-long-random-state-secret' };
const BIRCH_CHANNEL = 'CBIRCHDSL';
const BIRCH_TEAM = 'T3';

describe('slack: several schools on one deployment, one workspace each', function () {
  let h: SlackHarness;
  const birch: Record<'dsl' | 'teacher', SlackPerson> = { dsl: { id: 'UBDSL', team: BIRCH_TEAM }, teacher: { id: 'UBTEACHER', team: BIRCH_TEAM } };

  beforeEach(async () => {
    h = await SlackHarness.start(OAUTH, {
      trust: { selfId: 'oakfield', others: [{ id: 'birchwood', yaml: () => trustSchoolYaml({ id: 'birchwood', name: 'Birchwood Academy', domain: 'birchwood.example.org', slack: { channel: BIRCH_CHANNEL, teamId: BIRCH_TEAM } }) }] },
    });
    h.fake.addUser({ id: birch.dsl.id, email: 'dsl@birchwood.example.org', name: 'Birchwood DSL', teamId: BIRCH_TEAM });
    h.fake.addUser({ id: birch.teacher.id, email: 'teacher@birchwood.example.org', name: 'Birchwood Teacher', teamId: BIRCH_TEAM });
    for (const team of ['T1', BIRCH_TEAM]) assert.ok((await install(`install-${team}`)).status < 400);
  });
  afterEach(async () => h.close());

  async function install(code: string): Promise<Response> {
    const start = await fetch(`${h.app.url}/slack/install`, { redirect: 'manual' });
    const state = String(new URL(String(start.headers.get('location'))).searchParams.get('state'));
    const cookie = String(start.headers.get('set-cookie')).split(';')[0];
    return fetch(`${h.app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  }
  const store = (id: string) => h.app.schools.find((s) => s.id === id)!.deps.store;
  const postsText = (channel: string) => h.posts(channel).map((c) => JSON.stringify(c.args)).join('\n');

  it("keeps each workspace's install in its own school's records", async () => {
    assert.equal((await store('oakfield').slackInstallations.get('T:T1'))?.school, 'Slack E2E Primary');
    assert.equal((await store('birchwood').slackInstallations.get(`T:${BIRCH_TEAM}`))?.school, 'Birchwood Academy');
    assert.equal(await store('oakfield').slackInstallations.get(`T:${BIRCH_TEAM}`), null);
    assert.equal(await store('birchwood').slackInstallations.get('T:T1'), null);
  });

  it("puts each school's report in its own DSL channel only, posted with its own workspace's token", async () => {
    const oak = await slackReportPupil(h, 'teacher', { what: 'Sam was sent unkind messages about Oakfield sports day.' });
    const bir = await slackReportPupil(h, birch.teacher, { what: 'Jo was sent a threatening message after the Birchwood disco.' });
    assert.match(oak, /OS-\d{4}-0001/);
    assert.match(bir, /BIR-\d{4}-0001/);
    await h.deliver();
    assert.match(postsText(SLACK_CHANNEL), /OS-\d{4}-0001/);
    assert.doesNotMatch(postsText(SLACK_CHANNEL), /BIR-/);
    assert.match(postsText(BIRCH_CHANNEL), /BIR-\d{4}-0001/);
    assert.doesNotMatch(postsText(BIRCH_CHANNEL), /OS-\d{4}/);
    assert.deepEqual([...new Set(h.posts(BIRCH_CHANNEL).map((c) => c.token))], ['xoxb-installed-t3']);
    assert.deepEqual([...new Set(h.posts(SLACK_CHANNEL).map((c) => c.token))], ['xoxb-installed-t1']);
  });

  it("refuses another school's DSL who presses a button of this school's card, and the concern stays untouched", async () => {
    await slackReportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex.' });
    await h.deliver();
    const card = h.posts(SLACK_CHANNEL)[0];
    const ts = String(card.seq);
    const m = h.fake.mark();
    for (const action of ['incident.view', 'incident.own']) await h.clickMessage(birch.dsl, SLACK_CHANNEL, ts, buttonIn(card.args.blocks as Obj[], action));
    await h.deliver();
    const told = h.fake.since(m).filter((c) => c.method === 'chat.postEphemeral');
    assert.deepEqual(told.map((c) => [c.args.user, c.args.text]), [[birch.dsl.id, 'That concern no longer exists.'], [birch.dsl.id, 'That concern no longer exists.']]);
    assert.doesNotMatch(JSON.stringify(h.fake.since(m).map((c) => c.args)), /unkind messages|Alex/);
    const [incident] = await store('oakfield').incidents.listOpen(10);
    assert.equal(incident.ownerEmail, null);
    assert.equal(incident.status, 'reported');
  });

  it('opens nothing for a workspace no school names, and stores an install from one nowhere', async () => {
    await h.slash(birch.teacher, '/report', 'T9');
    assert.equal(h.fake.of('views.open').length, 0);
    await install('foreign-code');
    for (const id of ['oakfield', 'birchwood']) assert.equal(await store(id).slackInstallations.get('T:T666'), null);
  });

  it("shows a person their own school's reports on the App Home", async () => {
    await slackReportPupil(h, 'teacher');
    await slackReportPupil(h, birch.teacher);
    await h.event({ type: 'app_home_opened', user: birch.teacher.id, tab: 'home' }, 'Ev-home-1', undefined, BIRCH_TEAM);
    const published = h.fake.of('views.publish').at(-1);
    assert.ok(published, 'App Home published');
    assert.equal(published.token, 'xoxb-installed-t3');
    assert.equal(published.args.user_id, birch.teacher.id);
    assert.match(blockText(published.args.view), /BIR-\d{4}-0001/);
    assert.doesNotMatch(blockText(published.args.view), /OS-\d{4}/);
  });
});
