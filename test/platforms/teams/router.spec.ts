import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ActivityTypes, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { TeamsRouter, type MessageTurn, type Turn } from '../../../src/platforms/teams/router';
import type { Actor } from '../../../src/platforms/teams/identity';
import { commandNamed } from '../../../src/actions/commands';
import { Harness, TEAM_ID, mark } from '../../helpers/bot-harness';
import { channelMention, postActivity } from '../../helpers/teams-activities';

const ACTOR: Actor = { person: { email: 'tom@school.example', name: 'Tom', roles: ['staff'], known: true }, reporter: { platform: 'teams', platformUserId: '29:tom', email: 'tom@school.example' } };

/** A context for `activity`, as the adapter would hand the router one. */
const contextFor = (activity: Partial<Activity>) =>
  new TurnContext(new TestAdapter(), { channelId: 'msteams', from: { id: '29:tom', name: 'Tom' }, recipient: { id: '28:bot', name: 'Safeguard' }, conversation: { id: 'a:1', conversationType: 'personal' }, ...activity } as Activity);

describe('teams: the turn router', () => {
  it('resolves the person who sent the activity once, however often a handler asks', async () => {
    const resolve = sinon.spy(async () => ACTOR);
    const seen: (Actor | null)[] = [];
    const router = new TeamsRouter(resolve).invoke('adaptiveCard/action', async (turn: Turn) => {
      seen.push(await turn.actor(), await turn.actor());
      seen.push(await turn.actor());
    });
    await router.route(contextFor({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action' }));
    assert.equal(resolve.callCount, 1);
    assert.deepEqual(seen, [ACTOR, ACTOR, ACTOR]);
  });

  it('resolves the actor afresh on each turn, and not at all for a turn that never asks', async () => {
    const resolve = sinon.spy(async () => null);
    const router = new TeamsRouter(resolve).message(async (turn) => void (await turn.actor())).update(async () => undefined);
    await router.route(contextFor({ type: ActivityTypes.Message, text: 'hello' }));
    await router.route(contextFor({ type: ActivityTypes.Message, text: 'hello again' }));
    await router.route(contextFor({ type: ActivityTypes.ConversationUpdate }));
    assert.equal(resolve.callCount, 2);
  });

  it('hands a message its command from the table, with the mention of the bot removed', async () => {
    const got: MessageTurn['command'][] = [];
    const router = new TeamsRouter(async () => ACTOR).message(async (turn) => void got.push(turn.command));
    const mentioned = { type: ActivityTypes.Message, text: '<at>Safeguard</at> status', entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'Safeguard' }, text: '<at>Safeguard</at>' }] };
    await router.route(contextFor(mentioned));
    await router.route(contextFor({ type: ActivityTypes.Message, text: 'what is this?' }));
    assert.deepEqual(got, [commandNamed('status'), null]);
  });

  it('runs the invoke handler registered under the invoke\'s name, and nothing for another name', async () => {
    const ran: string[] = [];
    const router = new TeamsRouter(async () => ACTOR)
      .invoke('adaptiveCard/action', async () => void ran.push('action'))
      .invoke('application/search', async () => void ran.push('search'));
    await router.route(contextFor({ type: ActivityTypes.Invoke, name: 'application/search' }));
    await router.route(contextFor({ type: ActivityTypes.Invoke, name: 'composeExtension/query' }));
    await router.route(contextFor({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action' }));
    assert.deepEqual(ran, ['search', 'action']);
  });

  describe('in the running bot', function () {
    let h: Harness;
    before(async () => {
      h = await Harness.start();
    });
    after(async () => h.close());
    afterEach(() => sinon.restore());

    it('reads the identity of someone who shares a file in a channel once, though the turn both records it and moves them to a 1:1 chat', async () => {
      await h.mentionInChannel('tara', 'help'); // known from now on, so the count is of reads, not of first meetings
      const reads = sinon.spy(h.app.deps.store.identities, 'findByPlatformId');
      const since = mark(h);
      const post = channelMention({ serviceUrl: h.fake.url, user: h.users.tara, teamId: TEAM_ID, channelId: TEAM_ID, text: 'look at this' });
      await postActivity(h.app.url, { ...post, attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/a.png', name: 'a.png' }] as never });
      assert.deepEqual(h.fake.messagesTo(TEAM_ID).filter((c) => c.seq > since).map((c) => h.fake.textOf(c)), ["I've sent you a private message."]);
      assert.equal(reads.getCalls().filter((c) => c.args[0] === 'teams' && c.args[1] === h.users.tara.id).length, 1);
    });
  });
});
