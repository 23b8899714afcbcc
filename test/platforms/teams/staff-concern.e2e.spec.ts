import assert from 'node:assert/strict';
import { Harness, actionData, cardText, cardsSince, mark, reportStaff } from '../../helpers/bot-harness';

describe('teams: the headteacher works a concern about staff in their 1:1 chat', function () {
  let h: Harness;
  let card: unknown;
  let since: number;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    await h.deliver(); // the reporter's one follow-up: "The headteacher has your report", told only once it is delivered
    since = mark(h);
    card = cardsSince(h, 'head', 0).at(-1);
  });
  afterEach(async () => h.close());

  it('acknowledges, records the LADO consultation and an action, and closes with an outcome, all on the record', async () => {
    const ack = await h.click('head', 'incident.ack', actionData(card, 'incident.ack'));
    assert.match(cardText(ack.value), /Acknowledged/);
    const details = await h.click('head', 'incident.view', actionData(card, 'incident.view'));
    assert.match(cardText(details.value), /personal phone/);
    const lado = await h.click('head', 'incident.lado', actionData(details.value, 'incident.lado'), { note: 'Spoke to the LADO; advice: manage under the staff code of conduct' });
    assert.match(cardText(lado.value), /LADO consulted: Spoke to the LADO/);
    const decided = await h.click('head', 'incident.decide', actionData(lado.value, 'incident.decide'), { decision: 'lado', rationale: 'LADO advice followed' });
    assert.match(cardText(decided.value), /Decided: Refer to the LADO/);
    const closed = await h.click('head', 'incident.close', actionData(decided.value, 'incident.close'), { outcome: 'Dealt with under the staff code of conduct', rationale: 'LADO advice' });
    assert.match(cardText(closed.value), /Closed/);
    await h.deliver();
    const toReporter = cardsSince(h, 'teacher', since);
    assert.equal(toReporter.length, 1);
    assert.match(cardText(toReporter[0]), /OS-2026-0001 is closed/);
    // The head's own notification card was updated in place.
    assert.ok(h.fake.sent.some((c) => c.kind === 'update' && c.conversationId === h.dm('head') && c.status < 300));
    assert.deepEqual(cardsSince(h, 'tara', 0).filter((c) => /OS-2026/.test(JSON.stringify(c))), []);
  });

  it('gives the DSL team no way into a concern about staff', async () => {
    for (const who of ['dsl', 'deputy', 'osl'] as const) {
      const answer = await h.click(who, 'incident.view', actionData(card, 'incident.view'));
      assert.match(String(answer.value), /don't have access/);
    }
  });

  it('does not offer the headteacher an approval step: they decide directly', async () => {
    const details = await h.click('head', 'incident.view', actionData(card, 'incident.view'));
    assert.throws(() => actionData(details.value, 'incident.propose'));
    assert.ok(actionData(details.value, 'incident.decide'));
  });
});
