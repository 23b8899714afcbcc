import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, cardsSince, mark, type Who } from '../../helpers/bot-harness';
import { inputById } from '../../cards/walk';

const HELEN = { email: 'helen.carter@school.example', name: 'Helen Carter', roles: ['staff'] };
const SAM = { email: 'sam.cartwright@school.example', name: 'Sam Cartwright', roles: ['staff'] };
const SEARCH_RESPONSE = 'application/vnd.microsoft.search.searchResponse';

describe('teams: choosing who a staff concern is about from a typeahead of the school people', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({}, { extraPeople: [HELEN, SAM] });
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  /** Starts a report about staff and answers up to the "who is it about" question. */
  async function toSubjectStep(who: Who): Promise<{ draftId: string; card: unknown }> {
    await h.say(who, 'report');
    const { draftId } = actionData(h.cardsTo(h.dm(who)).at(-1), 'report.next') as { draftId: string };
    await h.click(who, 'report.next', { draftId, stepId: 'category' }, { category: 'staff' });
    const answer = await h.click(who, 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    return { draftId, card: answer.value };
  }

  it('asks with a filtered choice set that searches the bot, listing a few names and "someone not on this list"', async () => {
    const { card } = await toSubjectStep('teacher');
    const picker = inputById(card, 'subject_email');
    assert.equal(picker.type, 'Input.ChoiceSet');
    assert.equal(picker.style, 'filtered');
    assert.deepEqual(picker['choices.data'], { type: 'Data.Query', dataset: 'people' });
    const choices = picker.choices as { value: string; title: string }[];
    assert.ok(choices.length <= 6, 'a short initial list, not the whole school');
    assert.equal(choices.at(-1)?.title, 'Someone not on this list');
    assert.ok(inputById(card, 'subject_name'), 'the reporter can still type a description');
  });

  it('answers a search for "cart" with Helen Carter and Sam Cartwright, their names only', async () => {
    await toSubjectStep('teacher');
    const res = await h.search('teacher', 'cart');
    assert.equal(res.status, 200);
    assert.equal(res.body.statusCode, 200);
    assert.equal(res.body.type, SEARCH_RESPONSE);
    const { results } = res.body.value as { results: Record<string, unknown>[] };
    assert.deepEqual(results, [
      { title: 'Helen Carter', value: HELEN.email },
      { title: 'Sam Cartwright', value: SAM.email },
    ]);
  });

  it('finds the holder of a role from how staff say it: "the head" and "Mrs Carter"', async () => {
    await toSubjectStep('teacher');
    const head = (await h.search('teacher', 'the head')).body.value as { results: { title: string }[] };
    assert.equal(head.results[0].title, 'Hana Head');
    const carter = (await h.search('teacher', 'Mrs Carter')).body.value as { results: { title: string }[] };
    assert.equal(carter.results[0].title, 'Helen Carter');
  });

  it('refuses a search from someone with no report open, giving away no names', async () => {
    const res = await h.search('tara', 'cart');
    assert.equal(res.status, 200);
    assert.equal(res.body.statusCode, 403);
    assert.equal(res.body.type, 'application/vnd.microsoft.error');
    assert.doesNotMatch(JSON.stringify(res.body), /Carter|Cartwright/);
  });

  it('refuses a search from a reporter whose draft is not at the question, and once the report is sent', async () => {
    await h.say('teacher', 'report');
    const early = await h.search('teacher', 'cart');
    assert.equal(early.body.statusCode, 403);
    assert.doesNotMatch(JSON.stringify(early.body), /Carter/);
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next') as { draftId: string };
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'staff' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'staff_subject' }, { subject_email: HELEN.email });
    await h.click('teacher', 'report.next', { draftId, stepId: 'staff_details' }, { what_happened: 'Took photos of pupils on her own phone.', occurred_date: '2026-11-19', how_known: 'seen', child_images: 'no' });
    await h.click('teacher', 'report.submit', { draftId });
    const after = await h.search('teacher', 'cart');
    assert.equal(after.body.statusCode, 403);
  });

  it('refuses a search from a group chat, even from a reporter at the question', async () => {
    await toSubjectStep('teacher');
    const res = await h.search('teacher', 'cart', { conversation: '19:staffroom-chat@thread.v2' });
    assert.equal(res.body.statusCode, 403);
    assert.doesNotMatch(JSON.stringify(res.body), /Carter/);
  });

  it('refuses a search for a data set the bot does not offer', async () => {
    await toSubjectStep('teacher');
    const res = await h.search('teacher', 'cart', { dataset: 'pupils' });
    assert.equal(res.body.statusCode, 403);
  });

  it('routes a concern about the person picked from the search to the headteacher, as before', async () => {
    const since = mark(h);
    const { draftId } = await toSubjectStep('teacher');
    const picked = ((await h.search('teacher', 'cart')).body.value as { results: { value: string; title: string }[] }).results[0];
    const details = await h.click('teacher', 'report.next', { draftId, stepId: 'staff_subject' }, { subject_email: picked.value });
    assert.match(cardText(details.value), /What happened/);
    const review = await h.click('teacher', 'report.next', { draftId, stepId: 'staff_details' }, { what_happened: 'Took photos of pupils on her own phone.', occurred_date: '2026-11-19', how_known: 'seen', child_images: 'no' });
    assert.match(cardText(review.value), /Helen Carter/);
    assert.match(cardText(review.value), /headteacher/);
    const sent = await h.click('teacher', 'report.submit', { draftId });
    assert.match(cardText(sent.value), /OS-2026-0001/);
    await h.deliver();
    const toHead = cardsSince(h, 'head', since);
    assert.equal(toHead.length, 1);
    const opened = await h.click('head', 'incident.view', actionData(toHead[0], 'incident.view'));
    assert.match(cardText(opened.value), /Helen Carter/);
    for (const w of ['dsl', 'deputy', 'osl', 'chair', 'vice', 'tara'] as Who[]) assert.deepEqual(cardsSince(h, w, since), [], `${w} got something`);
    assert.deepEqual(h.fake.sent.filter((c) => c.seq > since && c.conversationId?.startsWith(CHANNEL_ID)), []);
  });
});
