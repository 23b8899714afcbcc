import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SlackHarness, blockText, slackReportPupil, slackReportStaff, type Who } from '../../helpers/slack-harness';

describe('slack: people the bot has never seen are found by their school email (users.lookupByEmail)', function () {
  let h: SlackHarness;
  afterEach(async () => h.close());

  const dmsTo = (who: Who, since = 0) => h.posts(h.dm(who), since);
  const lookups = (who: Who) => h.fake.of('users.lookupByEmail', false).filter((c) => c.args.email === h.email(who));
  const unreachableCodes = async (reference: string) => {
    const incident = (await h.app.deps.store.incidents.getByReference(reference))!;
    return (await h.app.deps.store.events.listByIncident(incident.id)).filter((e) => e.type === 'recipient_unreachable').map((e) => e.data.code);
  };

  it('sends the first concern about a teacher to a headteacher who has never used the bot', async () => {
    h = await SlackHarness.start();
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    assert.equal(lookups('head').length, 1);
    assert.ok(h.fake.of('conversations.open').some((c) => c.args.users === h.ids.head));
    const toHead = dmsTo('head');
    assert.equal(toHead.length, 1);
    assert.match(blockText(toHead[0].args.blocks), /OS-2026-0001/);
    const stored = await h.app.deps.store.identities.findByEmail('slack', h.email('head'));
    assert.equal(stored?.platformUserId, h.ids.head);
    assert.equal(stored?.tenantId, 'T1');
  });

  it('pages a DSL who has never used the bot from the first urgent report', async () => {
    h = await SlackHarness.start();
    await slackReportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    assert.equal(dmsTo('dsl').length, 1, 'the DSL was paged by direct message');
    assert.equal(lookups('dsl').length, 1);
  });

  it('looks a person up once: the next message goes straight to the identity it stored', async () => {
    h = await SlackHarness.start();
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    await h.restart(); // nothing about the look-up is kept in memory
    await slackReportStaff(h, 'tara', { email: h.email('teacher') });
    await h.deliver();
    assert.equal(dmsTo('head').length, 2);
    assert.equal(lookups('head').length, 1, 'no second look-up');
  });

  it('takes the fallback route when Slack knows nobody with the email (users_not_found)', async () => {
    // The school file gives the headteacher an email that no Slack user has.
    h = await SlackHarness.start({}, { school: (y) => y.replace('head@slack-e2e.school', 'hana.head@elsewhere.example') });
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    await h.deliver();
    assert.deepEqual(h.fake.of('users.lookupByEmail', false).filter((c) => c.args.email === 'hana.head@elsewhere.example').map((c) => c.error), ['users_not_found']);
    assert.deepEqual(dmsTo('head'), []);
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['users_not_found']);
    assert.match(blockText(dmsTo('teacher').at(-1)?.args.blocks), /OS-2026-0001/, 'the reporter is told to contact the headteacher directly');
  });

  it('waits as long as Retry-After says when the look-up is rate limited, then delivers once', async () => {
    h = await SlackHarness.start();
    h.fake.failNext('users.lookupByEmail', { status: 429, retryAfter: 30 }, (a) => a.email === h.email('head'));
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    assert.deepEqual(lookups('head').map((c) => c.status), [429]);
    h.clock.advance(29_000);
    await h.deliver();
    assert.equal(lookups('head').length, 1, 'not asked again before Retry-After');
    h.clock.advance(2_000);
    await h.deliver();
    assert.deepEqual(lookups('head').map((c) => c.status), [429, 200]);
    assert.equal(dmsTo('head').length, 1);
  });

  it("refuses a user with the school's email who belongs to another workspace, and takes the fallback route", async () => {
    h = await SlackHarness.start();
    h.fake.addUser({ id: h.ids.head, email: h.email('head'), name: 'Hana Head', teamId: 'T666' });
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    await h.deliver();
    assert.equal(lookups('head').length, 1);
    assert.ok(!h.fake.of('conversations.open').some((c) => c.args.users === h.ids.head), 'no conversation opened with the stranger');
    assert.deepEqual(dmsTo('head'), []);
    assert.equal(await h.app.deps.store.identities.findByEmail('slack', h.email('head')), null, 'the stranger is not stored as the headteacher');
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['SLACK_FOREIGN_WORKSPACE']);
  });

  it('does not write to a deactivated account', async () => {
    h = await SlackHarness.start();
    h.fake.addUser({ id: h.ids.head, email: h.email('head'), name: 'Hana Head', deleted: true });
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    assert.deepEqual(dmsTo('head'), []);
    assert.deepEqual(await unreachableCodes('OS-2026-0001'), ['account_inactive']);
  });

  it('logs codes and ids of look-ups, never emails or names', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    h = await SlackHarness.start({}, { log: pino({ level: 'trace' }, sink), school: (y) => y.replace('head@slack-e2e.school', 'hana.head@elsewhere.example') });
    h.fake.failNext('users.lookupByEmail', { status: 429, retryAfter: 1 });
    await slackReportPupil(h, 'teacher', { danger: true });
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    for (let i = 0; i < 3; i++) {
      await h.deliver();
      h.clock.advance(5_000);
    }
    const logged = lines.join('');
    assert.match(logged, /users_not_found/, 'the refusal was logged by code');
    for (const secret of ['elsewhere.example', h.email('dsl'), h.email('teacher'), 'Hana Head', 'Dana DSL', 'Tom Teacher']) assert.ok(!logged.includes(secret), `the log contains ${secret}`);
  });
});
