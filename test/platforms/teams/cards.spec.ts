import assert from 'node:assert/strict';
import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type ConversationReference } from 'botbuilder';
import { CARD_TOO_LARGE, renderReview, TRUNCATION_MARKER, type AdaptiveCard } from '../../../src/cards';
import { cardActivity, invokeCard, TEAMS_ACTIVITY_BUDGET, TEAMS_MESSAGE_LIMIT } from '../../../src/platforms/teams/cards';
import { FakeTeamsConnector, TEAMS_MESSAGE_BYTES } from '../../helpers/fake-teams-connector';
import { TENANT_ID, personalConversationId, teamsUser } from '../../helpers/teams-activities';

const alice = teamsUser('alice', { name: 'Alice Smith' });
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

/** A review card of the longest answers the wizard takes, in every field, in one script. */
function review(answer: string): AdaptiveCard {
  return renderReview({
    draftId: '00000000-0000-4000-8000-000000000001',
    banners: [],
    routeText: 'the safeguarding team',
    sections: ['What happened', 'Who is involved', 'What you did'].map((title, i) => ({
      stepId: `s${i}`,
      title,
      facts: [{ title: 'Describe it', value: answer }, { title: 'Anything else', value: answer }],
    })),
  });
}

const MAX_ANSWERS: Record<string, string> = {
  ASCII: 'x'.repeat(4000),
  CJK: '学生说信息是九月开始的'.repeat(400).slice(0, 2000),
  emoji: '😀👍🏽👩‍👩‍👧‍👦'.repeat(150),
};

describe('teams: cards within the message size limit', () => {
  let fake: FakeTeamsConnector;
  let adapter: CloudAdapter;
  const reference = (): Partial<ConversationReference> => ({
    channelId: 'msteams',
    serviceUrl: fake.url,
    conversation: { id: personalConversationId(alice.id), conversationType: 'personal', tenantId: TENANT_ID, isGroup: false, name: '' },
    user: { id: alice.id, name: alice.name },
    bot: { id: '28:bot', name: 'Safeguard' },
  });
  const send = (activity: unknown) => adapter.continueConversationAsync('', reference(), async (ctx) => void (await ctx.sendActivity(activity as never)));

  beforeEach(async () => {
    fake = await FakeTeamsConnector.start();
    fake.addUser(alice);
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  });

  afterEach(() => fake.close());

  it('uses the same limit as the fake connector, with room left for the envelope', () => {
    assert.equal(TEAMS_MESSAGE_LIMIT, TEAMS_MESSAGE_BYTES);
    assert.ok(TEAMS_ACTIVITY_BUDGET <= TEAMS_MESSAGE_LIMIT - 1024);
  });

  it('is refused with 413 by the connector when a card over 28 KB is sent as it is', async () => {
    const raw = MessageFactory.attachment(CardFactory.adaptiveCard(review(MAX_ANSWERS.CJK)));
    assert.ok(bytes(raw) > TEAMS_MESSAGE_BYTES);
    await assert.rejects(send(raw), (err: { statusCode?: number }) => err.statusCode === 413);
    assert.deepEqual(fake.messagesTo(personalConversationId(alice.id)), []);
  });

  for (const [script, answer] of Object.entries(MAX_ANSWERS)) {
    it(`delivers a review of maximum-length ${script} answers, each cut with the marker, within the limit`, async () => {
      await send(cardActivity(review(answer)));
      const [call] = fake.messagesTo(personalConversationId(alice.id));
      assert.ok(call, 'the message was delivered');
      assert.ok((call.bytes ?? Infinity) <= TEAMS_MESSAGE_BYTES, `${call.bytes} bytes on the wire`);
      const text = fake.textOf(call);
      assert.ok(text.includes(TRUNCATION_MARKER), 'the reader is told the rest is in the record');
      assert.ok(text.includes('Describe it'), 'the card is still the review');
      assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(text), 'no emoji was split');
    });
  }

  it('sends a card that fits exactly as rendered', async () => {
    const card = review('The pupil showed me the messages at break.');
    await send(cardActivity(card));
    const [sent] = fake.cardsIn(personalConversationId(alice.id));
    assert.deepEqual(sent, card);
  });

  it('sends the CARD_TOO_LARGE notice, repeating nothing, for a card that cannot be cut to fit', async () => {
    const body = Array.from({ length: 600 }, (_, i) => ({ type: 'TextBlock', text: `Private detail ${i} of the concern` }));
    await send(cardActivity({ ...review('x'), body } as AdaptiveCard));
    const [call] = fake.messagesTo(personalConversationId(alice.id));
    const text = fake.textOf(call);
    assert.ok(text.includes(CARD_TOO_LARGE));
    assert.equal(text.includes('Private detail'), false);
  });

  it('bounds the card of an invoke answer the same way', () => {
    const card = invokeCard(review(MAX_ANSWERS.CJK));
    assert.ok(bytes({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card }) <= TEAMS_ACTIVITY_BUDGET);
    assert.ok(JSON.stringify(card).includes(TRUNCATION_MARKER));
  });
});
