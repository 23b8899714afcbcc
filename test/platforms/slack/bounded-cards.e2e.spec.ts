import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;

// The longest answers a Slack input takes (3,000 characters; the wizard's own cap is 6,000 bytes).
const LONGEST = {
  name: (n: number) => `${n}: ${'王小明'.repeat(66)}`.slice(0, 200),
  what: '学生说这些信息是九月开始的。'.repeat(143).slice(0, 2000), // 6,000 bytes of CJK
  evidence: '😀👍🏽'.repeat(500), // 3,000 characters of emoji
  actions: 'I spoke to the pupil and kept the phone aside. '.repeat(64).slice(0, 3000),
  apps: 'WhatsApp, Snapchat, Roblox, '.repeat(8).slice(0, 200),
  note: (n: number) => `Note ${n}: ${'电话记录，'.repeat(600)}`.slice(0, 3000),
};

describe('slack: a report with the longest answers and a long chronology', function () {
  // One test walks the wizard with every field at its longest and pages a chronology of two dozen notes: seconds of real work, not a hang.
  this.timeout(90_000);
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  it('reaches the DSL channel, opens its details in full within Slack’s limits, and pages the chronology back to the start', async () => {
    const people = Object.fromEntries([1, 2, 3, 4].flatMap((n) => [[`person${n}_name`, LONGEST.name(n)], [`person${n}_group`, 'pupil'], [`person${n}_part`, 'witness']]));
    const sent = await slackReportPupil(h, 'teacher', { what: LONGEST.what, people: { ...people, person1_part: 'target' }, details: { apps: LONGEST.apps, evidence: LONGEST.evidence, actions_taken: LONGEST.actions } });
    assert.match(sent, /OS-\d{4}-\d{4}/, 'the report was sent');
    await h.deliver();
    // The fake refuses what Slack would (invalid_blocks, msg_too_long, invalid_arguments…): nothing was.
    assert.deepEqual(h.fake.calls.filter((c) => c.problems).map((c) => `${c.method}: ${c.problems!.join('; ')}`), []);
    const card = h.posts(SLACK_CHANNEL)[0];
    assert.ok(card, 'the channel card arrived');
    const ts = String(card.seq);

    await h.clickMessage('dsl', SLACK_CHANNEL, ts, buttonIn(card.args.blocks as Obj[], 'incident.view'));
    let details: Obj = { ...h.lastView(), id: 'V-details' };
    // Slack's inputs stop at 3,000 characters, and a modal has room for that: every answer is shown in full.
    const shown = blockText(details).replace(/\n/g, '');
    for (const answer of [LONGEST.what, LONGEST.evidence, LONGEST.actions, LONGEST.name(4)]) assert.ok(shown.includes(answer), 'an answer is shown in full');

    // A long chronology: 24 long notes, each through the pushed form, as a DSL adds them.
    for (let n = 1; n <= 24; n++) {
      await h.clickInView('dsl', details, buttonIn(details, 'show:incident.note'));
      const form = { ...(h.fake.of('views.push').at(-1)!.args.view as Obj), id: 'V-note' };
      const saved = await h.submit('dsl', form, { note: LONGEST.note(n) });
      details = { ...((saved.body as Obj).view as Obj), id: 'V-details' };
    }
    assert.match(blockText(details), /Note 24:/, 'the newest entry is on the first page');
    assert.match(blockText(details), /Entries \d+–25 of 25/);

    const seen = new Set<number>();
    for (let guard = 0; guard < 30; guard++) {
      for (const m of blockText(details).matchAll(/Note (\d+):/g)) seen.add(Number(m[1]));
      if (!JSON.stringify(details.blocks).includes('"incident.earlier"')) break;
      await h.clickInView('dsl', details, buttonIn(details, 'incident.earlier'));
      details = { ...h.lastView(), id: 'V-details' };
      assert.match(blockText(details), /Show latest/);
    }
    assert.match(blockText(details), /Entries 1–\d+ of 25/);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 24 }, (_, i) => i + 1));
    assert.deepEqual(h.fake.calls.filter((c) => c.problems).map((c) => c.method), [], 'every view was within Slack’s limits');

    const [incident] = await h.app.deps.store.incidents.listOpen(10);
    assert.equal(incident.answers.what_happened, LONGEST.what);
    assert.equal(incident.answers.evidence, LONGEST.evidence);
  });
});
