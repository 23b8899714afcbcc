import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { remindersRun } from '../helpers/cli';
import { Harness, actionData, cardText, cardsSince, mark } from '../helpers/bot-harness';
import { formOf } from '../../src/actions/registry';
import { captureLog, rowCounts } from './helpers';

const DUTIES_YAML = `
duties:
  new_staff_grace_days: 0   # reminders from the day first seen, so the snooze form is on the card
  aua: { version: "2026-1", file: aua.md, effective_from: 2026-09-01 }
`;

async function withDuties(h: Harness): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('roles: [online_safety_lead]', 'roles: [online_safety_lead, ict_lead]') + DUTIES_YAML);
  fs.writeFileSync(path.join(h.dir, 'aua.md'), '# Staff AUA\n\nI will use school systems professionally.\n');
  await h.restart();
}

const SECRET_URL = 'https://www.example.org/zebracorn-volcanoes';
const SECRET_REASON = 'Quillon geography lesson';

describe('hostile: refusals reveal nothing (duties and filtering)', function () {
  let h: Harness;
  beforeEach(async () => {
    const cap = captureLog();
    h = await Harness.start({}, { log: cap.log });
    (h as unknown as { cap: typeof cap }).cap = cap;
    await h.everyoneSaysHello();
    await withDuties(h);
  });
  afterEach(async () => h.close());

  it('tells someone who may not approve, refuse or confirm a filtering request only "you don\'t have access", and changes nothing', async () => {
    await remindersRun(h, '2026-11-23T10:00:00Z');
    await h.say('teacher', 'unblock');
    const form = h.cardsTo(h.dm('teacher')).at(-1);
    await h.click('teacher', 'filter.request', actionData(form, 'filter.request'), { url: SECRET_URL, reason: SECRET_REASON, fromDate: '2026-11-24', untilDate: '2026-11-25' });
    const since = mark(h);
    await h.deliver();
    const ask = cardsSince(h, 'head', since)[0];
    const ref = actionData(ask, 'filter.approve');
    const before = await rowCounts(h.app.deps.store);
    for (const [who, verb] of [['tara', 'filter.approve'], ['tara', 'filter.refuse'], ['teacher', 'filter.approve'], ['tara', 'filter.confirm'], ['vice', 'filter.confirm']] as const) {
      const r = await h.click(who, verb, ref, { note: 'let me in' });
      assert.equal(r.type, 'application/vnd.microsoft.activity.message', `${who} ${verb} got a card`);
      assert.match(String(r.value), /you don't have access/);
      assert.ok(!JSON.stringify(r).includes('zebracorn') && !JSON.stringify(r).includes('Quillon'), `${who} ${verb} saw the details`);
    }
    assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
    // Slack opens the approve form in a modal, re-rendered for the person: a stranger's modal holds nothing.
    const modal = await formOf('filter.approve')!({ deps: h.app.deps, person: h.app.deps.school.person(String(h.users.tara.email)), platformUserId: h.users.tara.id }, ref);
    assert.ok('card' in modal, 'the modal shows a card');
    assert.match(cardText(modal.card), /you don't have access/);
    assert.doesNotMatch(JSON.stringify(modal), /zebracorn|Quillon/);
    // The headteacher still can.
    const ok = await h.click('head', 'filter.approve', ref, { note: 'Educational' });
    assert.match(cardText(ok.value), /Approved and logged/);
  });

  it('tells someone who snoozes or completes another person\'s reminder only "you don\'t have access", and changes nothing', async () => {
    const since = mark(h);
    await remindersRun(h, '2026-11-23T10:00:00Z');
    const mine = cardsSince(h, 'teacher', since).find((c) => /training/i.test(cardText(c)));
    assert.ok(mine);
    const ref = actionData(mine, 'duty.snooze');
    const before = await rowCounts(h.app.deps.store);
    const snooze = await h.click('tara', 'duty.snooze', ref, { snoozeReason: 'busy', snoozeUntil: '2026-11-30' });
    const complete = await h.click('tara', 'duty.complete', ref, { completedOn: '2026-11-20' });
    for (const r of [snooze, complete]) {
      assert.equal(r.type, 'application/vnd.microsoft.activity.message');
      assert.match(String(r.value), /you don't have access/);
      assert.doesNotMatch(JSON.stringify(r), /Tom Teacher|tom|teacher@/i);
    }
    const modal = await formOf('duty.snooze')!({ deps: h.app.deps, person: h.app.deps.school.person(String(h.users.tara.email)), platformUserId: h.users.tara.id }, ref);
    assert.ok('card' in modal, 'the modal shows a card');
    assert.match(cardText(modal.card), /you don't have access/);
    assert.deepEqual(await rowCounts(h.app.deps.store), before, 'no row changed');
    (h as unknown as { cap: ReturnType<typeof captureLog> }).cap.assertOnlyCodes([String(h.users.teacher.email), 'zebracorn']);
  });
});
