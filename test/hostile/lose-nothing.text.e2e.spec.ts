/**
 * Lose nothing: a report holding NUL, lone surrogates and decomposed accents is stored
 * (cleaned) and delivered, on SQLite and, in `npm run test:e2e:postgres`, on PostgreSQL — where NUL
 * in text used to fail the submit, and every retry, for ever.
 */
import assert from 'node:assert/strict';
import { Harness, actionData, cardText } from '../helpers/bot-harness';

const NAME = 'Mr Jose\u0301 Ferna\u0301ndez\u0000\uD83D';
const WHAT = 'He kept Zoe\u0308\u0000\uDE00 back and took photos on his phone.';

describe('hostile: hostile text in a report is stored cleaned and delivered', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('sends a staff concern typed with NUL, lone surrogates and combining accents, and tells the headteacher', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'staff' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'staff_subject' }, { subject_email: 'other', subject_name: NAME });
    await h.click('teacher', 'report.next', { draftId, stepId: 'confirm_subject' }, { subject_confirm: 'someone_else' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'staff_details' }, { what_happened: WHAT, occurred_date: '2026-11-19', how_known: 'seen', child_images: 'no' });
    const done = cardText((await h.click('teacher', 'report.submit', { draftId })).value);
    assert.match(done, /OS-2026-0001/);

    const [incident] = await h.app.deps.store.incidents.listOpen(10);
    assert.equal(incident.subjectName, 'Mr José Fernández');
    assert.equal(incident.answers.what_happened, 'He kept Zoë back and took photos on his phone.');
    await h.deliver();
    const rows = await h.app.deps.store.outbox.listByIncident(incident.id);
    assert.ok(rows.length > 0);
    assert.deepEqual(rows.filter((r) => r.status !== 'sent').map((r) => [r.kind, r.status, r.lastError]), [], 'every notification was delivered');
    assert.ok(h.cardsTo(h.dm('head')).some((c) => /OS-2026-0001/.test(cardText(c))), 'the headteacher has the card');
  });
});
