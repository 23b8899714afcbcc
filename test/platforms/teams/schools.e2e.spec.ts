/**
 * Issue #10: one deployment, several schools of a trust. Each school's people see and act on their
 * own school's concerns only — by Microsoft 365 tenant, or, where the trust's schools share a tenant,
 * by the team or channel and by who the person is. When the bot cannot tell, nothing is stored.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil, type InvokeBody, type TrustOption } from '../../helpers/bot-harness';
import { TENANT_ID, cardAction, channelMention, personalConversationId, personalMessage, postActivity, searchInvoke, teamsUser, type TeamsUser } from '../../helpers/teams-activities';
import { trustSchoolYaml, type TrustSchool } from '../../helpers/trust';
import { needsUkcisWarning } from '../../../src/core/incidents/urgency';

const BIRCH_TENANT = '22222222-0000-4000-8000-00000000b1c4';
const BIRCH_CHANNEL = '19:birch-dsl@thread.tacv2';
const BIRCH_TEAM = '19:birch-staff@thread.tacv2';
const OTHER_TENANT = '33333333-0000-4000-8000-000000000333';

const birchwood = (o: Partial<TrustSchool> = {}): TrustOption['others'][number] => ({
  id: 'birchwood',
  yaml: (url) => trustSchoolYaml({ id: 'birchwood', name: 'Birchwood Academy', domain: 'birchwood.example.org', channel: BIRCH_CHANNEL, tenant: BIRCH_TENANT, serviceUrl: url, ...o }),
});

describe('teams: several schools on one deployment', function () {
  let h: Harness;
  const b = {
    dsl: teamsUser('bdsl', { email: 'dsl@birchwood.example.org', name: 'Birchwood DSL' }),
    teacher: teamsUser('bteacher', { email: 'teacher@birchwood.example.org', name: 'Birchwood Teacher' }),
  };
  let tenant = BIRCH_TENANT;

  async function start(o: Partial<TrustSchool> = {}) {
    h = await Harness.start({}, { trust: { selfId: 'oakfield', others: [birchwood(o)] } });
    for (const u of Object.values(b)) h.fake.addUser(u);
  }
  afterEach(async () => h.close());

  const dmOf = (u: TeamsUser) => h.fake.conversationFor(u.id) ?? personalConversationId(u.id);
  const sayAs = (u: TeamsUser, text: string, tenantId = tenant) => postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: u, text, tenantId }));
  async function clickAs(u: TeamsUser, verb: string, data: Record<string, unknown>, inputs: Record<string, unknown> = {}, conversation = dmOf(u)): Promise<InvokeBody> {
    const res = await postActivity(h.app.url, cardAction({ serviceUrl: h.fake.url, user: u, tenantId: tenant, conversation, verb, data, inputs, replyToId: 'card-1' }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as InvokeBody;
  }
  /** The same wizard walk as reportPupil, for a person of the other school. */
  async function reportAs(u: TeamsUser, what: string): Promise<string> {
    await sayAs(u, 'report');
    const { draftId } = actionData(h.cardsTo(dmOf(u)).at(-1), 'report.next');
    const kinds = 'online_bullying';
    const steps: [string, Record<string, unknown>][] = [
      ['category', { category: 'pupil' }],
      ['danger', { immediate_danger: 'no' }],
      ['pupil_when_where', { occurred_date: '2026-11-20', location: 'online_home' }],
      ['pupil_people', { person1_name: 'Jo (Year 7)', person1_group: 'pupil', person1_part: 'target' }],
      ['pupil_kinds', { kinds }],
    ];
    for (const [stepId, inputs] of steps) await clickAs(u, 'report.next', { draftId, stepId }, inputs);
    assert.equal(needsUkcisWarning([kinds]), false);
    await clickAs(u, 'report.next', { draftId, stepId: 'pupil_details' }, { what_happened: what, how_known: 'seen' });
    return cardText((await clickAs(u, 'report.submit', { draftId })).value);
  }
  const store = (id: string) => h.app.schools.find((s) => s.id === id)!.deps.store;
  const channelText = (channel: string) => h.fake.cardsIn(channel).map((c) => JSON.stringify(c)).join('\n') + h.deliveredTexts(channel).join('\n');

  describe('schools in their own Microsoft 365 tenants', () => {
    beforeEach(async () => {
      tenant = BIRCH_TENANT;
      await start();
    });

    it("puts each school's report in front of its own DSL team only, numbered in its own records", async () => {
      await h.everyoneSaysHello();
      await sayAs(b.teacher, 'hello');
      const oak = await reportPupil(h, 'teacher', { what: 'Sam was sent unkind messages about Oakfield sports day.' });
      const birch = await reportAs(b.teacher, 'Jo was sent a threatening message after the Birchwood disco.');
      assert.match(oak, /OS-\d{4}-0001/);
      assert.match(birch, /BIR-\d{4}-0001/);
      await h.deliver();
      assert.match(channelText(CHANNEL_ID), /OS-\d{4}-0001/);
      assert.doesNotMatch(channelText(CHANNEL_ID), /BIR-|Birchwood|Jo \(Year 7\)/);
      assert.match(channelText(BIRCH_CHANNEL), /BIR-\d{4}-0001/);
      assert.doesNotMatch(channelText(BIRCH_CHANNEL), /OS-\d{4}|Oakfield|Sam/);
      assert.equal((await store('oakfield').incidents.listOpen(10)).length, 1);
      assert.equal((await store('birchwood').incidents.listOpen(10)).length, 1);
    });

    it("refuses another school's DSL who replays a card of this school, and the concern stays untouched", async () => {
      await h.everyoneSaysHello();
      await sayAs(b.dsl, 'hello');
      await reportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex.' });
      await h.deliver();
      const card = h.fake.cardsIn(CHANNEL_ID)[0];
      // Birchwood's DSL is a DSL — but of another school: Oakfield's concern is not in Birchwood's records.
      for (const verb of ['incident.view', 'incident.own']) {
        const answer = await clickAs(b.dsl, verb, actionData(card, verb), {}, CHANNEL_ID);
        assert.match(cardText(answer.value) || String(answer.value), /That concern no longer exists/);
        assert.doesNotMatch(JSON.stringify(answer), /unkind messages|Alex|Sam/);
      }
      const [incident] = await store('oakfield').incidents.listOpen(10);
      assert.equal(incident.ownerEmail ?? null, null);
      const details = await h.click('dsl', 'incident.view', actionData(card, 'incident.view'));
      assert.match(cardText(details.value), /New — not yet acknowledged/);
    });

    it("offers a reporter only their own school's people in the person picker", async () => {
      await sayAs(b.teacher, 'hello');
      await sayAs(b.teacher, 'report');
      const { draftId } = actionData(h.cardsTo(dmOf(b.teacher)).at(-1), 'report.next');
      await clickAs(b.teacher, 'report.next', { draftId, stepId: 'category' }, { category: 'staff' });
      await clickAs(b.teacher, 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
      const search = async (queryText: string) => {
        const res = await postActivity(h.app.url, searchInvoke({ serviceUrl: h.fake.url, user: b.teacher, tenantId: tenant, conversation: dmOf(b.teacher), dataset: 'people', queryText }));
        assert.equal(res.status, 200);
        return JSON.stringify(res.body);
      };
      assert.match(await search('head'), /Birchwood Academy Head/);
      // Oakfield's headteacher is Hana Head: a Birchwood reporter never sees Oakfield's staff.
      assert.doesNotMatch(await search('head'), /Hana/);
      assert.doesNotMatch(await search('Dana'), /Dana DSL|school\.example/);
    });

    it('answers a tenant no school names as a stranger and stores nothing in any school', async () => {
      const stranger = teamsUser('visitor', { email: 'dsl@birchwood.example.org' });
      h.fake.addUser(stranger);
      const res = await sayAs(stranger, 'report', OTHER_TENANT);
      assert.equal(res.status, 200);
      assert.match(h.deliveredTexts(dmOf(stranger)).join('\n'), /belongs to another organisation.*Nothing was recorded/);
      for (const id of ['oakfield', 'birchwood']) assert.equal(await store(id).identities.findByPlatformId('teams', stranger.id), null);
    });

    it('reports every school healthy on /healthz', async () => {
      const res = await fetch(`${h.app.url}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', database: 'up', schools: 2 });
    });
  });

  describe('schools sharing one Microsoft 365 tenant', () => {
    beforeEach(async () => {
      tenant = TENANT_ID;
      await start({ tenant: TENANT_ID, teamIds: [BIRCH_TEAM], emailDomains: ['birchwood.example.org'] });
    });

    it("knows a colleague's school by their email, and their report reaches only that school's DSL team", async () => {
      await h.everyoneSaysHello();
      await sayAs(b.teacher, 'hello');
      const birch = await reportAs(b.teacher, 'Jo was sent a threatening message after the Birchwood disco.');
      assert.match(birch, /BIR-\d{4}-0001/);
      await reportPupil(h, 'teacher');
      await h.deliver();
      assert.match(channelText(BIRCH_CHANNEL), /BIR-\d{4}-0001/);
      assert.doesNotMatch(channelText(CHANNEL_ID), /BIR-|Birchwood/);
      assert.doesNotMatch(channelText(BIRCH_CHANNEL), /OS-\d{4}/);
    });

    it('knows a newcomer by the school\'s staff email domain', async () => {
      const newcomer = teamsUser('newcomer', { email: 'new.teacher@birchwood.example.org', name: 'New Teacher' });
      h.fake.addUser(newcomer);
      await sayAs(newcomer, 'hello');
      assert.equal(await store('oakfield').identities.findByPlatformId('teams', newcomer.id), null);
      assert.equal((await store('birchwood').identities.findByPlatformId('teams', newcomer.id))?.email, 'new.teacher@birchwood.example.org');
      assert.doesNotMatch(h.deliveredTexts(dmOf(newcomer)).join('\n'), /can't tell which one you work at/);
    });

    it("refuses kindly, storing nothing, when no school of the tenant knows the person", async () => {
      const unknown = teamsUser('supply', { email: 'supply.teacher@agency.example.com' });
      h.fake.addUser(unknown);
      await sayAs(unknown, 'report');
      assert.match(h.deliveredTexts(dmOf(unknown)).join('\n'), /can't tell which one you work at.*tell your school's DSL in person.*Nothing was recorded/s);
      for (const id of ['oakfield', 'birchwood']) assert.equal(await store(id).identities.findByPlatformId('teams', unknown.id), null);
    });

    it('refuses a person listed at two schools, rather than guess which school a concern is for', async () => {
      await h.close();
      const both = { email: 'peri.patetic@trust.example.org', name: 'Peri Patetic', roles: ['staff'] };
      h = await Harness.start({}, { extraPeople: [both], trust: { selfId: 'oakfield', others: [birchwood({ tenant: TENANT_ID, extra: [both] })] } });
      const peri = teamsUser('peri', { email: both.email, name: both.name });
      h.fake.addUser(peri);
      await sayAs(peri, 'report');
      assert.match(h.deliveredTexts(dmOf(peri)).join('\n'), /listed at more than one school.*Nothing was recorded/s);
    });

    it("takes a mention in a school's own team for that school, and refuses one in a team no school claims", async () => {
      await sayAs(b.teacher, 'hello');
      const before = h.cardsTo(dmOf(b.teacher)).length;
      const inBirch = await postActivity(h.app.url, channelMention({ serviceUrl: h.fake.url, user: b.teacher, tenantId: TENANT_ID, teamId: BIRCH_TEAM, channelId: BIRCH_TEAM, text: 'report' }));
      assert.equal(inBirch.status, 200);
      assert.match(h.deliveredTexts(BIRCH_TEAM).join('\n'), /sent you a private message/);
      // The wizard opens in their 1:1 chat, from Birchwood's records (its draft is Birchwood's).
      assert.equal(h.cardsTo(dmOf(b.teacher)).length, before + 1);
      actionData(h.cardsTo(dmOf(b.teacher)).at(-1), 'report.next');
      const elsewhere = '19:trust-wide@thread.tacv2';
      await postActivity(h.app.url, channelMention({ serviceUrl: h.fake.url, user: b.teacher, tenantId: TENANT_ID, teamId: elsewhere, channelId: elsewhere, text: 'report' }));
      assert.match(h.deliveredTexts(elsewhere).join('\n'), /this team is not linked to one of them.*Nothing was recorded/s);
    });
  });
});
