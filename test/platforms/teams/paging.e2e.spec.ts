import assert from 'node:assert/strict';
import { Harness, cardText, cardsSince, mark, reportPupil, actionData } from '../../helpers/bot-harness';

describe('teams: urgent concerns page the DSL team until someone acknowledges', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('tells the reporter to call 999 at once when a child is in immediate danger', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' });
    const next = await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'yes' });
    assert.match(cardText(next.value), /999/);
  });

  it('pages the DSL and every deputy by direct message, then again with the headteacher after 15 minutes', async () => {
    const since = mark(h);
    const confirmation = await reportPupil(h, 'teacher', { danger: true });
    assert.match(confirmation, /999/);
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1);
    assert.equal(cardsSince(h, 'deputy', since).length, 1);
    assert.equal(cardsSince(h, 'head', since).length, 0, 'the headteacher is not paged at first');
    assert.equal(cardsSince(h, 'osl', since).length, 0, 'the online safety lead works from the channel');

    h.clock.advance(14 * 60_000);
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1, 'not before the acknowledgement window ends');

    h.clock.advance(2 * 60_000);
    await h.deliver();
    await h.deliver(); // a second sweep in the same window pages nobody twice
    assert.equal(cardsSince(h, 'dsl', since).length, 2);
    assert.equal(cardsSince(h, 'deputy', since).length, 2);
    assert.equal(cardsSince(h, 'head', since).length, 1);
  });

  it('shows the UKCIS rule before the details step when nudes or indecent images are involved', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_when_where' }, { occurred_date: '2026-11-20', location: 'in_school' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_people' }, { person1_name: 'A pupil', person1_group: 'pupil', person1_part: 'target' });
    const warning = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_kinds' }, { kinds: 'sexting' });
    const text = cardText(warning.value);
    assert.match(text, /do not view/i);
    assert.match(text, /do not ask the child, or anyone, to show it to you or send it/i);
    assert.match(text, /delete/i);
    assert.match(text, /do not look through it/i);
    const skipped = await h.click('teacher', 'report.next', { draftId, stepId: 'ukcis' }, {});
    assert.match(cardText(skipped.value), /Please choose an answer/, 'the warning must be acknowledged');
    assert.doesNotMatch(cardText(skipped.value), /What happened/);
  });

  it('treats a page-now kind (sexting) as urgent even when nobody is in immediate danger', async () => {
    const since = mark(h);
    await reportPupil(h, 'teacher', { kinds: 'sexting' });
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1);
  });

  it('stops paging once a DSL acknowledges', async () => {
    const since = mark(h);
    await reportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    const page = cardsSince(h, 'dsl', since)[0];
    const ack = actionData(page, 'incident.ack');
    const answer = await h.click('dsl', 'incident.ack', ack);
    assert.match(cardText(answer.value), /Acknowledged/);
    h.clock.advance(60 * 60_000);
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1);
    assert.equal(cardsSince(h, 'head', since).length, 0);
  });

  it('does not page anyone for a concern that is not urgent', async () => {
    const since = mark(h);
    await reportPupil(h, 'teacher');
    await h.deliver();
    h.clock.advance(60 * 60_000);
    await h.deliver();
    for (const w of ['dsl', 'deputy', 'head'] as const) assert.equal(cardsSince(h, w, since).length, 0);
  });
});
