/**
 * Issue #11 in Teams: the record holds what 002 appendix J asks after a report — parents or carers
 * informed (who, when, or why not), advice sought, reported to the platform, sanctions, support, the
 * wider response, and whether the policy or filtering needs reviewing — each with who recorded it.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil } from '../../helpers/bot-harness';
import { inputById } from '../../cards/walk';

describe('teams: the follow-up a concern records (002 appendix J)', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await reportPupil(h, 'teacher', { kinds: 'online_bullying', what: 'Group chat messages calling Sam names.' });
    await h.deliver();
  });
  afterEach(async () => h.close());

  const openDetails = async () => (await h.click('dsl', 'incident.view', actionData(h.cardsTo(CHANNEL_ID)[0], 'incident.view'))).value;
  /** Opens the follow-up form from a details card. */
  const form = async (details: unknown, who: 'dsl' | 'deputy' | 'teacher' = 'dsl') => (await h.click(who, 'incident.follow_up_form', actionData(details, 'incident.follow_up_form'))).value;
  /** Submits a follow-up form: the answer is the details view, or the form asked again. */
  const submit = async (formCard: unknown, inputs: Record<string, unknown>, who: 'dsl' | 'deputy' | 'teacher' = 'dsl') => (await h.click(who, 'incident.follow_up', actionData(formCard, 'incident.follow_up'), inputs)).value;
  const record = async (details: unknown, inputs: Record<string, unknown>, who: 'dsl' | 'deputy' = 'dsl') => submit(await form(details, who), inputs, who);

  it('records who was told and when, advice, the platform report, sanctions and support, and shows the latest of each with who recorded it', async () => {
    let card = await openDetails();
    card = await record(card, {
      fu_parents: 'informed',
      fu_parents_who: 'Mum, by phone, by Dana',
      fu_parents_when: '2026-11-23',
      fu_advice: 'Children’s social care front door',
      fu_platform: 'WhatsApp, report ref 8812',
      fu_sanctions: 'Two pupils: loss of phone privileges for a week',
      fu_support: 'Sam: weekly check-in with the pastoral lead',
      fu_reviews: 'filtering',
    });
    const text = cardText(card);
    assert.match(text, /Follow-up recorded/);
    assert.match(text, /Follow-up \(002 appendix J\)\nParents or carers\nInformed on 2026-11-23: Mum, by phone, by Dana \(Dana DSL, Mon, 23 Nov 2026, 10:00\)/);
    assert.match(text, /Safeguarding advice sought from\nChildren’s social care front door \(Dana DSL/);
    assert.match(text, /Reported to the platform or app\nWhatsApp, report ref 8812/);
    assert.match(text, /Sanctions\nTwo pupils: loss of phone privileges for a week/);
    assert.match(text, /Support offered\nSam: weekly check-in with the pastoral lead/);
    assert.match(text, /Filtering or monitoring\nNeeds reviewing/);
    assert.doesNotMatch(text, /Online safety policy\nNeeds reviewing/);
    // A later recording by the deputy: the latest answer shows, and the chronology keeps both.
    h.clock.advance(3600_000);
    card = await record(card, { fu_support: 'Sam: referred to the school counsellor' }, 'deputy');
    assert.match(cardText(card), /Support offered\nSam: referred to the school counsellor \(Dev Deputy, Mon, 23 Nov 2026, 11:00\)/);
    assert.match(cardText(card), /Follow-up recorded: [^\n]*Support offered: Sam: weekly check-in[\s\S]*Follow-up recorded: Support offered: Sam: referred to the school counsellor/);
  });

  it('records the reason parents were not told, and asks again on the form, keeping what was typed, for what is missing', async () => {
    const f = await form(await openDetails());
    assert.match(cardText(f), /Follow-up for OS-\d{4}-\d{4}/);
    const missing = await submit(f, { fu_parents: 'informed', fu_parents_when: '2026-12-25', fu_sanctions: 'A week without phone privileges' });
    assert.match(cardText(missing), /Please say who was told/);
    assert.match(cardText(missing), /That day is still to come/);
    assert.equal(inputById(missing, 'fu_sanctions').value, 'A week without phone privileges', 'what was typed is kept');
    assert.equal(inputById(missing, 'fu_parents').value, 'informed');
    const noReason = await submit(missing, { fu_parents: 'not_informed' });
    assert.match(cardText(noReason), /Please give the reason they were not told/);
    const nothing = await submit(noReason, {});
    assert.match(cardText(nothing), /Nothing to record yet/);
    const ok = await submit(nothing, { fu_parents: 'not_informed', fu_parents_reason: 'Telling dad would put Sam at risk: social care advised not to.' });
    assert.match(cardText(ok), /Parents or carers\nNot informed — reason: Telling dad would put Sam at risk: social care advised not to\./);
  });

  it('refuses follow-up, and its form, to someone outside the DSL team', async () => {
    const details = await openDetails();
    assert.match(String(await form(details, 'teacher')), /don't have access/);
    const forged = await submit(await form(details), { fu_sanctions: 'none' }, 'teacher');
    assert.match(String(forged), /don't have access/);
    const [incident] = await h.app.deps.store.incidents.listOpen(1);
    assert.equal((await h.app.deps.store.events.listByIncident(incident!.id)).filter((e) => e.type === 'follow_up').length, 0);
  });
});
