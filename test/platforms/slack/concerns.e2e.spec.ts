/**
 * Issue #11 on Slack: the DSL's own list of open concerns — `/safeguard concerns` in a modal, and the
 * first page on the App Home tab with its filters — most pressing first, filtered and paged in
 * place, authorised on every click; anyone outside the DSL team sees what they saw before.
 */
import assert from 'node:assert/strict';
import { SlackHarness, blockText, buttonIn, slackReportPupil, stateFor, type Who } from '../../helpers/slack-harness';
import { PICKER_PUPILS } from '../../helpers/mis-files';
import type { NewIncident } from '../../../src/core/ports';

type Obj = Record<string, unknown>;
const HOUR = 3600_000;

/** The references of a list's rows, in the order shown (each row's "Open OS-…" button). */
const rowsOf = (view: unknown): string[] => [...blockText(view).matchAll(/^Open (OS-\d{4}-\d{4})$/gm)].map((m) => m[1]!);
const refOf = (text: string): string => /OS-\d{4}-\d{4}/.exec(text)![0];

/** The button whose label is `title`. */
function buttonTitled(view: Obj, title: string): Obj {
  for (const b of (view.blocks as Obj[]) ?? []) {
    const found = ((b.elements as Obj[] | undefined) ?? []).find((e) => e.type === 'button' && (e.text as Obj).text === title);
    if (found) return found;
  }
  throw new Error(`no "${title}" button in ${blockText(view).slice(0, 300)}`);
}

describe('slack: the DSL’s list of open concerns', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await h.app.deps.store.pupils.applyImport('mis-1', 'oneroster-1.1', PICKER_PUPILS, '2026-11-20', h.clock.now());
  });
  afterEach(async () => h.close());

  /** What `/safeguard concerns …` shows the person: the modal's final view, and every Web API call it made. */
  async function typed(who: Who, text = 'concerns') {
    const m = h.fake.mark();
    await h.slash(who, '/safeguard', undefined, text);
    return { view: h.lastView(), calls: h.fake.since(m) };
  }
  /** The Home tab as published for the person when they open it. */
  async function home(who: Who): Promise<Obj> {
    await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}-${h.fake.mark()}`);
    const call = h.fake.of('views.publish').at(-1)!;
    assert.equal(call.args.user_id, h.ids[who]);
    return call.args.view as Obj;
  }
  /** Clicks a button on the Home tab with its inputs as typed: the answer opens in a modal. */
  async function clickOnHome(who: Who, view: Obj, button: Obj, values: Obj = {}): Promise<Obj> {
    const m = h.fake.mark();
    await h.interact({
      type: 'block_actions',
      user: { id: h.ids[who], team_id: 'T1' },
      team: { id: 'T1' },
      trigger_id: `trig-home-${m}`,
      container: { type: 'view', view_id: 'VHOME' },
      view: { ...view, id: 'VHOME', type: 'home', state: { values: stateFor(view, values) } },
      actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '1' }],
    });
    const opened = h.fake.since(m).find((c) => c.method === 'views.open');
    assert.ok(opened, 'a click on the Home tab opens a modal');
    return { ...(opened.args.view as Obj), id: `V-${opened.seq}` };
  }

  it('opens the list in a modal, most pressing first, and pages and filters it in place', async () => {
    const bullying = refOf(await slackReportPupil(h, 'teacher', { what: 'Unkind messages from Alex <!channel> *bold*' }));
    h.clock.advance(HOUR);
    const stalking = refOf(await slackReportPupil(h, 'tara', { kinds: 'harassment_stalking' }));
    h.clock.advance(HOUR);
    const urgent = refOf(await slackReportPupil(h, 'teacher', { danger: true }));
    await seed(h, 22);
    h.clock.advance(2 * 24 * HOUR);

    const { view, calls } = await typed('dsl');
    assert.ok(calls.some((c) => c.method === 'views.open'), 'the modal opens at once, as its trigger lives 3 s');
    assert.equal(view.title && (view.title as Obj).text, 'Open concerns');
    const text = blockText(view);
    assert.match(text, /^Concerns 1–10 of 25$/m);
    assert.equal(rowsOf(view)[0], urgent, 'urgent and unacknowledged first');
    assert.match(text, new RegExp(`${urgent} {2}· {2}URGENT — not yet acknowledged\\n`));
    assert.match(text, /Open for 2 days {2}· {2}No owner/);
    assert.doesNotMatch(JSON.stringify(view), /Unkind|Alex|<!channel>/);

    // Next page replaces the modal; its data carries the filters, so what is typed but not applied does not leak in.
    let m = h.fake.mark();
    await h.clickInView('dsl', view, buttonTitled(view, 'Next page'), { filter: 'mine' });
    const second = h.fake.since(m).find((c) => c.method === 'views.update');
    assert.ok(second, 'the page replaces the modal');
    assert.match(blockText(second.args.view), /^Concerns 11–20 of 25$/m);
    m = h.fake.mark();
    await h.clickInView('dsl', { ...(second.args.view as Obj), id: 'V-2' }, buttonTitled(second.args.view as Obj, 'Next page'));
    const third = h.fake.since(m).find((c) => c.method === 'views.update')!;
    assert.match(blockText(third.args.view), /^Concerns 21–25 of 25$/m);
    const all = [...rowsOf(view), ...rowsOf(second.args.view), ...rowsOf(third.args.view)];
    assert.equal(new Set(all).size, 25);
    assert.ok(all.indexOf(stalking) < all.indexOf(bullying), 'serious before the rest');

    // "Show concerns" is the modal's submit: the answer replaces the modal with the filtered list.
    const answer = await h.submit('dsl', view, { filter: 'unowned', kind: 'harassment_stalking' });
    const filtered = (answer.body as { view?: Obj }).view!;
    assert.deepEqual(rowsOf(filtered), [stalking]);
    assert.match(blockText(filtered), /Showing: no owner yet · Harassment or stalking/);
  });

  it('tells a member of staff kindly that the list is for the safeguarding team, showing no concern', async () => {
    const ref = refOf(await slackReportPupil(h, 'teacher'));
    const { view, calls } = await typed('teacher');
    assert.match(blockText(view), /Only the school's safeguarding team can see the list of open concerns\. To report a concern, type \/report\./);
    assert.doesNotMatch(JSON.stringify(calls.map((c) => c.args)), new RegExp(ref));
    // A forged click from a modal gets the same sentence, and nothing of the list.
    const m = h.fake.mark();
    await h.clickInView('tara', { id: 'V-forged', blocks: [] }, { action_id: 'concerns.list', value: JSON.stringify({ filter: 'all', page: 2 }) });
    const shown = JSON.stringify(h.fake.since(m).map((c) => c.args));
    assert.match(shown, /Only the school's safeguarding team/);
    assert.doesNotMatch(shown, new RegExp(ref));
  });

  describe('App Home', () => {
    it('shows the DSL team the first page of the list with its filters, and leaves out an allegation routed to the headteacher and a closed concern', async () => {
      const pupilConcern = refOf(await slackReportPupil(h, 'teacher', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' } }));
      h.clock.advance(HOUR);
      const allegation = refOf(await slackReportPupil(h, 'tara', { adult: { name: 'Mrs Vice', confirm: h.email('vice') } }));
      const closed = await h.app.deps.store.incidents.create({ ...incident(h, 0), status: 'closed', closedAt: h.clock.now(), outcome: 'Resolved' }, 'OS', 2026);
      h.clock.advance(3 * HOUR);

      const view = await home('dsl');
      const text = blockText(view);
      assert.match(text, /^Open concerns$/m);
      assert.deepEqual(rowsOf(view), [pupilConcern]);
      assert.match(text, /Open for 4 hours {2}· {2}No owner/);
      assert.doesNotMatch(text, new RegExp(`${allegation}|${closed.reference}`));
      assert.match(text, /Your reports/, 'the DSL still sees their own reports below');
      const inputs = (view.blocks as Obj[]).filter((b) => b.type === 'input').map((b) => b.block_id);
      assert.deepEqual(inputs, ['filter', 'kind', 'misId']);

      // The pupil filter's typeahead searches pupil records for the DSL team only.
      const options = (body: unknown) => ((body as { options?: { value: string }[] }).options ?? []).map((o) => o.value);
      assert.deepEqual(options((await h.suggest('dsl', { ...view, id: 'VHOME' }, 'misId', 'carter')).body).sort(), ['MIS1', 'MIS2', 'MIS3']);
      assert.deepEqual(options((await h.suggest('teacher', { ...view, id: 'VHOME' }, 'misId', 'carter')).body), []);

      // Filters chosen on the Home tab open the filtered list in a modal.
      const bySam = await clickOnHome('dsl', view, buttonIn(view, 'concerns.list'), { misId: 'MIS1' });
      assert.deepEqual(rowsOf(bySam), [pupilConcern]);
      assert.match(blockText(bySam), /Showing: Sam Carter \(Samantha\) — 8RB/);
      const bySamuel = await clickOnHome('dsl', view, buttonIn(view, 'concerns.list'), { misId: 'MIS2' });
      assert.match(blockText(bySamuel), /No open concern matches these filters\./);

      // The headteacher's Home tab is as it was: their own reports only, no list.
      const head = blockText(await home('head'));
      assert.doesNotMatch(head, /Open concerns|Allegations routed to you/);
      assert.doesNotMatch(head, new RegExp(`${allegation}|${pupilConcern}`));
      // …but /safeguard concerns shows the headteacher the allegation routed to them, and only that.
      const { view: headList } = await typed('head');
      assert.match(blockText(headList), /Allegations routed to you/);
      assert.deepEqual(rowsOf(headList), [allegation]);
    });

    it('pages 25 concerns from the Home tab into a modal, and opens a concern’s details from a row', async () => {
      await seed(h, 25);
      const view = await home('dsl');
      assert.match(blockText(view), /^Concerns 1–10 of 25$/m);
      assert.equal(rowsOf(view).length, 10);
      const page2 = await clickOnHome('dsl', view, buttonTitled(view, 'Next page'));
      assert.match(blockText(page2), /^Concerns 11–20 of 25$/m);
      const details = await clickOnHome('dsl', view, buttonIn(view, 'incident.view'));
      assert.match(blockText(details), /Concern \d+: \$\{secret\} <!channel>/, 'the details, in a modal, for the DSL (literal text)');
      assert.ok((view.blocks as Obj[]).length <= 100, 'within the Home tab’s 100 blocks');
    });

    it('shows a member of staff their own reports and no list, as before', async () => {
      await seed(h, 3);
      const ref = refOf(await slackReportPupil(h, 'teacher'));
      const text = blockText(await home('teacher'));
      assert.doesNotMatch(text, /Open concerns/);
      assert.match(text, new RegExp(`${ref} {2}· {2}New`));
      assert.deepEqual(rowsOf(text), []);
      assert.doesNotMatch(text, /OS-2026-0001\b/, "Tara's report is not the teacher's");
    });
  });
});

/** A concern as years of use leave them: kinds, owners and statuses varied, details that must never show on a list. */
function incident(h: SlackHarness, i: number): NewIncident {
  const kinds = [['online_bullying'], ['grooming'], ['hate_crime', 'online_bullying'], ['misinformation'], ['online_gambling'], []][i % 6]!;
  return {
    category: kinds.length ? 'pupil' : 'other',
    kinds,
    urgent: false,
    serious: kinds.includes('grooming') || kinds.includes('hate_crime'),
    immediateDanger: false,
    status: (['reported', 'acknowledged', 'decided'] as const)[i % 3]!,
    reporterEmail: h.email(i % 2 ? 'teacher' : 'tara'),
    reporterPlatform: 'slack',
    subjectEmail: null,
    subjectName: null,
    route: 'dsl_team',
    ownerEmail: i % 4 === 1 ? h.email('deputy') : null,
    answers: { what_happened: `Concern ${i}: ${'${'}secret} <!channel>` },
    occurredAt: '2026-11-01',
    reportedAt: new Date(h.clock.now().getTime() - ((i * 37) % 50) * HOUR),
    acknowledgedAt: null,
    closedAt: null,
    outcome: null,
    pageLevel: 0,
    nextPageAt: null,
  };
}

async function seed(h: SlackHarness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await h.app.deps.store.incidents.create(incident(h, i), 'OS', 2026);
}
