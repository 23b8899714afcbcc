/**
 * Issue #11, 000 part 2 "pattern of incidents", in Teams on fake time: a pupil's third concern in
 * 42 days, a pupil named again as alleged perpetrator, and a kind rising well above its usual rate
 * each post one alert to the DSL team channel — the references and a button, never a child's name —
 * recorded once; an allegation routed to the headteacher is neither counted nor revealed.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil } from '../../helpers/bot-harness';
import { TeamsErrors } from '../../helpers/fake-teams-connector';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SAM = { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' };
/** Samuel Carter the target, Sam Carter (MIS1) the alleged perpetrator. */
const SAM_HARMS_SAMUEL = { person1_pupil: 'MIS2', person1_name: '', person1_part: 'target', person2_pupil: 'MIS1', person2_part: 'alleged_perpetrator' };
/** Every name, legal or preferred, of the pupils the reports name. */
const NAMES = /Carter|Samantha|Samuel|\bSam\b|Siobh|O'Brien/;

describe('teams: pattern alerts to the DSL team channel', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.withPupils();
  });
  afterEach(async () => h.close());

  /** The pattern alerts posted to the channel so far, oldest first. */
  async function alerts() {
    await h.deliver();
    return h.cardsTo(CHANNEL_ID).filter((c) => /^Pattern: /m.test(cardText(c)));
  }
  const references = async () => (await h.app.deps.store.incidents.listOpen(50)).map((i) => i.reference);

  it('posts one alert for the third concern about a pupil in 42 days, naming no child, and its button opens the chronology for a DSL', async () => {
    await reportPupil(h, 'teacher', { people: SAM, what: 'Sam Carter was sent unkind messages on a class chat.' });
    h.clock.advance(12 * DAY);
    await reportPupil(h, 'tara', { people: SAM, kinds: 'images_without_permission', what: 'A photo of Sam posted without asking.' });
    assert.equal((await alerts()).length, 0, 'two concerns are not yet a pattern');
    h.clock.advance(25 * DAY + 5 * HOUR);
    await reportPupil(h, 'teacher', { people: SAM, what: 'More messages about Samantha.' });
    const [alert, ...more] = await alerts();
    assert.ok(alert, 'one alert posted');
    assert.equal(more.length, 0);
    const text = cardText(alert);
    assert.match(text, /Pattern: a pupil's 3rd concern in 42 days/);
    for (const ref of await references()) assert.match(text, new RegExp(ref), `${ref} is listed`);
    assert.doesNotMatch(JSON.stringify(alert), NAMES, 'no child’s name in the channel');
    assert.doesNotMatch(text, /MIS1/, 'the MIS id is a button’s reference, not shown');
    assert.doesNotMatch(text, /unkind messages|photo/, 'nothing the reporter wrote');
    // The DSL opens the child's chronology from the alert; the server authorises them.
    const opened = await h.click('dsl', 'pupil.chronology', actionData(alert, 'pupil.chronology'), {}, { conversation: CHANNEL_ID });
    assert.match(cardText(opened.value), /Chronology: Sam Carter \(Samantha\)[\s\S]*3 concerns/);
    assert.match(cardText(opened.value), /Pattern alert to the DSL team: Sam Carter \(Samantha\), MIS id MIS1, is named in 3 concerns in 42 days/);
    // Anyone else who presses it learns nothing.
    const refused = await h.click('teacher', 'pupil.chronology', actionData(alert, 'pupil.chronology'), {}, { conversation: CHANNEL_ID });
    assert.doesNotMatch(JSON.stringify(refused), NAMES);
    // The other button opens the concern that tripped it.
    const details = await h.click('dsl', 'incident.view', actionData(alert, 'incident.view'), {}, { conversation: CHANNEL_ID });
    assert.match(cardText(details.value), /More messages about Samantha/);
  });

  it('does not count a concern outside the window: the alert waits for a third within 42 days', async () => {
    await reportPupil(h, 'teacher', { people: SAM });
    h.clock.advance(43 * DAY);
    await reportPupil(h, 'teacher', { people: SAM });
    h.clock.advance(DAY);
    await reportPupil(h, 'tara', { people: SAM });
    assert.equal((await alerts()).length, 0, 'the first concern is 44 days old');
    h.clock.advance(DAY);
    await reportPupil(h, 'teacher', { people: SAM });
    const [alert] = await alerts();
    const [oldest, ...recent] = await references();
    assert.doesNotMatch(cardText(alert), new RegExp(oldest!), 'the old concern is not listed');
    for (const ref of recent) assert.match(cardText(alert), new RegExp(ref));
  });

  it('alerts when a pupil is named as alleged perpetrator in a second concern', async () => {
    await reportPupil(h, 'teacher', { people: SAM_HARMS_SAMUEL, what: 'Sam posted cruel comments about Samuel.' });
    h.clock.advance(90 * DAY);
    await reportPupil(h, 'tara', { people: { ...SAM_HARMS_SAMUEL, person1_pupil: 'MIS4' }, what: 'Sam shared a screenshot mocking Siobhán.' });
    const [alert, ...more] = await alerts();
    assert.equal(more.length, 0);
    assert.match(cardText(alert), /Pattern: a pupil named as alleged perpetrator twice in 365 days/);
    assert.match(cardText(alert), /child-on-child abuse/);
    assert.doesNotMatch(JSON.stringify(alert), NAMES);
    assert.equal(actionData(alert, 'pupil.chronology').misId, 'MIS1', 'the button opens the alleged perpetrator’s chronology');
  });

  it('alerts once when a kind rises well above its usual rate, and not for each concern after', async () => {
    // A month of ordinary records first, so the bot knows the usual rate.
    await reportPupil(h, 'teacher', { kinds: 'online_bullying' });
    h.clock.advance(30 * DAY);
    for (let n = 0; n < 4; n++) {
      await reportPupil(h, n % 2 ? 'tara' : 'teacher', { kinds: 'chain_or_threatening_messages', what: `Threatening chain message number ${n + 1}` });
      h.clock.advance(2 * HOUR);
    }
    assert.equal((await alerts()).length, 0, 'four is under the minimum of five');
    await reportPupil(h, 'teacher', { kinds: 'chain_or_threatening_messages' });
    const [spike] = await alerts();
    assert.match(cardText(spike), /Pattern: more concerns of one kind than usual — Forwarding\/spreading chain messages or threatening material/);
    assert.match(cardText(spike), /5 concerns of this kind in the last 14 days; none in the 16 days before/);
    assert.doesNotMatch(cardText(spike), /OS-\d{4}-\d{4}/, 'a spike lists no reference: the channel would learn each concern’s exact kind');
    assert.doesNotMatch(JSON.stringify(spike), /pupil\.chronology/, 'no child: no chronology button');
    h.clock.advance(HOUR);
    await reportPupil(h, 'tara', { kinds: 'chain_or_threatening_messages' });
    assert.equal((await alerts()).length, 1, 'the same spike is flagged once');
  });

  it('never posts the same alert twice: a fourth concern, a restart and another delivery round add nothing', async () => {
    for (let n = 0; n < 3; n++) {
      await reportPupil(h, 'teacher', { people: SAM });
      h.clock.advance(DAY);
    }
    assert.equal((await alerts()).length, 1);
    await reportPupil(h, 'tara', { people: SAM });
    await h.restart();
    await h.deliver();
    assert.equal((await alerts()).length, 1, 'a fourth concern in the same window is not a new pattern');
    const store = h.app.deps.store;
    const [incident] = (await store.incidents.listOpen(10)).filter((i) => i.reference.endsWith('0003'));
    assert.equal((await store.patternAlerts.listByIncident(incident!.id)).length, 1, 'recorded once');
    assert.equal((await store.events.listByIncident(incident!.id)).filter((e) => e.type === 'pattern_alert').length, 1, 'one entry in the concern’s chronology');
  });

  it('keeps the alert as it was posted when the concern that tripped it changes, while that concern’s own card is updated', async () => {
    for (let n = 0; n < 3; n++) await reportPupil(h, 'teacher', { people: SAM });
    await alerts();
    const posted = h.fake.sentCards(CHANNEL_ID);
    const alert = posted.find((c) => /^Pattern: /m.test(cardText(c.card)))!;
    const tripped = actionData(alert.card, 'incident.view').incidentId;
    const own = posted.find((c) => JSON.stringify(c.card).includes('incident.own') && actionData(c.card, 'incident.own').incidentId === tripped)!;
    await h.click('dsl', 'incident.own', actionData(own.card, 'incident.own'), {}, { conversation: CHANNEL_ID });
    await h.deliver();
    assert.match(cardText(h.fake.currentCard(CHANNEL_ID, own.activityId)), /Owner: ?\n?Dana DSL/, 'the concern’s card shows its new owner');
    assert.equal(h.fake.updates(CHANNEL_ID, alert.activityId).length, 0, 'the alert is never turned into the concern’s card');
    assert.match(cardText(h.fake.currentCard(CHANNEL_ID, alert.activityId)), /^Pattern: a pupil's 3rd concern/m);
  });

  it('sends the alert to the DSL and the deputy directly when Teams refuses the channel post for good', async () => {
    await reportPupil(h, 'teacher', { people: SAM });
    await reportPupil(h, 'tara', { people: SAM });
    await h.deliver();
    // The bot was removed from the channel: the third concern's card and its alert are both refused.
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.botNotInConversationRoster(), 2);
    await reportPupil(h, 'teacher', { people: SAM });
    await h.deliver();
    await h.deliver();
    assert.equal((await alerts()).length, 0, 'nothing reached the channel');
    for (const who of ['dsl', 'deputy'] as const) {
      const direct = h.cardsTo(h.dm(who)).filter((c) => /^Pattern: a pupil's 3rd concern/m.test(cardText(c)));
      assert.equal(direct.length, 1, `${who} has the alert`);
      assert.doesNotMatch(JSON.stringify(direct[0]), NAMES);
    }
    for (const who of ['osl', 'head', 'teacher'] as const) assert.doesNotMatch(JSON.stringify(h.cardsTo(h.dm(who))), /Pattern: /, `${who} is not sent it`);
  });

  it('neither counts nor reveals an allegation routed to the headteacher', async () => {
    await reportPupil(h, 'teacher', { people: SAM });
    // "Mrs Vice" is a member of staff named as alleged perpetrator: the headteacher's, not the DSL team's.
    await reportPupil(h, 'tara', { people: SAM, adult: { name: 'Mrs Vice', confirm: h.users.vice.email! } });
    await reportPupil(h, 'teacher', { people: SAM });
    assert.equal((await alerts()).length, 0, 'two concerns reached the DSL team, not three');
    await reportPupil(h, 'tara', { people: SAM });
    const [alert] = await alerts();
    const incidents = await h.app.deps.store.incidents.listOpen(10);
    const hidden = incidents.find((i) => i.route === 'headteacher')!;
    assert.ok(hidden);
    assert.match(cardText(alert), /3rd concern/);
    assert.doesNotMatch(JSON.stringify(h.cardsTo(CHANNEL_ID)), new RegExp(hidden.reference), 'the allegation is nowhere in the channel');
    for (const i of incidents.filter((x) => x.route === 'dsl_team')) assert.match(cardText(alert), new RegExp(i.reference));
  });
});
