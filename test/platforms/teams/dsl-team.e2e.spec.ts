import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, cardsSince, mark, reportPupil, type Who } from '../../helpers/bot-harness';

describe('teams: the DSL team works a concern from the channel card', function () {
  let h: Harness;
  let channelCard: Record<string, unknown>;
  let thread: { conversation: string; replyToId: string };

  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await reportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex.' });
    await h.deliver();
    const post = h.fake.sent.find((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create' && c.status < 300)!;
    channelCard = (post.activity as { activity?: { attachments: { content: Record<string, unknown> }[] } }).activity?.attachments[0].content ?? (h.fake.cardsIn(CHANNEL_ID)[0] as Record<string, unknown>);
    const threadId = String((post.response as { id: string }).id);
    thread = { conversation: threadId, replyToId: threadId.split('messageid=')[1] ?? 'x' };
  });
  afterEach(async () => h.close());

  const clickOnChannel = (who: Who, verb: string, data: Record<string, unknown>, inputs: Record<string, unknown> = {}) => h.click(who, verb, data, inputs, thread);
  const channelUpdates = () => h.fake.sent.filter((c) => c.kind === 'update' && c.conversationId?.startsWith(CHANNEL_ID) && c.status < 300);

  it('lets a DSL open the details, which only they see, while the channel card holds none', async () => {
    assert.doesNotMatch(JSON.stringify(channelCard), /unkind messages|Alex/);
    const details = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    assert.match(cardText(details.value), /unkind messages by Alex/);
    const refresh = (details.value as { refresh?: { userIds?: string[] } }).refresh;
    assert.deepEqual(refresh?.userIds, [h.users.dsl.id]);
  });

  it('updates the channel card in place for everyone when a DSL takes ownership', async () => {
    const answer = await clickOnChannel('dsl', 'incident.own', actionData(channelCard, 'incident.own'));
    assert.match(cardText(answer.value), /own this concern/);
    await h.deliver();
    const updates = channelUpdates();
    assert.equal(updates.length, 1);
    const updated = cardText((updates[0].activity as { attachments: { content: unknown }[] }).attachments[0].content);
    assert.match(updated, /Dana DSL/);
    assert.match(updated, /Acknowledged/);
  });

  it('refuses a click from someone outside the DSL team, changes nothing, and records the attempt', async () => {
    const answer = await clickOnChannel('tara', 'incident.own', actionData(channelCard, 'incident.own'));
    assert.equal(answer.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(answer.value), /don't have access.*Nothing was changed/s);
    const peek = await clickOnChannel('tara', 'incident.view', actionData(channelCard, 'incident.view'));
    assert.doesNotMatch(JSON.stringify(peek), /unkind messages/);
    await h.deliver();
    assert.equal(channelUpdates().length, 0);
    const details = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    assert.match(cardText(details.value), /without access tried to take ownership/);
    assert.match(cardText(details.value), /New — not yet acknowledged/);
  });

  it('refuses a stale card with "this card is out of date" and shows the current one', async () => {
    await clickOnChannel('dsl', 'incident.own', actionData(channelCard, 'incident.own'));
    const stale = await clickOnChannel('deputy', 'incident.note', actionData(channelCard, 'incident.own'), { note: 'Spoke to Sam', rationale: 'first contact' });
    assert.match(cardText(stale.value), /out of date/);
    assert.match(cardText(stale.value), /Dana DSL/);
    assert.equal(actionData(stale.value, 'incident.note').version, 2);
    const fresh = await clickOnChannel('deputy', 'incident.note', actionData(stale.value, 'incident.note'), { note: 'Spoke to Sam', rationale: 'first contact' });
    assert.match(cardText(fresh.value), /Note: Spoke to Sam/);
  });

  it('records a note once when Teams retries the same click', async () => {
    const details = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    const data = actionData(details.value, 'incident.note');
    for (let i = 0; i < 2; i++) await h.click('dsl', 'incident.note', data, { note: 'Called the parent', rationale: 'inform family' }, { ...thread, id: 'retried-click-1' });
    const after = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    assert.equal(cardText(after.value).match(/Note: Called the parent/g)?.length, 1);
  });

  it('makes an online safety lead’s proposal wait for a DSL or deputy to approve it', async () => {
    const details = await clickOnChannel('osl', 'incident.view', actionData(channelCard, 'incident.view'));
    const proposed = await clickOnChannel('osl', 'incident.propose', actionData(details.value, 'incident.propose'), { decision: 'early_help', rationale: 'Family asked for support' });
    assert.match(cardText(proposed.value), /Proposed: Early help/);
    assert.throws(() => actionData(proposed.value, 'incident.approve'), 'the online safety lead gets no approve button');
    assert.throws(() => actionData(proposed.value, 'incident.propose'), 'one proposal at a time');
    const sneaky = await clickOnChannel('osl', 'incident.approve', actionData(proposed.value, 'incident.note'), { rationale: 'self-approve' });
    assert.match(String(sneaky.value), /don't have access/);
    await h.deliver();
    assert.match(cardText((channelUpdates().at(-1)!.activity as { attachments: { content: unknown }[] }).attachments[0].content), /awaiting approval/);

    const dslView = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    const approved = await clickOnChannel('dsl', 'incident.approve', actionData(dslView.value, 'incident.approve'), { rationale: 'Agreed' });
    assert.match(cardText(approved.value), /Approved: Early help/);
    assert.match(cardText(approved.value), /Decided/);
  });

  it('asks the reporter for more information in their chat and files the answer on the concern', async () => {
    const since = mark(h);
    const details = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    await clickOnChannel('dsl', 'incident.ask', actionData(details.value, 'incident.ask'), { question: 'Which group chat was it?' });
    await h.deliver();
    const ask = cardsSince(h, 'teacher', since).at(-1);
    assert.match(cardText(ask), /Which group chat was it\?/);
    const answered = await h.click('teacher', 'info.answer', actionData(ask, 'info.answer'), { answer: 'The Year 5 football chat' });
    assert.match(cardText(answered.value), /filed on OS-2026-0001/);
    const again = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    assert.match(cardText(again.value), /The Year 5 football chat/);
    const intruder = await h.click('tara', 'info.answer', actionData(ask, 'info.answer'), { answer: 'hijack' });
    assert.match(String(intruder.value), /don't have access/);
  });

  it('closes with an outcome and rationale and tells the reporter, in broad terms', async () => {
    const since = mark(h);
    const details = await clickOnChannel('dsl', 'incident.view', actionData(channelCard, 'incident.view'));
    const missing = await clickOnChannel('dsl', 'incident.close', actionData(details.value, 'incident.close'), { outcome: 'Resolved with both families' });
    assert.match(cardText(missing.value), /reason/i, 'a rationale is required');
    const closed = await clickOnChannel('dsl', 'incident.close', actionData(details.value, 'incident.close'), { outcome: 'Resolved with both families', rationale: 'Bullying stopped; parents informed' });
    assert.match(cardText(closed.value), /Closed/);
    await h.deliver();
    const toReporter = cardsSince(h, 'teacher', since);
    assert.equal(toReporter.length, 1);
    assert.match(cardText(toReporter[0]), /OS-2026-0001 is closed/);
  });
});
