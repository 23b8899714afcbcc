import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, cardsSince, mark, reportPupil } from '../../helpers/bot-harness';

describe('teams: triage pages for the right things, and the UKCIS rule reaches the staff path', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  const channelCards = () => h.fake.cardsIn(CHANNEL_ID).map(cardText);

  it('does not page the DSL team for a copyright report, but flags it serious on the channel card', async () => {
    const since = mark(h);
    const confirmation = await reportPupil(h, 'teacher', { kinds: 'copyright', what: 'Year 6 are sharing a pirated film on a USB stick.' });
    assert.doesNotMatch(confirmation, /URGENT/);
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 0, 'no page to the DSL');
    assert.equal(cardsSince(h, 'deputy', since).length, 0, 'no page to the deputy');
    const [card] = channelCards();
    assert.match(card, /SERIOUS/);
    assert.doesNotMatch(card, /URGENT/);
    h.clock.advance(20 * 60_000);
    await h.deliver();
    assert.equal(cardsSince(h, 'head', since).length, 0, 'nobody is re-paged either');
  });

  it('pages the DSL and every deputy at once for sextortion, after the UKCIS step', async () => {
    const since = mark(h);
    await reportPupil(h, 'teacher', { kinds: 'sextortion', what: 'Sam (Y9) says someone on Snapchat wants £200 or they will post his photo.' });
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1);
    assert.equal(cardsSince(h, 'deputy', since).length, 1);
    assert.match(cardText(cardsSince(h, 'dsl', since)[0]), /URGENT/);
  });

  it("shows the UKCIS do's and don'ts on the staff path when images of a child may be involved, and pages the headteacher, not the DSL team", async () => {
    const since = mark(h);
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'staff' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    const details = await h.click('teacher', 'report.next', { draftId, stepId: 'staff_subject' }, { subject_email: h.users.tara.email });
    assert.match(cardText(details.value), /nudes, semi-nudes or sexual images of a child/);
    const ukcis = await h.click('teacher', 'report.next', { draftId, stepId: 'staff_details' }, { what_happened: 'Mrs T showed me a photo of a pupil on her phone, I think it was indecent', occurred_date: '2026-11-19', how_known: 'seen', child_images: 'not_sure' });
    const text = cardText(ukcis.value);
    for (const rule of [/Do not view, copy, screenshot, print, forward, save or delete/, /Do not ask the child, or anyone, to show it to you or send it/, /Do not question the child about the image/, /Do not blame/, /Tell the DSL now/]) assert.match(text, rule);
    const refused = await h.click('teacher', 'report.next', { draftId, stepId: 'ukcis' }, {});
    assert.match(cardText(refused.value), /Please choose an answer/);
    const review = await h.click('teacher', 'report.next', { draftId, stepId: 'ukcis' }, { ukcis_ack: 'understood' });
    assert.match(cardText(review.value), /Seen or told\nI saw or heard it myself/);
    await h.click('teacher', 'report.submit', { draftId });
    await h.deliver();
    assert.ok(cardsSince(h, 'head', since).some((c) => /URGENT/.test(cardText(c))), 'the headteacher is paged');
    assert.equal(cardsSince(h, 'dsl', since).length, 0);
    assert.equal(cardsSince(h, 'tara', since).length, 0, 'never the person it is about');
    assert.deepEqual(channelCards(), []);
  });

  it('asks what an "Other" concern is, and shows it and "seen or told" to the DSL in the details', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    for (const [stepId, inputs] of [
      ['category', { category: 'pupil' }],
      ['danger', { immediate_danger: 'no' }],
      ['pupil_when_where', { occurred_date: '2026-11-20', location: 'in_school' }],
      ['pupil_people', { person1_name: 'Jo Bloggs', person1_group: 'pupil', person1_part: 'target' }],
    ] as const) await h.click('teacher', 'report.next', { draftId, stepId }, inputs);
    const refused = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_kinds' }, { kinds: 'other' });
    assert.match(cardText(refused.value), /Please say in a few words what kind of concern it is/);
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_kinds' }, { kinds: 'other', other_kind: 'Vaping dares on TikTok' });
    const noSource = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_details' }, { what_happened: 'Jo told me about the dares.' });
    assert.match(cardText(noSource.value), /Please choose an answer/, 'seen or told is required');
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_details' }, { what_happened: 'Jo told me about the dares.', how_known: 'told' });
    await h.click('teacher', 'report.submit', { draftId });
    await h.deliver();
    const channelCard = h.fake.cardsIn(CHANNEL_ID)[0];
    assert.doesNotMatch(cardText(channelCard), /SERIOUS|URGENT|Vaping/);
    const post = h.fake.sent.find((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create' && c.status < 300)!;
    const threadId = String((post.response as { id: string }).id);
    const opened = await h.click('dsl', 'incident.view', actionData(channelCard, 'incident.view'), {}, { conversation: threadId, replyToId: threadId.split('messageid=')[1] ?? 'x' });
    const text = cardText(opened.value);
    assert.match(text, /Other kind\nVaping dares on TikTok/);
    assert.match(text, /Seen or told\nSomeone told me about it/);
  });
});
