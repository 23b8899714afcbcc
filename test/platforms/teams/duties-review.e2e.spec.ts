import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { remindersRun } from '../../helpers/cli';
import { Harness, actionData, cardText, cardsSince, mark } from '../../helpers/bot-harness';

/** The filtering and monitoring review (000 part 4; DfE standards) falls due on 1 December. */
const DUTIES_YAML = `
duties:
  lead_days: [7]
  filtering_review: { next: 2026-12-01 }
`;

const cliRun = (h: Harness, at: string) => remindersRun(h, at);

describe('teams: a review duty is marked done by its owner, with the outcome on the record', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    fs.appendFileSync(path.join(h.dir, 'school.yaml'), DUTIES_YAML);
    await h.restart();
  });
  afterEach(async () => h.close());

  it('reminds the DSL of the filtering review, records what is blocked or allowed and why, and moves the next review a year on', async () => {
    const since = mark(h);
    h.clock.set(new Date('2026-11-24T10:00:00Z'));
    await cliRun(h, '2026-11-24T10:00:00Z');
    const reminder = cardsSince(h, 'dsl', since).find((c) => /Filtering and monitoring review/.test(cardText(c)));
    assert.ok(reminder, 'the DSL is reminded a week before');
    assert.deepEqual(cardsSince(h, 'teacher', since).filter((c) => /Filtering and monitoring review/.test(cardText(c))), [], 'staff are not asked to do the school review');

    const outcome = 'Blocked: gambling and proxy sites. Allowed: YouTube for staff, because lessons use it. Changes risk-assessed with the ICT lead.';
    const data = actionData(reminder, 'duty.complete');
    const teacherTry = await h.click('teacher', 'duty.complete', data, { completedOn: '2026-11-24', notes: 'not mine' });
    assert.doesNotMatch(cardText(teacherTry.value), /Recorded/, 'someone who does not own the review cannot mark it done');

    const bare = await h.click('dsl', 'duty.complete', data, { completedOn: '2026-11-24' });
    assert.match(cardText(bare.value), /Please record the outcome: what is blocked or allowed, and why/, 'DfE standards: the outcome is recorded');
    assert.equal(await h.app.deps.store.completions.latest('filtering_review', null), null);

    const done = await h.click('dsl', 'duty.complete', data, { completedOn: '2026-11-24', notes: outcome });
    assert.match(cardText(done.value), /Recorded: Filtering and monitoring review/);
    const latest = await h.app.deps.store.completions.latest('filtering_review', null);
    assert.equal(latest?.notes, outcome);
    assert.equal(latest?.recordedBy, h.users.dsl.email);

    const before = mark(h);
    await h.say('dsl', 'status');
    const status = cardsSince(h, 'dsl', before).map(cardText).join('\n');
    assert.match(status, /Filtering and monitoring review: due in 365 days/);
  });
});
