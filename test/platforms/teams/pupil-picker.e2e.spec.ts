/**
 * Issue #11: "who was involved" offers the school's pupils (from its MIS) by typeahead, showing no
 * pupil until the reporter types, and refusing an id that is not a pupil on roll.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, type InvokeBody } from '../../helpers/bot-harness';
import { inputById } from '../../cards/walk';

const SEARCH_RESPONSE = 'application/vnd.microsoft.search.searchResponse';

describe('teams: choosing the pupils involved from the school’s records', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.withPupils();
  });
  afterEach(async () => h.close());

  /** Starts a pupil report and answers up to "who was involved". */
  async function toPeopleStep(): Promise<{ draftId: string; card: unknown }> {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next') as { draftId: string };
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    const answer = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_when_where' }, { occurred_date: '2026-11-20', location: 'online_home' });
    return { draftId, card: answer.value };
  }
  const search = async (q: string) => {
    const res = await h.search('teacher', q, { dataset: 'pupils' });
    assert.equal(res.status, 200);
    return res.body;
  };

  it('asks with a pupil typeahead beside each name, and the card names no pupil', async () => {
    const { card } = await toPeopleStep();
    const picker = inputById(card, 'person1_pupil');
    assert.equal(picker.type, 'Input.ChoiceSet');
    assert.deepEqual(picker['choices.data'], { type: 'Data.Query', dataset: 'pupils' });
    assert.deepEqual(picker.choices, []);
    assert.ok(inputById(card, 'person1_name'), 'a name can still be typed');
    assert.doesNotMatch(JSON.stringify(card), /Carter|O'Brien/);
  });

  it('finds pupils on roll by name, preferred name or form, with their form — never a leaver, never for one letter', async () => {
    await toPeopleStep();
    const carter = await search('carter');
    assert.equal(carter.type, SEARCH_RESPONSE);
    assert.deepEqual((carter.value as { results: unknown[] }).results, [
      { title: 'Sam Carter (Samantha) — 8RB', value: 'MIS1' },
      { title: 'Samuel Carter — 10KP', value: 'MIS2' },
    ]);
    assert.deepEqual((await search('sam car')).value, { results: [{ title: 'Sam Carter (Samantha) — 8RB', value: 'MIS1' }] }, 'by preferred and family name');
    assert.deepEqual(((await search('7ab')).value as { results: { value: string }[] }).results.map((r) => r.value), ['MIS4']);
    assert.deepEqual((await search('c')).value, { results: [] });
  });

  it('refuses a pupil search from someone with no report at that question, naming nobody', async () => {
    const res = await h.search('tara', 'carter', { dataset: 'pupils' });
    assert.equal(res.body.statusCode, 403);
    assert.doesNotMatch(JSON.stringify(res.body), /Carter/);
  });

  it('takes the chosen pupil as the person involved, shows them on the review, and keeps their MIS id with the report', async () => {
    const { draftId } = await toPeopleStep();
    const next = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_people' }, { person1_pupil: 'MIS1', person1_part: 'target' });
    assert.match(cardText(next.value), /What kind of concern/);
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_kinds' }, { kinds: 'online_bullying' });
    const review = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_details' }, { what_happened: 'Unkind messages in the class chat.', how_known: 'seen' });
    assert.match(cardText(review.value), /Sam Carter \(Samantha\) \(Pupil, Target \(T\): it happened to them\) — from the school's pupil records/);
    const sent: InvokeBody = await h.click('teacher', 'report.submit', { draftId });
    assert.match(cardText(sent.value), /OS-\d{4}-\d{4}/);
    const [incident] = await h.app.deps.store.incidents.listOpen(5);
    assert.equal(incident.answers.person1_pupil, 'MIS1');
    assert.equal(incident.answers.person1_name, 'Sam Carter (Samantha)');
    assert.equal(incident.answers.person1_group, 'pupil');
    // The DSL reads the record the report names, with what the school's records say about the pupil.
    await h.deliver();
    const details = await h.click('dsl', 'incident.view', actionData(h.cardsTo(CHANNEL_ID)[0], 'incident.view'));
    assert.match(cardText(details.value), /pupil record: Sam Carter \(Samantha\), Year 8, 8RB \(MIS id MIS1\)/);
  });

  it('refuses an id that is not a pupil on roll (a leaver, a forged value), keeping the rest of the row', async () => {
    const { draftId } = await toPeopleStep();
    for (const forged of ['MIS3', 'MIS999']) {
      const again = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_people' }, { person1_pupil: forged, person1_part: 'target' });
      assert.match(cardText(again.value), /Please choose a pupil from the list, or type their name below/);
      assert.equal(inputById(again.value, 'person1_part').value, 'target');
    }
  });

  it('still takes a typed name for someone not in the records', async () => {
    const { draftId } = await toPeopleStep();
    const next = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_people' }, { person1_name: 'A boy from another school', person1_group: 'other', person1_part: 'alleged_perpetrator' });
    assert.match(cardText(next.value), /What kind of concern/);
    const empty = await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_people' }, {});
    assert.doesNotMatch(cardText(empty.value), /Please find the pupil/, 'the draft moved on: an old card shows where it is');
  });
});
