/**
 * Issue #8: a reply within a person's own turn answers within Teams' 15 s budget even when the
 * connector hangs; the reply is not lost: the outbox delivers it later, exactly once.
 */
import assert from 'node:assert/strict';
import { Harness, actionData, cardText } from '../../helpers/bot-harness';
import { DELIVERY } from '../../helpers/fake-teams-connector';
import { TEAM_ID } from '../../helpers/bot-harness';
import { dumpDatabase } from '../../helpers/db-dump';

const DEADLINE_MS = 600;
const TIMEOUT_MS = 1000;

describe('teams: a hanging connector never holds a person’s turn past the reply deadline', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ TEAMS_REPLY_DEADLINE_MS: String(DEADLINE_MS), OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS) });
    await h.say('teacher', 'hello');
  });
  afterEach(async () => h.close());

  const timed = async <T>(fn: () => Promise<T>) => {
    const t0 = Date.now();
    const value = await fn();
    return { value, ms: Date.now() - t0 };
  };
  const wizardCards = () => h.cardsTo(h.dm('teacher')).filter((c) => /report\.next/.test(JSON.stringify(c)));
  /** Every reply.late row (claiming them: only for a test that expects none). */
  const lateRows = async () => (await h.app.deps.store.outbox.claimDue(new Date(8.64e15), 'peek', 1, 100)).filter((r) => r.kind === 'reply.late');
  /** The abandoned in-turn call has given up (the client's own timeout, retries included). */
  const settle = () => new Promise((r) => setTimeout(r, 4 * TIMEOUT_MS + 500));

  it('answers "report" within the deadline while the reply hangs, then delivers the wizard card once, later', async () => {
    const stop = h.fake.hang({ kind: DELIVERY, conversationId: h.dm('teacher') });
    const { value: res, ms } = await timed(() => h.say('teacher', 'report'));
    assert.equal(res.status, 200);
    assert.ok(ms < DEADLINE_MS + 1500, `answered in ${ms} ms`);
    assert.ok(h.fake.hung().length >= 1, 'the reply really was held by the connector');
    assert.equal(wizardCards().length, 0, 'not delivered yet');
    await h.deliver();
    assert.equal(wizardCards().length, 0, 'the outbox waits until the abandoned call has settled');
    await settle();
    stop();
    h.clock.advance(2 * TIMEOUT_MS + 1);
    await h.deliver();
    await h.deliver();
    const cards = wizardCards();
    assert.equal(cards.length, 1, 'the reply reached the person exactly once');
    assert.match(cardText(cards[0]), /What is your concern about|concern/i);
    const dump = await dumpDatabase(h.app.deps.store);
    assert.ok(dump.includes('reply.late'), 'the late reply went through the outbox');
    assert.ok(!dump.includes('report.next'), 'once delivered, the outbox keeps nothing of the reply itself');
  });

  it('keeps a late reply across a crash: the restarted server delivers it', async () => {
    const since = h.fake.sent.length;
    const stop = h.fake.hang({ kind: DELIVERY, conversationId: h.dm('teacher') });
    await h.say('teacher', 'help');
    await settle();
    stop();
    await h.restart();
    h.clock.advance(2 * TIMEOUT_MS + 1);
    await h.deliver();
    const texts = h.fake.messagesTo(h.dm('teacher')).filter((c) => h.fake.sent.indexOf(c) >= since).map((c) => h.fake.textOf(c)).filter((t) => /I record online-safety/.test(t));
    assert.equal(texts.length, 1);
  });

  it('sends the later replies of a late turn after the first, in order', async () => {
    await h.say('teacher', 'report');
    const stop = h.fake.hang({ kind: DELIVERY, conversationId: h.dm('teacher') });
    // "report" again: "You have a report in progress…" then the card: two replies.
    await h.say('teacher', 'report');
    await settle();
    stop();
    h.clock.advance(2 * TIMEOUT_MS + 1);
    await h.deliver();
    const after = h.fake.messagesTo(h.dm('teacher')).slice(-2).map((c) => (adaptive(c) ? 'card' : h.fake.textOf(c)));
    assert.match(after[0], /You have a report in progress/);
    assert.equal(after[1], 'card');
  });

  it('answers a card action (Action.Execute) with a 200 invoke response in time while the connector hangs', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(wizardCards().at(-1), 'report.next');
    const stop = h.fake.hang({ conversationId: h.dm('teacher') });
    const { value: body, ms } = await timed(() => h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' }));
    stop();
    assert.ok(ms < DEADLINE_MS + 1500, `answered in ${ms} ms`);
    assert.equal(body.statusCode, 200);
    assert.match(cardText(body.value), /immediate danger/i);
  });

  it('answers "report" in a channel within the deadline while opening the 1:1 chat hangs, then opens it with one wizard card, later', async () => {
    const stop = h.fake.hang({ kind: 'create' });
    const since = h.fake.sent.length;
    // Only calls after the mention: the 1:1 chat (made once more by the outbox) and its messages.
    const privateCards = () => h.fake.messagesTo(h.dm('teacher')).filter((c) => h.fake.sent.indexOf(c) >= since && adaptive(c) && /report\.next/.test(JSON.stringify(c.activity)));
    const { value: res, ms } = await timed(() => h.mentionInChannel('teacher', 'report'));
    assert.equal(res.status, 200);
    assert.ok(ms < DEADLINE_MS + 1500, `answered in ${ms} ms`);
    assert.ok(h.fake.hung().some((c) => c.kind === 'create'), 'opening the chat really was held by the connector');
    assert.equal(privateCards().length, 0, 'not delivered yet');
    const channelSays = () => h.fake.messagesTo(TEAM_ID).filter((c) => h.fake.sent.indexOf(c) >= since).map((c) => h.fake.textOf(c));
    stop();
    await settle();
    h.clock.advance(2 * TIMEOUT_MS + 1);
    await h.deliver();
    await h.deliver();
    assert.equal(privateCards().length, 1, 'the wizard card reached the 1:1 chat exactly once');
    assert.match(JSON.stringify(privateCards()[0].activity), /What is your concern about/);
    assert.deepEqual(channelSays(), ["I've sent you a private message."]);
    // The chat is kept: the next message in it continues the same report.
    await h.say('teacher', 'report');
    assert.match(h.fake.textOf(h.fake.messagesTo(h.dm('teacher')).at(-2)!), /You have a report in progress/);
  });

  it('sends a reply that arrives in time straight away, with nothing left in the outbox', async () => {
    await h.say('teacher', 'report');
    assert.equal(wizardCards().length, 1);
    assert.deepEqual(await lateRows(), []);
  });

  function adaptive(c: { activity?: { attachments?: { contentType?: string }[] } }): boolean {
    return (c.activity?.attachments ?? []).some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  }
});
