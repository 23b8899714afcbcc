/**
 * Issue #11 in Teams: the DSL's own list of open concerns — `concerns` in the 1:1 chat — most
 * pressing first (urgent and unacknowledged, then serious, then the rest; oldest first), with its
 * filters (all, mine, unowned, a kind or one of the 4 Cs, a pupil) and pages, authorised on every
 * click; the headteacher sees only the allegations routed to them, and anyone else nothing.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil, type Who } from '../../helpers/bot-harness';
import { inputById } from '../../cards/walk';
import type { NewIncident } from '../../../src/core/ports';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The references of a list card's rows, in the order shown (each row's "Open OS-…" button). */
const rowsOf = (card: unknown): string[] => [...cardText(card).matchAll(/^Open (OS-\d{4}-\d{4})$/gm)].map((m) => m[1]!);
const refOf = (confirmation: string): string => /OS-\d{4}-\d{4}/.exec(confirmation)![0];

describe('teams: the DSL’s list of open concerns', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.withPupils();
  });
  afterEach(async () => h.close());

  /** What a person is answered in their 1:1 chat when they type a message: its cards and its text. */
  async function typed(who: Who, text: string) {
    const cards = h.cardsTo(h.dm(who)).length;
    const texts = h.deliveredTexts(h.dm(who)).length;
    await h.say(who, text);
    return { cards: h.cardsTo(h.dm(who)).slice(cards), texts: h.deliveredTexts(h.dm(who)).slice(texts).join('\n') };
  }
  /** The list the DSL (or anyone) gets for a click on the list's verb with these filters. */
  const list = async (who: Who, data: Record<string, unknown>, inputs: Record<string, unknown> = {}) => (await h.click(who, 'concerns.list', data, inputs)).value;
  /** Clicks a button of the channel card of the concern `ref`. */
  async function onChannelCard(who: Who, ref: string, verb: string) {
    await h.deliver();
    const card = h.cardsTo(CHANNEL_ID).find((c) => cardText(c).includes(ref) && JSON.stringify(c).includes(`"${verb}"`));
    assert.ok(card, `no channel card of ${ref} with ${verb}`);
    return h.click(who, verb, actionData(card, verb), {}, { conversation: CHANNEL_ID });
  }

  it('lists open concerns most pressing first — urgent and unacknowledged, then serious, then the rest, oldest first — with reference, kind, status, age and owner', async () => {
    const bullying = refOf(await reportPupil(h, 'teacher', { what: 'Unkind messages about Sam from Alex in the class chat ${x} <!channel>' }));
    h.clock.advance(HOUR);
    const hate = refOf(await reportPupil(h, 'tara', { kinds: 'hate_crime', what: 'Racist abuse aimed at Jay on a gaming server' }));
    h.clock.advance(HOUR);
    const grooming = refOf(await reportPupil(h, 'teacher', { kinds: 'grooming', what: 'An adult asking Sam to move to a private app' }));
    h.clock.advance(HOUR);
    const danger = refOf(await reportPupil(h, 'tara', { danger: true, what: 'Threats to meet after school today' }));
    h.clock.advance(30 * MINUTE);
    const selfHarm = refOf(await reportPupil(h, 'teacher', { kinds: 'self_harm', what: 'Posts about not wanting to be here' }));
    h.clock.advance(HOUR);
    const fakeNews = refOf(await reportPupil(h, 'tara', { kinds: 'misinformation', what: 'A hoax spreading in Year 8' }));
    await onChannelCard('deputy', grooming, 'incident.ack');
    await onChannelCard('dsl', bullying, 'incident.own');
    h.clock.advance(3 * DAY);

    const { cards } = await typed('dsl', 'concerns');
    assert.equal(cards.length, 1, 'the list is one card');
    const card = cards[0]!;
    assert.deepEqual(rowsOf(card), [danger, selfHarm, hate, grooming, bullying, fakeNews]);
    const text = cardText(card);
    assert.match(text, /^Open concerns$/m);
    assert.match(text, /^6 open concerns$/m);
    assert.match(text, new RegExp(`${danger}\\n {2}· {2}URGENT — not yet acknowledged\\n[^\\n]+\\nNew — not yet acknowledged {2}· {2}Open for 3 days {2}· {2}No owner`));
    assert.match(text, new RegExp(`${grooming}\\n {2}· {2}URGENT\\nConcern about a pupil's safety online — Contact\\nAcknowledged {2}· {2}Open for 3 days`));
    assert.match(text, new RegExp(`${hate}\\n {2}· {2}SERIOUS\\n`));
    assert.match(text, new RegExp(`${bullying}\\nConcern about a pupil's safety online — Conduct\\n[^\\n]+Owner: Dana DSL`));
    // Broad labels only: the list holds nothing a reporter wrote.
    assert.doesNotMatch(JSON.stringify(card), /Unkind messages|Alex|abuse aimed at Jay|private app|hoax spreading|<!channel>|not wanting/);
    // Each row opens the concern's details, authorised as any open is.
    const opened = await h.click('dsl', 'incident.view', actionData(card, 'incident.view'));
    assert.match(cardText(opened.value), /Threats to meet after school today/);
  });

  it('leaves a closed concern out, and counts only what is open', async () => {
    const first = refOf(await reportPupil(h, 'teacher'));
    h.clock.advance(10 * MINUTE);
    const second = refOf(await reportPupil(h, 'tara', { kinds: 'online_gambling', what: 'Loot boxes bought on a parent card' }));
    const details = (await onChannelCard('dsl', first, 'incident.view')).value;
    await h.click('dsl', 'incident.close', actionData(details, 'incident.close'), { outcome: 'Resolved with both families', rationale: 'Messages stopped' }, { conversation: CHANNEL_ID });
    const card = (await typed('dsl', 'concerns')).cards[0];
    assert.deepEqual(rowsOf(card), [second]);
    assert.match(cardText(card), /^1 open concern$/m);
  });

  it('narrows the list to mine, to those with no owner, to a kind or one of the 4 Cs, and to a pupil, and clears the filters', async () => {
    const samBullied = refOf(await reportPupil(h, 'teacher', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' } }));
    h.clock.advance(20 * MINUTE);
    const samuelGroomed = refOf(await reportPupil(h, 'tara', { kinds: 'grooming', people: { person1_pupil: 'MIS2', person1_name: '', person1_part: 'target' } }));
    h.clock.advance(20 * MINUTE);
    const hateSeenBySam = refOf(
      await reportPupil(h, 'teacher', { kinds: 'hate_crime,online_bullying', people: { person1_name: 'Jay (Year 8)', person1_group: 'pupil', person1_part: 'target', person2_pupil: 'MIS1', person2_part: 'witness' } }),
    );
    await onChannelCard('dsl', samBullied, 'incident.own');
    await onChannelCard('deputy', hateSeenBySam, 'incident.own');

    assert.deepEqual(rowsOf((await typed('dsl', 'concerns mine')).cards[0]), [samBullied]);
    assert.deepEqual(rowsOf((await typed('deputy', 'concerns mine')).cards[0]), [hateSeenBySam]);
    const unowned = await list('dsl', { filter: 'unowned' });
    assert.deepEqual(rowsOf(unowned), [samuelGroomed]);
    assert.match(cardText(unowned), /Showing: no owner yet/);
    assert.deepEqual(rowsOf(await list('dsl', {}, { kind: 'contact' })), [samuelGroomed], 'one of the 4 Cs');
    assert.deepEqual(rowsOf(await list('dsl', {}, { kind: 'hate_crime' })), [hateSeenBySam], 'one kind');
    assert.deepEqual(rowsOf(await list('dsl', {}, { kind: 'conduct' })), [hateSeenBySam, samBullied], 'serious first');
    const sam = await list('dsl', { page: 1 }, { filter: 'all', kind: 'any', misId: 'MIS1' });
    assert.deepEqual(rowsOf(sam), [hateSeenBySam, samBullied], 'a target in one, a witness in the other');
    assert.match(cardText(sam), /Showing: Sam Carter \(Samantha\) — 8RB/);
    assert.equal(inputById(sam, 'misId').value, 'MIS1', 'the pupil stays chosen');
    const samMine = await list('dsl', {}, { filter: 'mine', kind: 'conduct', misId: 'MIS1' });
    assert.deepEqual(rowsOf(samMine), [samBullied]);
    assert.match(cardText(samMine), /Showing: owned by me · Conduct · Sam Carter/);
    const none = await list('dsl', {}, { filter: 'unowned', misId: 'MIS3' });
    assert.match(cardText(none), /No open concern matches these filters\./);
    const cleared = await list('dsl', clearData(samMine));
    assert.deepEqual(rowsOf(cleared), [samuelGroomed, hateSeenBySam, samBullied]);
    assert.doesNotMatch(cardText(cleared), /Showing:/);

    // The pupil filter searches pupil records with the DSL's pupil typeahead, and refuses a record that does not exist.
    assert.deepEqual(inputById(sam, 'misId')['choices.data'], { type: 'Data.Query', dataset: 'pupils.link' });
    assert.match(String((await h.click('dsl', 'concerns.list', { misId: 'MIS999' })).value), /That pupil is not in the school’s records/);
    const forgedKind = await h.click('dsl', 'concerns.list', { kind: 'not_a_kind' });
    assert.equal(forgedKind.statusCode, 400);
    assert.match(JSON.stringify(forgedKind), /missing what I need/);
  });

  it('narrows the list to concerns with an overdue task, typed or chosen', async () => {
    const first = refOf(await reportPupil(h, 'teacher'));
    h.clock.advance(20 * MINUTE);
    const second = refOf(await reportPupil(h, 'tara', { kinds: 'grooming' }));
    const [a, b] = await h.app.deps.store.incidents.listOpen(5);
    const task = (incidentId: string, dueAt: Date) => h.app.deps.store.tasks.add({ incidentId, title: 'Phone mum', ownerEmail: h.users.deputy.email!, dueAt, createdBy: h.users.dsl.email!, createdAt: h.clock.now() });
    await task(a!.id, new Date(h.clock.now().getTime() + DAY));
    const late = await task(b!.id, new Date(h.clock.now().getTime() + HOUR));
    h.clock.advance(2 * HOUR);
    assert.deepEqual(rowsOf((await typed('dsl', 'concerns overdue')).cards[0]), [second], 'only the task past its time');
    const chosen = await list('dsl', {}, { filter: 'overdue' });
    assert.deepEqual(rowsOf(chosen), [second]);
    assert.match(cardText(chosen), /Showing: with overdue tasks/);
    await h.app.deps.store.tasks.complete(late.id, h.users.deputy.email!, h.clock.now(), 'Spoke to mum');
    assert.match(cardText(await list('dsl', {}, { filter: 'overdue' })), /No open concern matches these filters\./, 'done is not overdue');
    assert.ok(first);
  });

  it('pages 25 open concerns ten at a time, keeping the filters on every page and re-authorising each', async () => {
    await seed(h, 25);
    const first = (await typed('dsl', 'concerns')).cards[0]!;
    assert.match(cardText(first), /^Concerns 1–10 of 25$/m);
    assert.equal(rowsOf(first).length, 10);
    assert.throws(() => actionData(first, 'incident.earlier'));
    const second = await list('dsl', pageButton(first, 'Next page'));
    assert.match(cardText(second), /^Concerns 11–20 of 25$/m);
    const third = await list('dsl', pageButton(second, 'Next page'));
    assert.match(cardText(third), /^Concerns 21–25 of 25$/m);
    assert.ok(!cardText(third).includes('Next page'), 'the last page has no next page');
    const all = [...rowsOf(first), ...rowsOf(second), ...rowsOf(third)];
    assert.equal(new Set(all).size, 25, 'every concern once');
    // The seeded order: the two urgent unacknowledged ones, then the serious, then the rest; oldest first in each.
    // The allegation routed to the headteacher is open too, but not the DSL team's.
    const open = (await h.app.deps.store.incidents.listOpen(100)).filter((i) => i.route === 'dsl_team');
    assert.equal(open.length, 25);
    const rank = (i: (typeof open)[number]) => (i.urgent && i.status === 'reported' ? 0 : i.serious || i.urgent ? 1 : 2);
    const expected = [...open].sort((a, b) => rank(a) - rank(b) || a.reportedAt.getTime() - b.reportedAt.getTime()).map((i) => i.reference);
    assert.deepEqual(all, expected);
    assert.deepEqual(rowsOf(await list('dsl', pageButton(third, 'Previous page'))), rowsOf(second));

    // Filters carry across pages: the unowned concerns are 15 of the 25, two pages.
    const unowned = await list('dsl', { page: 1 }, { filter: 'unowned', kind: 'any' });
    assert.match(cardText(unowned), /^Concerns 1–10 of 15$/m);
    const unownedNext = await list('dsl', pageButton(unowned, 'Next page'));
    assert.match(cardText(unownedNext), /^Concerns 11–15 of 15$/m);
    assert.match(cardText(unownedNext), /Showing: no owner yet/);
    // A page past the end (concerns closed since) shows the last page there is.
    assert.match(cardText(await list('dsl', { page: 9 })), /^Concerns 21–25 of 25$/m);
    // A page is authorised like the first: nobody outside the team gets one.
    const forged = await h.click('teacher', 'concerns.list', pageButton(first, 'Next page'));
    assert.doesNotMatch(JSON.stringify(forged), /OS-\d{4}-\d{4}/);
  });

  it('tells a member of staff kindly that the list is for the safeguarding team, with no data, typed or forged', async () => {
    const ref = refOf(await reportPupil(h, 'teacher'));
    const answer = await typed('teacher', 'concerns');
    assert.equal(answer.cards.length, 0);
    assert.match(answer.texts, /Only the school's safeguarding team can see the list of open concerns\. To report a concern, type \*\*report\*\*\./);
    assert.doesNotMatch(answer.texts, /OS-|open concern[s]? (is|are)|1 /);
    for (const who of ['teacher', 'tara', 'vice', 'chair'] as Who[]) {
      const forged = await h.click(who, 'concerns.list', { filter: 'all', page: 1 });
      assert.match(String(forged.value), /Only the school's safeguarding team/, who);
      assert.doesNotMatch(JSON.stringify(forged), new RegExp(ref), who);
    }
  });

  it("keeps an allegation routed to the headteacher out of the DSL's list, and shows it to the headteacher alone", async () => {
    const pupilConcern = refOf(await reportPupil(h, 'teacher', { kinds: 'online_bullying' }));
    h.clock.advance(5 * MINUTE);
    // "Mrs Vice" is a teacher named as alleged perpetrator: an allegation, routed to the headteacher, never the DSL team.
    const allegation = refOf(await reportPupil(h, 'tara', { adult: { name: 'Mrs Vice', confirm: h.users.vice.email! }, what: 'Mrs Vice messaged a pupil on Snapchat' }));
    const dsl = (await typed('dsl', 'concerns')).cards[0];
    assert.deepEqual(rowsOf(dsl), [pupilConcern]);
    assert.doesNotMatch(JSON.stringify(dsl), new RegExp(allegation));

    const head = (await typed('head', 'concerns')).cards[0]!;
    assert.match(cardText(head), /^Allegations routed to you$/m);
    assert.deepEqual(rowsOf(head), [allegation]);
    assert.throws(() => inputById(head, 'misId'), 'no pupil filter outside the DSL team');
    // Mrs Vice, the subject, gets nothing, and the OSL (DSL team) does not see the allegation either.
    assert.match((await typed('vice', 'concerns')).texts, /Only the school's safeguarding team/);
    assert.deepEqual(rowsOf((await typed('osl', 'concerns')).cards[0]), [pupilConcern]);
  });
});

/** The data of the paging button with this title. */
function pageButton(card: unknown, title: string): Record<string, unknown> {
  let found: Record<string, unknown> | null = null;
  JSON.stringify(card, (_k, v: unknown) => {
    const o = v as Record<string, unknown> | null;
    if (o && typeof o === 'object' && o.type === 'Action.Execute' && o.title === title) found = o.data as Record<string, unknown>;
    return v;
  });
  if (!found) throw new Error(`no ${title} button`);
  return found;
}
const clearData = (card: unknown) => pageButton(card, 'Clear filters');

/**
 * 25 open concerns as years of real use leave them: mixed kinds and 4 Cs, a few urgent (two still
 * unacknowledged), serious ones, owners here and there, statuses all along the way, and a closed
 * one and an allegation that must not be listed.
 */
async function seed(h: Harness, n: number): Promise<void> {
  const kinds = [['online_bullying'], ['grooming'], ['hate_crime', 'online_bullying'], ['misinformation'], ['online_gambling'], ['sexting'], ['age_inappropriate_sites'], []];
  const statuses = ['reported', 'acknowledged', 'decision_proposed', 'decided'] as const;
  const owners = [null, h.users.dsl.email!, null, null, h.users.deputy.email!, null, h.users.osl.email!];
  const now = h.clock.now().getTime();
  const base = (i: number): NewIncident => {
    const k = kinds[i % kinds.length]!;
    const urgent = i === 3 || i === 11 || i === 20;
    return {
      category: k.length ? 'pupil' : 'other',
      kinds: k,
      urgent,
      serious: urgent || k.some((x) => ['grooming', 'hate_crime', 'sexting'].includes(x)),
      immediateDanger: urgent,
      status: urgent ? (i === 20 ? 'acknowledged' : 'reported') : statuses[i % statuses.length]!,
      reporterEmail: (i % 2 ? h.users.teacher : h.users.tara).email!,
      reporterPlatform: 'teams',
      subjectEmail: null,
      subjectName: null,
      route: 'dsl_team',
      ownerEmail: owners[i % owners.length] ?? null,
      answers: { what_happened: `Concern ${i}: ${'${'}secret} <!channel> **bold**` },
      occurredAt: '2026-11-01',
      // Out of order on purpose: the list, not the insertion order, decides.
      reportedAt: new Date(now - ((i * 7919) % 97) * HOUR - i * MINUTE),
      acknowledgedAt: null,
      closedAt: null,
      outcome: null,
      pageLevel: urgent ? 1 : 0,
      nextPageAt: null,
    };
  };
  for (let i = 0; i < n; i++) await h.app.deps.store.incidents.create(base(i), 'OS', 2026);
  await h.app.deps.store.incidents.create({ ...base(0), status: 'closed', closedAt: h.clock.now(), outcome: 'Resolved' }, 'OS', 2026);
  await h.app.deps.store.incidents.create({ ...base(1), route: 'headteacher', category: 'staff', subjectEmail: h.users.vice.email!, subjectName: 'Val Vice' }, 'OS', 2026);
}
