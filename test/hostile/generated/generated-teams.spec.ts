/**
 * Generated hostile Teams traffic: hundreds of activities, with and without a valid
 * Bot Framework token, each checked for a clear answer, a healthy process, an unchanged database
 * (unless the sender may change it), a clean log and nothing sent to anyone but the sender.
 */
import assert from 'node:assert/strict';
import { Harness, actionData, reportPupil, type Who } from '../../helpers/bot-harness';
import { cardAction, personalMessage, searchInvoke, teamsUser, type TeamsWireActivity } from '../../helpers/teams-activities';
import { FakeOpenId, captureLog } from '../helpers';
import { ALL_VERBS } from '../../../src/cards';
import { STRING_KINDS, canary, hostileString, rngFor, wrongValue, type Rng } from './gen';
import { Runner, findRef } from './teams-runner';
import { FakeGraph, GRAPH_CA_FILE, GRAPH_CLIENT_ID, GRAPH_SECRET, GRAPH_TENANT } from '../../helpers/fake-graph';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const FOREIGN_TENANT = '0bad0bad-0000-4000-8000-000000000666';
/** Deletes, or gives the wrong type to, one field (possibly nested) of an activity. */
function breakField(rng: Rng, a: TeamsWireActivity, c: string): { body: Record<string, unknown>; field: string } {
  const o = JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
  const fields = ['type', 'id', 'channelId', 'serviceUrl', 'from', 'from.id', 'recipient', 'recipient.id', 'conversation', 'conversation.id', 'conversation.tenantId', 'channelData', 'channelData.tenant', 'text', 'entities', 'attachments', 'timestamp', 'locale', 'value', 'name', 'replyToId', 'textFormat'];
  const field = rng.pick(fields);
  const parts = field.split('.');
  let target = o;
  for (const p of parts.slice(0, -1)) {
    if (!target[p] || typeof target[p] !== 'object') target[p] = {};
    target = target[p] as Record<string, unknown>;
  }
  const leaf = parts[parts.length - 1];
  if (rng.chance(0.3)) delete target[leaf];
  else target[leaf] = wrongValue(rng, c);
  return { body: o, field };
}

// Fields the shape check types (src/platforms/teams/activity-shape.ts), with a value of another type for each.
const TYPED_FIELDS: Record<string, 'string' | 'object' | 'array'> = {
  type: 'string', channelId: 'string', serviceUrl: 'string', text: 'string', textFormat: 'string', locale: 'string', name: 'string', replyToId: 'string', timestamp: 'string',
  from: 'object', recipient: 'object', conversation: 'object', channelData: 'object', 'from.id': 'string', 'conversation.id': 'string', 'conversation.tenantId': 'string', 'recipient.id': 'string',
  entities: 'array', attachments: 'array',
};

/** Gives one typed field a value of another type (a number for a string, a string for an object…). */
function mistype(rng: Rng, a: TeamsWireActivity, c: string): { body: Record<string, unknown>; field: string } {
  const o = JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
  const field = rng.pick(Object.keys(TYPED_FIELDS));
  const want = TYPED_FIELDS[field];
  const others: unknown[] = [42, true, [c], { c }, 'x'.repeat(3) + c].filter((v) => (want === 'string' ? typeof v !== 'string' : want === 'array' ? !Array.isArray(v) : typeof v !== 'object' || Array.isArray(v)));
  const [head, leaf] = field.split('.');
  if (leaf) (o[head] as Record<string, unknown>)[leaf] = rng.pick(others);
  else o[head] = rng.pick(others);
  return { body: o, field };
}

// Signing the AUA and asking for a site to be unblocked are a person's own acts: valid for anyone, so not forgeries.
const OWN_DUTY_VERBS: string[] = ['duty.sign', 'filter.request'];
const CONCERN_VERBS = ALL_VERBS.filter((v) => v.startsWith('incident.') || v.startsWith('report.'));

const ONE_TO_ONE: Who[] = ['teacher', 'tara', 'vice', 'dsl', 'head'];

/** A real concern by the teacher, and the teacher's open draft: what strangers try to reach. */
async function seedConcernAndDraft(h: Harness): Promise<{ incident: { incidentId: string; version: number }; teacherDraft: string }> {
  await h.everyoneSaysHello();
  await reportPupil(h, 'teacher');
  await h.deliver();
  const incident = findRef(h.fake.sent.map((s) => s.activity));
  assert.ok(incident, 'the DSL channel card carries the incident reference');
  await h.say('teacher', 'report');
  return { incident, teacherDraft: String(actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next').draftId) };
}

/** A card action is answered: 200 with an invoke status below 500, or 413 only for a body over the 256 KB limit. */
const invokeAnswered = (label: string, body: string) => (res: { status: number; body: unknown }) => {
  assert.ok(res.status === 200 || (res.status === 413 && Buffer.byteLength(body) > 256 * 1024), `${label}: HTTP ${res.status}`);
  if (res.status === 200) assert.ok((res.body as { statusCode: number }).statusCode < 500, `${label}: invoke ${(res.body as { statusCode: number }).statusCode}`);
};

describe('hostile (generated): Teams activities without a token, in a local trial', function () {
  this.timeout(120_000);
  const rng = rngFor('teams-trial');
  let h: Harness;
  let cap: ReturnType<typeof captureLog>;
  let run: Runner;
  let incident: { incidentId: string; version: number };
  let teacherDraft: string;

  before(async () => {
    cap = captureLog();
    h = await Harness.start({}, { log: cap.log });
    run = new Runner(h, cap, 'teams');
    ({ incident, teacherDraft } = await seedConcernAndDraft(h));
  });
  after(async () => h?.close());

  it('answers 80 activities with a field missing or of the wrong type with 400 BAD_ACTIVITY or a kind reply, never 500', async () => {
    for (let i = 0; i < 80; i++) {
      const c = canary();
      const card = rng.chance(0.5);
      // Card actions come from people with no part in the concern, so none of them may change it.
      const who = card ? rng.pick(['tara', 'vice'] as const) : rng.pick(ONE_TO_ONE);
      const base = !card
        ? personalMessage({ serviceUrl: h.fake.url, user: h.users[who], text: `report ${c}` })
        : cardAction({ serviceUrl: h.fake.url, user: h.users[who], conversation: h.dm(who), verb: rng.pick(CONCERN_VERBS), data: { incidentId: incident.incidentId, version: incident.version, note: c }, replyToId: 'card-1' });
      const { body, field } = breakField(rng, base, c);
      await run.run({
        kind: `wrong-type ${field.split('.')[0]}`,
        body: JSON.stringify(body),
        canary: c,
        mayReach: [h.dm(who)],
        ownRowsMayChange: true,
        expect: (res) => assert.ok([200, 400, 403].includes(res.status), `${field}: ${res.status}`),
      });
    }
  });

  it('answers 80 messages of hostile text (huge, NUL, lone surrogates, RTL, controls) from known people only in their own chat', async () => {
    for (let i = 0; i < 80; i++) {
      const c = canary();
      const who = rng.pick(ONE_TO_ONE);
      const kind = STRING_KINDS[i % STRING_KINDS.length];
      const text = rng.chance(0.3) ? `report ${hostileString(kind, c, rng)}` : hostileString(kind, c, rng);
      const body = JSON.stringify(personalMessage({ serviceUrl: h.fake.url, user: h.users[who], text }));
      await run.run({
        kind: `text ${kind}`,
        body,
        canary: c,
        mayReach: [h.dm(who)],
        ownRowsMayChange: true,
        expect: (res) => assert.ok(res.status === 200 || (res.status === 413 && Buffer.byteLength(body) > 256 * 1024), `${kind}: ${res.status}`),
      });
    }
  });

  it('refuses 120 forged card actions on another person\'s concern or draft, and stale or unknown ones, changing nothing', async () => {
    const verbs = [...ALL_VERBS.filter((v) => !OWN_DUTY_VERBS.includes(v)), 'incident.delete', 'admin.grant', '', '__proto__', 'constructor', 'report.next\u0000', 'INCIDENT.VIEW'];
    for (let i = 0; i < 120; i++) {
      const c = canary();
      // Tara and Val are ordinary staff with no part in the teacher's concern; the DSL only with a stale version.
      const who: Who = i % 5 === 4 ? 'dsl' : rng.pick(['tara', 'vice'] as const);
      // Acknowledging is version-free by design (actions.ts VERSION_FREE): the DSL may, so it is left out.
      const verb = who === 'dsl' ? rng.pick(ALL_VERBS.filter((v) => v.startsWith('incident.') && v !== 'incident.ack')) : rng.pick(verbs);
      const version = who === 'dsl' ? rng.pick([incident.version + 1 + rng.int(50), 0, -1, 'x', 1e12, null]) : rng.pick([incident.version, incident.version + 1, 0, 'NaN']);
      const data: Record<string, unknown> = rng.pick([
        { incidentId: incident.incidentId, version },
        { draftId: teacherDraft, stepId: rng.pick(['category', 'danger', 'pupil_details', c]) },
        { requestId: incident.incidentId },
        { incidentId: incident.incidentId.toUpperCase(), version },
        { incidentId: `${incident.incidentId}' OR '1'='1`, version },
        { incidentId: wrongValue(rng, c), version: wrongValue(rng, c) },
      ]);
      const inputs = { note: c, reason: c, decision: c, what_happened: c, category: rng.pick(['pupil', 'staff', c]), [c]: c };
      const body = JSON.stringify(cardAction({ serviceUrl: h.fake.url, user: h.users[who], conversation: h.dm(who), verb, data, inputs, replyToId: 'card-1' }));
      await run.run({
        kind: who === 'dsl' ? 'card stale version' : 'card forged reference',
        body,
        canary: c,
        expect: (res) => {
          assert.equal(res.status, 200, `${verb}: HTTP ${res.status}`);
          const b = res.body as { statusCode: number; type: string; value: unknown };
          assert.ok(b.statusCode < 500, `${verb}: invoke ${b.statusCode}`);
          const text = String(JSON.stringify(b.value));
          // Nothing of the teacher's concern reaches Tara or Val: not the pupil's name, not the account.
          if (who !== 'dsl') assert.ok(!/Sam \(Year 5\)|unkind messages|Tom Teacher/.test(text), `${verb}: ${who} saw the details: ${text.slice(0, 200)}`);
          assert.ok(!text.includes(c), `${verb}: the answer echoes the input`);
        },
      });
    }
  });

  it('answers 60 walks of a person\'s own report with hostile card inputs (huge names, wrong types, unknown steps) within a turn', async () => {
    const steps = ['category', 'danger', 'staff_subject', 'confirm_subject', 'staff_details', 'pupil_when_where', 'pupil_people', 'confirm_people', 'pupil_kinds', 'pupil_details', 'ukcis', 'review', 'nope', ''];
    const fields = ['category', 'immediate_danger', 'subject_email', 'subject_name', 'subject_confirm', 'what_happened', 'occurred_date', 'occurred_time', 'how_known', 'child_images', 'location', 'person1_name', 'person1_group', 'person1_part', 'person2_name', 'kinds', 'other_kind', 'ukcis_ack', 'url'];
    for (let i = 0; i < 60; i++) {
      const c = canary();
      const who = rng.pick(['vice', 'tara', 'head'] as const);
      await h.say(who, 'report');
      const draftId = String(actionData(h.cardsTo(h.dm(who)).at(-1), 'report.next').draftId);
      // A real path first (staff concern, a typed name), so the matcher and later steps see the hostile text.
      const inputs: Record<string, unknown> = Object.fromEntries(fields.filter(() => rng.chance(0.4)).map((f) => [f, rng.chance(0.7) ? hostileString(rng.pick(STRING_KINDS), c, rng) : wrongValue(rng, c)]));
      if (rng.chance(0.5)) Object.assign(inputs, { category: 'staff', immediate_danger: 'no', subject_email: 'other', subject_name: hostileString(rng.pick(['huge', 'one-long-word', 'combining', 'cjk-emoji'] as const), c, rng) });
      const stepId = rng.chance(0.5) ? rng.pick(steps) : 'category';
      const kind = `card inputs at ${stepId || '(none)'}`;
      for (const step of stepId === 'category' ? ['category', 'danger', 'staff_subject', 'confirm_subject'] : [stepId]) {
        const body = JSON.stringify(cardAction({ serviceUrl: h.fake.url, user: h.users[who], conversation: h.dm(who), verb: 'report.next', data: { draftId, stepId: step }, inputs, replyToId: 'card-1' }));
        await run.run({
          kind,
          body,
          canary: c,
          mayReach: [h.dm(who)],
          ownRowsMayChange: true,
          expect: invokeAnswered(step, body),
        });
      }
    }
  });

  it('answers 40 people-picker searches with hostile queries quickly and with nobody\'s details beyond names', async () => {
    for (let i = 0; i < 40; i++) {
      const c = canary();
      const who = rng.pick(ONE_TO_ONE);
      const kind = STRING_KINDS[i % STRING_KINDS.length];
      const body = JSON.stringify(searchInvoke({ serviceUrl: h.fake.url, user: h.users[who], conversation: h.dm(who), dataset: rng.pick(['people', 'staff', c, '']), queryText: rng.chance(0.8) ? hostileString(kind, c, rng) : (wrongValue(rng, c) as string) }));
      await run.run({
        kind: `search ${kind}`,
        body,
        canary: c,
        expect: (res) => assert.ok([200, 400, 413].includes(res.status), `search: ${res.status}`),
      });
    }
  });

  it('treats 40 activities from another tenant as from a stranger: nothing changes, nothing reaches anyone', async () => {
    for (let i = 0; i < 40; i++) {
      const c = canary();
      const who = rng.pick(ONE_TO_ONE);
      // The real person's 29: id and email, or a newcomer showing the DSL's email, from another tenant.
      const user = rng.chance(0.5) ? h.users[who] : teamsUser(`intruder${i}`, { email: String(h.users.dsl.email) });
      if (user !== h.users[who]) h.fake.addUser(user);
      const activity = rng.chance(0.5)
        ? personalMessage({ serviceUrl: h.fake.url, user, text: rng.pick(['report', 'hello', `report ${c}`]), tenantId: rng.pick([FOREIGN_TENANT, '', c]) })
        : cardAction({ serviceUrl: h.fake.url, user, conversation: `a:1on1-${user.id}`, verb: rng.pick(ALL_VERBS), data: { incidentId: incident.incidentId, version: incident.version, draftId: teacherDraft }, replyToId: 'c1', tenantId: FOREIGN_TENANT });
      await run.run({
        kind: 'foreign tenant',
        body: JSON.stringify(activity),
        canary: c,
        mayReach: [activity.conversation.id],
        expect: (res) => {
          assert.ok([200, 400].includes(res.status), `foreign: ${res.status}`);
          assert.ok(!/Sam \(Year 5\)|unkind messages/.test(JSON.stringify(res.body)), 'a stranger saw the concern');
        },
      });
    }
  });
});

describe('hostile (generated): Teams activities with and without a valid token', function () {
  this.timeout(120_000);
  const rng = rngFor('teams-auth');
  let openId: FakeOpenId;
  let h: Harness;
  let cap: ReturnType<typeof captureLog>;
  let run: Runner;

  before(async () => {
    openId = await FakeOpenId.start();
    cap = captureLog();
    h = await Harness.start({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'pw', ToBotFromChannelOpenIdMetadataUrl: openId.url }, { log: cap.log });
    run = new Runner(h, cap, 'teams-auth');
  });
  after(async () => {
    await h?.close();
    await openId?.close();
  });

  const badAuth = (rng: Rng): [string, Record<string, string>] => {
    const [name, headers] = rng.pick<[string, () => Record<string, string>]>([
      ['no token', () => ({})],
      ['Basic auth', () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
      ['unsigned token', () => ({ authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' })],
      ['garbage token', () => ({ authorization: `Bearer ${'x'.repeat(1 + rng.int(3000))}` })],
      ['unpublished key', () => ({ authorization: `Bearer ${openId.token(APP_ID, h.fake.url, { kid: 'nobody' })}` })],
      ['another bot', () => ({ authorization: `Bearer ${openId.token('another-app', h.fake.url)}` })],
      ['another serviceUrl', () => ({ authorization: `Bearer ${openId.token(APP_ID, 'https://attacker.example/')}` })],
      ['expired', () => ({ authorization: `Bearer ${openId.token(APP_ID, h.fake.url, { expiresIn: -600 })}` })],
    ]);
    return [name, headers()];
  };

  it('answers 401 UNAUTHENTICATED to 150 requests without a valid token, whatever their shape', async () => {
    for (let i = 0; i < 150; i++) {
      const c = canary();
      const [auth, headers] = badAuth(rng);
      const who = rng.pick(ONE_TO_ONE);
      const good = personalMessage({ serviceUrl: h.fake.url, user: h.users[who], text: `report ${c}` });
      const body = rng.pick([
        () => JSON.stringify(good),
        () => JSON.stringify(breakField(rng, good, c).body),
        () => `{"type":"message","text":"${c}`,
        () => `${'{"a":'.repeat(5000)}"${c}"${'}'.repeat(5000)}`,
        () => JSON.stringify({ text: `${c}${'y'.repeat(300_000)}` }),
        () => c,
      ])();
      // A genuine token for another serviceUrl, on a body without a usable serviceUrl, is refused as not an activity (or too large).
      await run.run({ kind: `no valid token: ${auth}`, body, headers, canary: c, expect: (res) => assert.ok(res.status === 401 || (auth === 'another serviceUrl' && [400, 413].includes(res.status)), `${auth}: ${res.status}`) });
    }
  });

  it('answers 60 malformed bodies carrying a valid token with a coded 4xx, never 500', async () => {
    for (let i = 0; i < 60; i++) {
      const c = canary();
      const who = rng.pick(ONE_TO_ONE);
      const good = personalMessage({ serviceUrl: h.fake.url, user: h.users[who], text: `hello ${c}` });
      const broken = mistype(rng, good, c);
      const [kind, body] = rng.pick<[string, () => string]>([
        [`wrong-type ${broken.field}`, () => JSON.stringify(broken.body)],
        [`wrong-type ${broken.field}`, () => JSON.stringify(broken.body)],
        ['no serviceUrl', () => JSON.stringify({ ...good, serviceUrl: undefined })],
        ['not JSON', () => `{"type":"message","text":"${c}`],
        ['an array', () => JSON.stringify([good])],
        ['deep nesting', () => JSON.stringify({ ...good, from: '#' }).replace('"#"', `${'{"a":'.repeat(3000)}"${c}"${'}'.repeat(3000)}`)],
      ]);
      await run.run({
        kind: `valid token, ${kind}`,
        body: body(),
        headers: { authorization: `Bearer ${openId.token(APP_ID, h.fake.url)}` },
        canary: c,
        // Every one of these is refused before the turn: a coded 400 (the token is genuine, the body is not an activity).
        expect: (res) => {
          assert.equal(res.status, 400, `${kind}: ${res.status}`);
          assert.match((res.body as { error: { code: string } }).error.code, /^BAD_(ACTIVITY|REQUEST)$/);
        },
      });
    }
  });
});

describe('hostile (generated): well-formed Teams activities with a valid token from the school tenant, carrying hostile content', function () {
  this.timeout(120_000);
  const rng = rngFor('teams-signed');
  let openId: FakeOpenId;
  let login: FakeGraph;
  let h: Harness;
  let cap: ReturnType<typeof captureLog>;
  let run: Runner;
  let incident: { incidentId: string; version: number };
  let teacherDraft: string;

  before(async () => {
    openId = await FakeOpenId.start();
    // The bot's own token for the connector comes from this fake authority, so every turn runs to the end.
    login = await FakeGraph.start();
    cap = captureLog();
    const env = { MicrosoftAppId: GRAPH_CLIENT_ID, MicrosoftAppPassword: GRAPH_SECRET, ToBotFromChannelOpenIdMetadataUrl: openId.url, ToChannelFromBotLoginUrl: `${login.authorityHost}/${GRAPH_TENANT}`, TEAMS_LOGIN_CA_FILE: GRAPH_CA_FILE };
    h = await Harness.start(env, { log: cap.log });
    h.authHeaders = () => ({ authorization: `Bearer ${openId.token(GRAPH_CLIENT_ID, h.fake.url)}` });
    run = new Runner(h, cap, 'teams-signed');
    ({ incident, teacherDraft } = await seedConcernAndDraft(h));
  });
  after(async () => {
    await h?.close();
    await login?.close();
    await openId?.close();
  });

  it('runs 30 signed `report` walks with hostile answers to the end of a turn, changing only the sender\'s own draft', async () => {
    const fields = ['category', 'immediate_danger', 'subject_email', 'subject_name', 'what_happened', 'occurred_date', 'location', 'person1_name', 'kinds', 'other_kind', 'url'];
    for (let i = 0; i < 30; i++) {
      const c = canary();
      const who = rng.pick(['vice', 'tara', 'head'] as const);
      await h.say(who, 'report');
      const draftId = String(actionData(h.cardsTo(h.dm(who)).at(-1), 'report.next').draftId);
      const inputs: Record<string, unknown> = Object.fromEntries(fields.filter(() => rng.chance(0.5)).map((f) => [f, rng.chance(0.8) ? hostileString(rng.pick(STRING_KINDS), c, rng) : wrongValue(rng, c)]));
      Object.assign(inputs, { category: 'staff', immediate_danger: 'no', subject_email: 'other', subject_name: hostileString(rng.pick(STRING_KINDS), c, rng) });
      for (const stepId of ['category', 'danger', 'staff_subject', 'confirm_subject']) {
        const body = JSON.stringify(cardAction({ serviceUrl: h.fake.url, user: h.users[who], conversation: h.dm(who), verb: 'report.next', data: { draftId, stepId }, inputs, replyToId: 'card-1' }));
        await run.run({
          kind: `signed report answers at ${stepId}`,
          body,
          headers: h.authHeaders(),
          canary: c,
          mayReach: [h.dm(who)],
          ownRowsMayChange: true,
          sender: h.users[who].id,
          expect: invokeAnswered(stepId, body),
        });
      }
    }
  });

  it('refuses 50 signed card actions on a concern the sender may not see, another\'s draft, or a stale version, changing nothing', async () => {
    for (let i = 0; i < 50; i++) {
      const c = canary();
      // Tara and Val have no part in the teacher's concern; the DSL has, but only with a stale version.
      const who: Who = i % 5 === 4 ? 'dsl' : rng.pick(['tara', 'vice'] as const);
      const verb = who === 'dsl' ? rng.pick(ALL_VERBS.filter((v) => v.startsWith('incident.') && v !== 'incident.ack')) : rng.pick(CONCERN_VERBS);
      const version = who === 'dsl' ? rng.pick([incident.version + 1 + rng.int(50), 0, -1, 1e12]) : rng.pick([incident.version, incident.version + 1]);
      const data = who === 'dsl' || rng.chance(0.6) ? { incidentId: incident.incidentId, version } : { draftId: teacherDraft, stepId: rng.pick(['category', 'danger', 'pupil_details']) };
      const inputs = { note: hostileString(rng.pick(STRING_KINDS), c, rng), reason: c, decision: c, what_happened: c };
      const body = JSON.stringify(cardAction({ serviceUrl: h.fake.url, user: h.users[who], conversation: h.dm(who), verb, data, inputs, replyToId: 'card-1' }));
      await run.run({
        kind: who === 'dsl' ? 'signed card stale version' : 'signed card forged reference',
        body,
        headers: h.authHeaders(),
        canary: c,
        expect: (res) => {
          if (res.status === 413) return assert.ok(Buffer.byteLength(body) > 256 * 1024, `${verb}: 413 on a small body`);
          assert.equal(res.status, 200, `${verb}: HTTP ${res.status}`);
          const b = res.body as { statusCode: number; value: unknown };
          assert.ok(b.statusCode < 500, `${verb}: invoke ${b.statusCode}`);
          const text = String(JSON.stringify(b.value));
          if (who !== 'dsl') assert.ok(!/Sam \(Year 5\)|unkind messages|Tom Teacher/.test(text), `${verb}: ${who} saw the details: ${text.slice(0, 200)}`);
          assert.ok(!text.includes(c), `${verb}: the answer echoes the input`);
        },
      });
    }
  });
});
