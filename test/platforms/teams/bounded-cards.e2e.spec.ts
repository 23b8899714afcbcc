import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil } from '../../helpers/bot-harness';
import { TEAMS_MESSAGE_BYTES } from '../../helpers/fake-teams-connector';
import { TRUNCATION_MARKER } from '../../../src/cards';

// The longest answer each field takes, so no card can outgrow a platform's limit: 200 letters, 4,000 letters, or 6,000 bytes, whichever comes first.
export const LONGEST = {
  name: (n: number) => `${n}: ${'王小明'.repeat(66)}`.slice(0, 200),
  what: '学生说这些信息是九月开始的。'.repeat(143).slice(0, 2000), // 6,000 bytes of CJK
  evidence: '😀👍🏽'.repeat(375), // 6,000 bytes of emoji
  actions: 'I spoke to the pupil and kept the phone aside. '.repeat(85).slice(0, 4000), // 4,000 ASCII letters
  apps: 'WhatsApp, Snapchat, Roblox, '.repeat(8).slice(0, 200),
  note: (n: number) => `Note ${n}: ${'电话记录，'.repeat(790)}`.slice(0, 4000),
};

describe('teams: a report with the longest answers and a long chronology', function () {
  // One test walks the wizard with every field at its longest and pages a chronology of two dozen notes: seconds of real work, not a hang.
  this.timeout(90_000);
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('reaches the DSL channel, opens its details cut with the marker, and pages the chronology back to the start', async () => {
    const people = Object.fromEntries([1, 2, 3, 4].flatMap((n) => [[`person${n}_name`, LONGEST.name(n)], [`person${n}_group`, 'pupil'], [`person${n}_part`, 'witness']]));
    const confirmation = await reportPupil(h, 'teacher', { what: LONGEST.what, people: { ...people, person1_part: 'target' }, details: { apps: LONGEST.apps, evidence: LONGEST.evidence, actions_taken: LONGEST.actions } });
    assert.match(confirmation, /OS-\d{4}-\d{4}/, 'the report was sent');
    await h.deliver();

    // Every message the bot sent was within Teams' limit: the fake connector refuses (413) any that is not.
    assert.deepEqual(h.fake.sent.filter((c) => c.status === 413).map((c) => c.bytes), []);
    const channelCard = h.fake.cardsIn(CHANNEL_ID)[0];
    assert.ok(channelCard, 'the channel card arrived');
    const thread = h.fake.sent.find((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create' && c.status < 300)!;
    const threadId = String((thread.response as { id: string }).id);
    const where = { conversation: threadId, replyToId: threadId.split('messageid=')[1] ?? 'x' };

    // A long chronology: 24 long notes.
    let details = await h.click('dsl', 'incident.view', actionData(channelCard, 'incident.view'), {}, where);
    for (let n = 1; n <= 24; n++) details = await h.click('dsl', 'incident.note', actionData(details.value, 'incident.note'), { note: LONGEST.note(n) }, where);

    const latest = await h.click('dsl', 'incident.view', actionData(channelCard, 'incident.view'), {}, where);
    const text = cardText(latest.value);
    assert.ok(Buffer.byteLength(JSON.stringify(latest)) <= TEAMS_MESSAGE_BYTES);
    assert.ok(text.includes(TRUNCATION_MARKER), 'long text says it is shown in full in the record');
    assert.match(text, /学生说这些信息/, 'the answers are there, cut, not dropped');
    assert.match(text, /Note 24:/, 'the newest entry is on the first page');
    assert.match(text, /Entries \d+–25 of 25/);

    // Show earlier, page by page, until the report itself: every entry is reachable.
    const seen = new Set<number>();
    let page = latest;
    for (let guard = 0; guard < 30; guard++) {
      for (const m of cardText(page.value).matchAll(/Note (\d+):/g)) seen.add(Number(m[1]));
      if (!JSON.stringify(page.value).includes('"incident.earlier"')) break;
      page = await h.click('dsl', 'incident.earlier', actionData(page.value, 'incident.earlier'), {}, where);
      assert.match(cardText(page.value), /Show latest/);
    }
    assert.match(cardText(page.value), /Entries 1–\d+ of 25/);
    assert.match(cardText(page.value), /\bReported\b/);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 24 }, (_, i) => i + 1));

    // The record keeps every answer in full.
    const [incident] = await h.app.deps.store.incidents.listOpen(10);
    assert.equal(incident.answers.what_happened, LONGEST.what);
    assert.equal(incident.answers.evidence, LONGEST.evidence);
  });

  it('refuses another person a page of the chronology, as it refuses the details', async () => {
    await reportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex.' });
    await h.deliver();
    const { incidentId } = actionData(h.fake.cardsIn(CHANNEL_ID)[0], 'incident.view');
    const answer = await h.click('tara', 'incident.earlier', { incidentId, before: 1 });
    assert.equal(answer.type, 'application/vnd.microsoft.activity.message');
    assert.doesNotMatch(JSON.stringify(answer), /unkind messages|Alex/);
  });
});
