/**
 * Issue #11: a child's chronology in Teams — every concern a pupil is named in, with their part, and
 * every entry of those concerns in time order; opened by `chronology <name>` or from a concern, paged,
 * for the DSL team only; and a DSL linking a name the reporter typed to the pupil record.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil } from '../../helpers/bot-harness';
import { inputById } from '../../cards/walk';

const MINUTE = 60_000;

describe('teams: a child’s chronology across concerns', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.withPupils();
  });
  afterEach(async () => h.close());

  /** The DSL's details view of the nth concern posted to the channel (oldest first). */
  async function details(n: number) {
    await h.deliver();
    const card = h.cardsTo(CHANNEL_ID).filter((c) => JSON.stringify(c).includes('incident.view'))[n];
    return (await h.click('dsl', 'incident.view', actionData(card, 'incident.view'))).value;
  }
  /** What the DSL (or anyone) is answered when they type a message. */
  async function ask(who: 'dsl' | 'teacher' | 'head', text: string) {
    const before = h.cardsTo(h.dm(who)).length;
    const textsBefore = h.deliveredTexts(h.dm(who)).length;
    await h.say(who, text);
    return { cards: h.cardsTo(h.dm(who)).slice(before), texts: h.deliveredTexts(h.dm(who)).slice(textsBefore).join('\n') };
  }

  /** Two concerns about Sam Carter: a target in the first, an alleged perpetrator in the second (with Samuel Carter as target). */
  async function twoConcerns(): Promise<void> {
    await reportPupil(h, 'teacher', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' }, what: 'Sam was sent unkind messages.' });
    h.clock.advance(30 * MINUTE);
    await reportPupil(h, 'tara', {
      kinds: 'online_bullying',
      people: { person1_pupil: 'MIS2', person1_name: '', person1_part: 'target', person2_pupil: 'MIS1', person2_part: 'alleged_perpetrator' },
      what: 'Messages posted about Samuel.',
    });
    h.clock.advance(10 * MINUTE);
    const first = await details(0);
    await h.click('dsl', 'incident.note', actionData(first, 'incident.note'), { note: 'Spoke to Sam at break', rationale: 'first contact' });
  }

  it('shows the DSL every concern a pupil is named in, with their part, and every entry in time order', async () => {
    await twoConcerns();
    const { cards } = await ask('dsl', 'chronology Sam Carter');
    assert.equal(cards.length, 1, 'one pupil matches: their chronology, straight away');
    const text = cardText(cards[0]);
    assert.match(text, /Chronology: Sam Carter \(Samantha\)/);
    assert.match(text, /Year 8, 8RB \(MIS id MIS1\)/);
    assert.match(text, /2 concerns/);
    assert.match(text, /Part: target/);
    assert.match(text, /Part: alleged perpetrator/);
    const [a, b] = (await h.app.deps.store.incidents.listOpen(5)).map((i) => i.reference);
    // In time order across both concerns: reported, reported, then the note on the first.
    const order = [...text.matchAll(/· (OS-\d{4}-\d{4}) · [^\n]+\n([^\n]+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(order, [`${a} Reported`, `${b} Reported`, `${a} Note: Spoke to Sam at break — reason: first contact`]);
    assert.match(text, /CONFIDENTIAL — child protection/);
  });

  it('lists every pupil a name matches, leavers too, and opens the one the DSL chooses', async () => {
    await twoConcerns();
    const { cards } = await ask('dsl', 'chronology carter');
    const list = cardText(cards[0]);
    assert.match(list, /Sam Carter \(Samantha\) — 8RB/);
    assert.match(list, /Samuel Carter — 10KP/);
    assert.match(list, /Tom Carter — 9JM — left 2026-07-22/, 'a child who has left still has a record');
    const opened = await h.click('dsl', 'pupil.chronology', { misId: 'MIS2' });
    assert.match(cardText(opened.value), /Chronology: Samuel Carter[\s\S]*1 concern[\s\S]*Part: target/);
    const none = await ask('dsl', 'chronology Nobody-By-That-Name');
    assert.match(none.texts, /No pupil in the school's records matches “Nobody-By-That-Name”/);
    // Typed alone, it opens a finder; what is typed there finds the pupil as the command does.
    const finder = (await ask('dsl', 'chronology')).cards[0];
    assert.match(cardText(finder), /Find a child's chronology/);
    const found = await h.click('dsl', 'pupil.chronology', actionData(finder, 'pupil.chronology'), { pupil_query: "o'brien" });
    assert.match(cardText(found.value), /Chronology: Siobhán O'Brien/);
    const again = await h.click('dsl', 'pupil.chronology', actionData(finder, 'pupil.chronology'), { pupil_query: 'x' });
    assert.match(cardText(again.value), /Type at least two letters/);
  });

  it('never shows a chronology to a reporter or any member of staff outside the DSL team, and names no pupil to them', async () => {
    await twoConcerns();
    const typed = await ask('teacher', 'chronology Sam Carter');
    assert.equal(typed.cards.length, 0);
    assert.match(typed.texts, /Only the school's safeguarding team can open a child's chronology/);
    const forged = await h.click('teacher', 'pupil.chronology', { misId: 'MIS1' });
    assert.match(String(forged.value), /Only the school's safeguarding team/);
    assert.doesNotMatch(JSON.stringify(forged), /Carter|Samantha/);
    const head = await h.click('head', 'pupil.chronology', { misId: 'MIS1' });
    assert.doesNotMatch(JSON.stringify(head), /Carter|Samantha/);
  });

  it("leaves out of the DSL's chronology a concern routed away from them (an allegation about a member of staff)", async () => {
    await reportPupil(h, 'teacher', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' } });
    // "Mrs Vice" is a teacher named among the people involved: the concern goes to the headteacher, not the DSL team.
    await reportPupil(h, 'tara', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' }, adult: { name: 'Mrs Vice', confirm: h.users.vice.email! } });
    const incidents = await h.app.deps.store.incidents.listOpen(5);
    assert.deepEqual(incidents.map((i) => i.route).sort(), ['dsl_team', 'headteacher']);
    const text = cardText((await h.click('dsl', 'pupil.chronology', { misId: 'MIS1' })).value);
    assert.match(text, /1 concern\b/);
    const hidden = incidents.find((i) => i.route === 'headteacher')!;
    assert.doesNotMatch(text, new RegExp(hidden.reference));
  });

  it('opens from a concern: the DSL’s details view has a button to each named pupil’s chronology', async () => {
    await twoConcerns();
    const second = await details(1);
    assert.match(cardText(second), /Chronology: Samuel Carter/);
    const opened = await h.click('dsl', 'pupil.chronology', actionData(second, 'pupil.chronology'));
    assert.match(cardText(opened.value), /^Chronology: /);
    // The reporter's own view of their report never carries a chronology button.
    assert.doesNotMatch(JSON.stringify(h.cardsTo(h.dm('tara'))), /pupil\.chronology/);
  });

  it('pages a long chronology, the earlier entries a button away, re-authorised on every page', async () => {
    await twoConcerns();
    let card = await details(0);
    for (let n = 1; n <= 12; n++) {
      h.clock.advance(MINUTE);
      card = (await h.click('dsl', 'incident.note', actionData(card, 'incident.note'), { note: `Follow-up ${n}` })).value;
    }
    const latest = (await h.click('dsl', 'pupil.chronology', { misId: 'MIS1' })).value;
    assert.match(cardText(latest), /Entries 6–15 of 15 \(oldest first\)/);
    assert.match(cardText(latest), /Follow-up 12/);
    const earlier = (await h.click('dsl', 'pupil.chronology', actionData(latest, 'pupil.chronology'))).value;
    assert.match(cardText(earlier), /Entries 1–5 of 15/);
    assert.match(cardText(earlier), /Reported[\s\S]*Spoke to Sam at break/);
    const refused = await h.click('teacher', 'pupil.chronology', actionData(latest, 'pupil.chronology'));
    assert.doesNotMatch(JSON.stringify(refused), /Follow-up|Carter/);
  });
});

describe('teams: the DSL links a name the reporter typed to a pupil record', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.withPupils();
    // The reporter did not find her and typed a name, with a teacher among the people involved.
    await reportPupil(h, 'teacher', { people: { person1_name: "Shiv O'Brien", person1_group: 'pupil', person1_part: 'target', person2_name: 'Mr Adams', person2_group: 'staff', person2_part: 'witness' } });
    await h.deliver();
  });
  afterEach(async () => h.close());

  const openDetails = async () => (await h.click('dsl', 'incident.view', actionData(h.cardsTo(CHANNEL_ID)[0], 'incident.view'))).value;

  it('offers the typed pupil names (not the member of staff), with likely pupils first, and links one with who and when', async () => {
    const card = await openDetails();
    const rows = inputById(card, 'link_row');
    assert.deepEqual(rows.choices, [{ value: '1', title: "Shiv O'Brien (person 1)" }]);
    const pupil = inputById(card, 'link_pupil');
    assert.deepEqual(pupil['choices.data'], { type: 'Data.Query', dataset: 'pupils.link' });
    assert.deepEqual(pupil.choices, [{ value: 'MIS4', title: "Siobhán O'Brien — 7AB" }]);
    const linked = await h.click('dsl', 'incident.link_pupil', actionData(card, 'incident.link_pupil'), { link_row: '1', link_pupil: 'MIS4' });
    const text = cardText(linked.value);
    assert.match(text, /Linked “Shiv O'Brien” to the pupil record of Siobhán O'Brien/);
    assert.match(text, /“Shiv O'Brien” is\n[^\n]*Siobhán O'Brien, Year 8, 7AB \(MIS id MIS4\) — linked by Dana DSL/);
    assert.match(text, /Linked “Shiv O'Brien” \(person 1\) to the pupil record of Siobhán O'Brien \(MIS id MIS4\)/, 'in the chronology');
    assert.throws(() => inputById(linked.value, 'link_row'), 'nothing left to link');
    const [link] = await h.app.deps.store.pupilLinks.listByPupil('MIS4');
    assert.equal(link!.linkedBy, h.users.dsl.email);
    assert.equal(link!.part, 'target');
    const chronology = cardText((await h.click('dsl', 'pupil.chronology', { misId: 'MIS4' })).value);
    assert.match(chronology, /1 concern[\s\S]*Part: target/);
    // The reporter's words are kept as they wrote them.
    const [incident] = await h.app.deps.store.incidents.listOpen(1);
    assert.equal(incident!.answers.person1_name, "Shiv O'Brien");
  });

  it('searches pupils for the DSL team only', async () => {
    const dsl = await h.search('dsl', "o'bri", { dataset: 'pupils.link' });
    assert.deepEqual((dsl.body.value as { results: unknown[] }).results, [{ value: 'MIS4', title: "Siobhán O'Brien — 7AB" }]);
    const teacher = await h.search('teacher', "o'bri", { dataset: 'pupils.link' });
    assert.equal(teacher.body.statusCode, 403);
    assert.doesNotMatch(JSON.stringify(teacher.body), /Brien/);
  });

  it('refuses a link from someone outside the DSL team, a stale card, a forged pupil and a second link of the same name', async () => {
    const card = await openDetails();
    const refs = actionData(card, 'incident.link_pupil');
    const forged = await h.click('teacher', 'incident.link_pupil', refs, { link_row: '1', link_pupil: 'MIS4' });
    assert.match(String(forged.value), /don't have access/);
    const unknown = await h.click('dsl', 'incident.link_pupil', refs, { link_row: '1', link_pupil: 'MIS999' });
    assert.match(cardText(unknown.value), /Please find the pupil by name or form/);
    const staffRow = await h.click('dsl', 'incident.link_pupil', refs, { link_row: '2', link_pupil: 'MIS4' });
    assert.match(cardText(staffRow.value), /Please choose one of the names not yet linked/);
    await h.click('dsl', 'incident.link_pupil', refs, { link_row: '1', link_pupil: 'MIS4' });
    const again = await h.click('deputy', 'incident.link_pupil', refs, { link_row: '1', link_pupil: 'MIS1' });
    assert.match(cardText(again.value), /out of date/);
    assert.deepEqual((await h.app.deps.store.pupilLinks.listByPupil('MIS1')).length, 0);
    const events = await h.app.deps.store.events.listByIncident(String(refs.incidentId));
    assert.deepEqual(events.filter((e) => e.type === 'pupil_linked').length, 1);
    assert.ok(events.some((e) => e.type === 'unauthorised_attempt' && e.actorEmail === h.users.teacher.email));
  });
});
