import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { remindersRun } from '../../helpers/cli';
import { SlackHarness, PEOPLE, blockText, type Who } from '../../helpers/slack-harness';

const STAFF_CHANNEL = 'CSTAFF';

async function withStaffChannel(h: SlackHarness): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + `\nduties:\n  slack_staff_channel_id: ${STAFF_CHANNEL}\n`);
  await h.restart();
}

/** One sweep through the CLI, as of `at`; the app's clock moves there too. */
const cliRun = (h: SlackHarness, at: string) => remindersRun(h, at, { moveClock: true });

describe('slack: roster sync from the staff channel (conversations.members)', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await withStaffChannel(h);
  });
  afterEach(async () => h.close());

  it('records the staff channel’s members on the first day as existing staff, with a grace period before anything is due', async () => {
    h.fake.addUser({ id: 'UOLD', email: 'olive.old@slack-e2e.school', name: 'Olive Old' });
    h.fake.setMembers(STAFF_CHANNEL, ['UOLD', h.ids.teacher]);
    const m = h.fake.mark();
    await cliRun(h, '2026-11-23T10:00:00Z');
    const staff = await h.app.deps.store.staff.get('olive.old@slack-e2e.school');
    assert.equal(staff?.source, 'roster');
    assert.equal(staff?.startDate, null, 'the bot does not know when she started');
    const first = h.posts('DUOLD', m).map((p) => blockText(p.args.blocks));
    assert.ok(first.length > 0 && first.every((t) => /due in 28 days, on Monday, 21 December 2026/.test(t)), first.join(' | '));
    const next = h.fake.mark();
    await cliRun(h, '2026-11-24T10:00:00Z');
    assert.equal(h.posts('DUOLD', next).length, 0, 'and no overdue reminder the day after');
  });

  it('records a newcomer who joins the staff channel later as staff, whose induction duties fall due from that day and are reminded by DM', async () => {
    h.fake.setMembers(STAFF_CHANNEL, [h.ids.teacher]);
    await cliRun(h, '2026-11-23T10:00:00Z');
    h.fake.addUser({ id: 'UNEW', email: 'nina.new@slack-e2e.school', name: 'Nina New' });
    h.fake.setMembers(STAFF_CHANNEL, ['UNEW', h.ids.teacher]);
    const m = h.fake.mark();
    await cliRun(h, '2026-11-30T10:00:00Z');
    const staff = await h.app.deps.store.staff.get('nina.new@slack-e2e.school');
    assert.equal(staff?.source, 'roster');
    assert.equal(staff?.startDate, '2026-11-30');
    const posts = h.posts('DUNEW', m).map((p) => blockText(p.args.blocks));
    assert.ok(posts.some((t) => /Acceptable use agreement: due today/.test(t)), posts.join(' | '));
    assert.ok(posts.some((t) => /Safeguarding and online safety training: due today/.test(t)));
  });

  it('reads every page of a large channel with the cursor', async () => {
    // 201 members: the first 200 are gone from the workspace (users.info: user_not_found, skipped), the last is staff.
    const ids = Array.from({ length: 201 }, (_, i) => `UBULK${i}`);
    h.fake.addUser({ id: 'UBULK200', email: 'bulk200@slack-e2e.school', name: 'Bulk Last' });
    h.fake.setMembers(STAFF_CHANNEL, ids);
    await cliRun(h, '2026-11-23T10:00:00Z');
    const pages = h.fake.of('conversations.members');
    assert.equal(pages.length, 2);
    assert.equal(pages[1].args.cursor, '200');
    assert.ok(await h.app.deps.store.staff.get('bulk200@slack-e2e.school'), 'the member on the second page');
    assert.equal((await h.app.deps.store.staff.list()).filter((s) => s.source === 'roster').length, 1, 'members Slack cannot describe are skipped');
  });

  it('stops at a 429 without failing the sweep, and reads the channel on the next sweep', async () => {
    h.fake.addUser({ id: 'UNEW', email: 'nina.new@slack-e2e.school', name: 'Nina New' });
    h.fake.setMembers(STAFF_CHANNEL, ['UNEW']);
    h.fake.failNext('conversations.members', { status: 429, retryAfter: 30 });
    await cliRun(h, '2026-11-23T10:00:00Z');
    assert.equal(h.fake.of('conversations.members', false).length, 1, 'asked once, no retry loop');
    assert.equal(await h.app.deps.store.staff.get('nina.new@slack-e2e.school'), null);
    await cliRun(h, '2026-11-23T10:05:00Z');
    assert.ok(await h.app.deps.store.staff.get('nina.new@slack-e2e.school'));
  });

  it('asks users.info only for members it does not know yet', async () => {
    h.fake.setMembers(STAFF_CHANNEL, Object.keys(PEOPLE).map((k) => h.ids[k as Who]));
    await cliRun(h, '2026-11-23T10:00:00Z');
    const first = h.fake.of('users.info').length;
    assert.equal(first, Object.keys(PEOPLE).length);
    await cliRun(h, '2026-11-23T10:05:00Z');
    assert.equal(h.fake.of('users.info').length, first);
  });
});
