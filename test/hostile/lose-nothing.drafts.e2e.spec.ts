/**
 * Lose nothing, in the wizard: two "report" messages or /report commands at once open
 * one draft and one wizard; Cancel after sending says it was sent, with its reference; another
 * person's draft id changes nothing and says so. Teams and Slack, over HTTP, on SQLite and (in
 * `npm run test:e2e:postgres`) PostgreSQL.
 */
import assert from 'node:assert/strict';
import { Harness, actionData, cardText, CHANNEL_ID } from '../helpers/bot-harness';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, submitStep } from '../helpers/slack-harness';
import type { CoreDeps } from '../../src/core/deps';
import type { TypeOrmStore } from '../../src/store';

type Obj = Record<string, unknown>;

/** Every draft row, whatever its status (the repository only shows open ones by reporter). */
async function allDrafts(deps: CoreDeps): Promise<{ id: string; status: string }[]> {
  return (deps.store as TypeOrmStore)['dataSource'].query('SELECT id, status FROM drafts');
}

const PUPIL_STEPS: [string, Obj][] = [
  ['category', { category: 'pupil' }],
  ['danger', { immediate_danger: 'no' }],
  ['pupil_when_where', { occurred_date: '2026-11-20', location: 'online_home' }],
  ['pupil_people', { person1_name: 'Sam (Year 5)', person1_group: 'pupil', person1_part: 'target' }],
  ['pupil_kinds', { kinds: 'online_bullying' }],
  ['pupil_details', { what_happened: 'Sam was sent unkind messages.', how_known: 'told' }],
];

describe('hostile: one draft and the truth about it, on Teams', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  async function sendReport(): Promise<string> {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    for (const [stepId, inputs] of PUPIL_STEPS) await h.click('teacher', 'report.next', { draftId, stepId }, inputs);
    assert.match(cardText((await h.click('teacher', 'report.submit', { draftId })).value), /OS-2026-0001/);
    return String(draftId);
  }

  it('opens one draft and one wizard when "report" arrives twice at the same moment', async () => {
    const before = h.cardsTo(h.dm('teacher')).length;
    const answers = await Promise.all([h.say('teacher', 'report'), h.say('teacher', 'report'), h.say('teacher', 'report')]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    const cards = h.cardsTo(h.dm('teacher')).slice(before);
    assert.equal(cards.length, 3, 'every message is answered with the wizard');
    assert.equal(new Set(cards.map((c) => actionData(c, 'report.next').draftId)).size, 1, 'all show the same draft');
    assert.deepEqual((await allDrafts(h.app.deps)).map((d) => d.status), ['open']);
    assert.doesNotMatch(h.deliveredTexts(h.dm('teacher')).join('\n'), /something went wrong/i);
  });

  it('answers Cancel on the review card after sending with "already sent" and the reference, and the report still goes', async () => {
    const draftId = await sendReport();
    const answer = await h.click('teacher', 'report.cancel', { draftId });
    const text = cardText(answer.value);
    assert.match(text, /already sent: OS-2026-0001/);
    assert.doesNotMatch(text, /Nothing was sent|Report cancelled/);
    const [incident] = await h.app.deps.store.incidents.listOpen(10);
    assert.equal(incident.reference, 'OS-2026-0001');
    await h.deliver();
    assert.equal(h.fake.cardsIn(CHANNEL_ID).length, 1, 'the DSL team still gets it');
    // Any other stale button of the sent draft shows the confirmation, not a new wizard.
    assert.match(cardText((await h.click('teacher', 'report.back', { draftId })).value), /OS-2026-0001/);
  });

  it('changes nothing and says so when someone else clicks Cancel with my draft id', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' });
    const answer = await h.click('tara', 'report.cancel', { draftId }, {}, { conversation: h.dm('tara') });
    assert.match(JSON.stringify(answer), /not one of yours, so nothing was changed/);
    const draft = await h.app.deps.store.drafts.get(String(draftId));
    assert.equal(draft?.status, 'open');
    assert.equal(draft?.answers.category, 'pupil');
  });
});

describe('hostile: one draft and the truth about it, on Slack', function () {
  this.timeout(30_000);
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  it('opens one draft when /report is typed twice at once, and no modal is left on "Opening…"', async () => {
    const answers = await Promise.all([h.slash('teacher'), h.slash('teacher')]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200]);
    assert.equal(h.fake.of('views.open').length, 2);
    const updates = h.fake.of('views.update');
    assert.equal(new Set(updates.map((u) => u.args.view_id)).size, 2, 'both modals were updated from "Opening…"');
    for (const u of updates) assert.match(blockText(u.args.view), /What is your concern about\?/);
    const drafts = new Set(updates.map((u) => JSON.stringify(JSON.parse(String((u.args.view as Obj).private_metadata)).d)));
    assert.equal(drafts.size, 1, 'both modals are the same draft');
    assert.deepEqual((await allDrafts(h.app.deps)).map((d) => d.status), ['open']);
  });

  it('answers Cancel on a stale review modal after sending with "already sent" and the reference', async () => {
    await h.slash('teacher');
    let view = h.lastView();
    for (const [, values] of PUPIL_STEPS) view = await submitStep(h, 'teacher', view, values);
    const review = view;
    assert.match(blockText(await submitStep(h, 'teacher', review, {})), /OS-2026-0001/);
    await h.clickInView('teacher', review, buttonIn(review, 'report.cancel'));
    const text = blockText(h.lastView());
    assert.match(text, /already sent: OS-2026-0001/);
    assert.doesNotMatch(text, /Nothing was sent/);
    await h.deliver();
    assert.equal(h.posts(SLACK_CHANNEL).length, 1);
  });
});
