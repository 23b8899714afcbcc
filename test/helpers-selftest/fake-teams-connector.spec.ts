// Self-test of the fake Teams connector against botbuilder's real client stack: CloudAdapter
// with no MicrosoftAppId (unauthenticated local traffic), ConnectorClient, TeamsInfo. It also
// pins down how connector errors reach the caller (see "error shapes" below).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import {
  type Activity,
  type ConversationReference,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import { DELIVERY, FakeTeamsConnector, TeamsErrors } from '../helpers/fake-teams-connector';
import {
  BOT,
  TENANT_ID,
  cardAction,
  channelMention,
  conversationUpdate,
  installationUpdate,
  personalConversationId,
  personalMessage,
  postActivity,
  teamsUser,
} from '../helpers/teams-activities';

// Shape of what botbuilder's connector client throws (a RestError from @azure/core-rest-pipeline).
interface ConnectorError extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { status: number; headers: { get(name: string): string | undefined }; bodyAsText?: string };
}

const alice = teamsUser('alice', { name: 'Alice Smith' });
const bob = teamsUser('bob');
const team = { teamId: '19:staffroom@thread.tacv2', channelId: '19:safeguarding@thread.tacv2' };

function newAdapter(): CloudAdapter {
  // No MicrosoftAppId: the adapter accepts unauthenticated traffic and sends without a token.
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
}

function referenceFor(fake: FakeTeamsConnector, user = alice): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: fake.url,
    conversation: { id: personalConversationId(user.id), conversationType: 'personal', tenantId: TENANT_ID, isGroup: false, name: '' },
    user: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    bot: { ...BOT },
  };
}

async function sendProactive(adapter: CloudAdapter, reference: Partial<ConversationReference>, text: string): Promise<void> {
  await adapter.continueConversationAsync('', reference, async (ctx) => {
    await ctx.sendActivity(text);
  });
}

async function caught(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    return err as ConnectorError;
  }
  throw new Error('expected the call to fail');
}

async function startBot(adapter: CloudAdapter, handler: TeamsActivityHandler): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(express.json());
  app.post('/api/messages', (req, res) => adapter.process(req, res, (ctx) => handler.run(ctx)));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('fake Teams connector', () => {
  let fake: FakeTeamsConnector;
  let adapter: CloudAdapter;

  beforeEach(async () => {
    fake = await FakeTeamsConnector.start();
    fake.addUser(alice);
    fake.addUser({ ...bob, memberOf: [team.teamId] });
    adapter = newAdapter();
  });

  afterEach(async () => {
    await fake.close();
  });

  describe('proactive sends through CloudAdapter', () => {
    it('records a message sent with continueConversationAsync as a reply to the random id of the continuation activity', async () => {
      await sendProactive(adapter, referenceFor(fake), 'A concern needs your attention');

      const [message] = fake.messagesTo(personalConversationId(alice.id));
      // TurnContext replies to the activity it runs on, and CloudAdapter gives a continuation a uuid.
      assert.equal(message.kind, 'reply');
      assert.equal(message.method, 'POST');
      assert.match(message.replyToId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(message.path, `/v3/conversations/${personalConversationId(alice.id)}/activities/${message.replyToId}`);
      assert.equal(fake.textOf(message), 'A concern needs your attention');
      assert.match(message.activityId ?? '', /^\d+$/);
      assert.equal(message.headers.authorization, undefined, 'no app id, so no bearer token');
      assert.deepEqual(fake.unexpected(), []);
    });

    it('creates a 1:1 conversation for createConversationAsync and remembers it for the user', async () => {
      let createdId: string | undefined;
      await adapter.createConversationAsync('', 'msteams', fake.url, '', {
        isGroup: false,
        bot: { ...BOT },
        members: [{ id: alice.id, name: alice.name }],
        tenantId: TENANT_ID,
        channelData: { tenant: { id: TENANT_ID } },
      }, async (ctx) => {
        createdId = ctx.activity.conversation.id;
        await ctx.sendActivity('Hello from the safeguarding bot');
      });

      assert.equal(createdId, personalConversationId(alice.id));
      assert.equal(fake.conversationFor(alice.id), createdId);
      // The send replies to the createConversation event, whose id is the new conversation's id.
      assert.deepEqual(fake.sent.map((c) => c.kind), ['create', 'reply']);
      assert.equal(fake.sent[1].replyToId, createdId);
      assert.equal(fake.sent[0].userId, alice.id);
      assert.equal(fake.textOf(fake.messagesTo(createdId)[0]), 'Hello from the safeguarding bot');
    });

    it('starts a channel thread for createConversationAsync with a channel and an initial message', async () => {
      await adapter.createConversationAsync('', 'msteams', fake.url, '', {
        isGroup: true,
        bot: { ...BOT },
        tenantId: TENANT_ID,
        channelData: { channel: { id: team.channelId } },
        activity: MessageFactory.text('A concern was raised') as Activity,
      }, async () => undefined);

      const [post] = fake.messagesTo(team.channelId);
      assert.equal(post.kind, 'create');
      assert.equal(post.conversationId, `${team.channelId};messageid=${post.activityId}`);
      assert.equal(fake.textOf(post), 'A concern was raised');
    });

    it('records replies, updates and deletes, and shows the card an activity carries now', async () => {
      const card = (text: string) => CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });
      await adapter.continueConversationAsync('', referenceFor(fake), async (ctx) => {
        const sent = await ctx.sendActivity(MessageFactory.attachment(card('Concern #1: new')));
        const id = sent?.id ?? '';
        await ctx.updateActivity({ ...MessageFactory.attachment(card('Concern #1: acknowledged')), id });
        await ctx.deleteActivity(id);
      });

      const conversationId = personalConversationId(alice.id);
      assert.deepEqual(fake.sent.map((c) => c.kind), ['reply', 'update', 'delete']);
      const [reply] = fake.sent;
      assert.deepEqual(fake.cardsIn(conversationId).map((c) => c.body[0].text), ['Concern #1: new']);
      assert.equal(fake.updates(conversationId, reply.activityId ?? '').length, 1);
      assert.equal(fake.currentCard(conversationId, reply.activityId ?? '').body[0].text, 'Concern #1: acknowledged');
      assert.equal(fake.sent[2].activityId, reply.activityId);
    });

    it('answers an update of an activity it never sent with 404 ActivityNotFoundInConversation', async () => {
      const err = await caught(adapter.continueConversationAsync('', referenceFor(fake), async (ctx) => {
        await ctx.updateActivity({ ...MessageFactory.text('edited'), id: '999' });
      }));
      assert.equal(err.statusCode, 404);
      assert.equal(err.code, 'ActivityNotFoundInConversation');
    });
  });

  describe('members', () => {
    it("answers TeamsInfo.getMember in a personal chat with the user's email and UPN", async () => {
      let member: Awaited<ReturnType<typeof TeamsInfo.getMember>> | undefined;
      await adapter.continueConversationAsync('', referenceFor(fake), async (ctx) => {
        member = await TeamsInfo.getMember(ctx, alice.id);
      });

      assert.equal(member?.email, 'alice@school.example');
      assert.equal(member?.userPrincipalName, 'alice@school.example');
      assert.equal(member?.aadObjectId, alice.aadObjectId);
      assert.equal(member?.givenName, 'Alice');
      assert.equal(member?.tenantId, TENANT_ID);
      assert.equal(fake.sent[0].path, `/v3/conversations/${personalConversationId(alice.id)}/members/${alice.id}`);
      assert.equal(fake.sent[0].kind, 'member');
    });

    it('answers an unknown member with 404 MemberNotFoundInConversation', async () => {
      const err = await caught(adapter.continueConversationAsync('', referenceFor(fake), async (ctx) => {
        await TeamsInfo.getMember(ctx, '29:1nobody');
      }));
      assert.equal(err.statusCode, 404);
      assert.equal(err.code, 'MemberNotFoundInConversation');
      assert.equal(err.message, 'Member not found in conversation.');
      assert.equal(fake.sent[0].status, 404);
    });

    it('looks members up by team id when TeamsInfo runs on a channel message, and pages the team roster', async () => {
      const looked: { email?: string; roster: string[] } = { roster: [] };
      const handler = new (class extends TeamsActivityHandler {
        constructor() {
          super();
          this.onMessage(async (ctx, next) => {
            looked.email = (await TeamsInfo.getMember(ctx, bob.id)).email;
            let token: string | undefined;
            do {
              const page = await TeamsInfo.getPagedTeamMembers(ctx, undefined, 1, token);
              looked.roster.push(...page.members.map((m) => m.id));
              token = page.continuationToken;
            } while (token);
            await ctx.sendActivity('Report started');
            await next();
          });
        }
      })();
      const bot = await startBot(adapter, handler);
      try {
        const res = await postActivity(bot.url, channelMention({ serviceUrl: fake.url, user: bob, ...team, text: 'report' }));
        assert.equal(res.status, 200);
      } finally {
        await bot.close();
      }

      assert.equal(looked.email, 'bob@school.example');
      assert.deepEqual(looked.roster.sort(), [alice.id, bob.id].sort());
      assert.equal(fake.sent[0].path, `/v3/conversations/${team.teamId}/members/${bob.id}`);
      assert.equal(fake.sent[1].path, `/v3/conversations/${team.teamId}/pagedmembers`);
      assert.equal(fake.sent[1].query.pageSize, '1');
      const [reply] = fake.messagesTo(team.channelId);
      assert.equal(reply.kind, 'reply');
      assert.equal(fake.textOf(reply), 'Report started');
    });
  });

  describe('error shapes reaching the caller', () => {
    it('delivers a 429 without Retry-After as a RestError with statusCode, code and the response', async () => {
      fake.failNext({ kind: DELIVERY, userId: alice.id }, TeamsErrors.throttled());

      const err = await caught(sendProactive(adapter, referenceFor(fake), 'hello'));

      assert.equal(err.name, 'RestError');
      assert.equal(err.statusCode, 429);
      assert.equal(err.code, 'Throttled');
      assert.equal(err.message, 'Too many requests.');
      assert.equal(err.response?.status, 429);
      assert.equal(fake.sent.length, 1, 'no Retry-After, so the client does not retry');
      assert.equal(fake.sent[0].status, 429);
      assert.equal(fake.sent[0].scripted, true);
    });

    it('exposes Retry-After on err.response.headers once the client has used up its own three retries', async () => {
      fake.failNext({ kind: DELIVERY }, TeamsErrors.throttled(0), 4);

      const err = await caught(sendProactive(adapter, referenceFor(fake), 'hello'));

      assert.equal(err.statusCode, 429);
      assert.equal(err.response?.headers.get('retry-after'), '0');
      assert.equal(err.response?.headers.get('Retry-After'), '0', 'header names are case-insensitive');
      assert.deepEqual(fake.sent.map((c) => c.status), [429, 429, 429, 429]);
    });

    it('lets the connector client retry a 429 carrying Retry-After by itself, so the sender sees success', async () => {
      fake.failNext({ kind: DELIVERY }, TeamsErrors.throttled(0));

      await sendProactive(adapter, referenceFor(fake), 'hello');

      assert.deepEqual(fake.sent.map((c) => c.status), [429, 201]);
      assert.equal(fake.messagesTo(personalConversationId(alice.id)).length, 1);
    });

    it('lets the connector client retry a 502 with backoff by itself', async () => {
      fake.failNext({ kind: DELIVERY }, TeamsErrors.serviceError(502));

      await sendProactive(adapter, referenceFor(fake), 'hello');

      assert.deepEqual(fake.sent.map((c) => c.status), [502, 201]);
    });

    it('delivers a 403 ConversationBlockedByUser at once, with its Teams code and message', async () => {
      fake.failNext({ userId: alice.id }, TeamsErrors.conversationBlockedByUser(), Infinity);

      const err = await caught(sendProactive(adapter, referenceFor(fake), 'hello'));

      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'ConversationBlockedByUser');
      assert.equal(err.message, 'User blocked the conversation with the bot.');
      // The parsed error body is on err.details (and err.response.parsedBody); err.body no longer exists.
      assert.deepEqual(err.details, { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } });
      assert.equal((err as { body?: unknown }).body, undefined);
      assert.equal(fake.sent.length, 1);
      assert.deepEqual(fake.messagesTo(personalConversationId(alice.id)), []);
    });

    it('fails createConversationAsync for a scripted user and records the failed call', async () => {
      fake.failNext({ kind: 'create', userId: alice.id }, TeamsErrors.notInstalled());

      const err = await caught(adapter.createConversationAsync('', 'msteams', fake.url, '', {
        isGroup: false, bot: { ...BOT }, members: [{ id: alice.id, name: alice.name }], tenantId: TENANT_ID, channelData: {},
      }, async () => undefined));

      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'ForbiddenOperationException');
      assert.equal(fake.conversationFor(alice.id), undefined);
      assert.equal(fake.sent[0].kind, 'create');
      assert.equal(fake.sent[0].status, 403);
    });
  });

  describe('activities from Teams', () => {
    it('builds an adaptiveCard/action invoke whose verb and merged inputs the bot receives, and returns its invoke answer', async () => {
      let received: AdaptiveCardInvokeValue | undefined;
      const handler = new (class extends TeamsActivityHandler {
        protected override async onAdaptiveCardInvoke(_ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
          received = value;
          return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Thanks' as unknown as Record<string, unknown> };
        }
      })();
      const bot = await startBot(adapter, handler);
      try {
        const res = await postActivity(bot.url, cardAction({
          serviceUrl: fake.url,
          user: alice,
          conversation: personalConversationId(alice.id),
          verb: 'incident.acknowledge',
          data: { incidentId: 'inc-1', version: 3 },
          inputs: { note: 'Seen' },
          replyToId: '1700000000001',
        }));
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Thanks' });
      } finally {
        await bot.close();
      }

      assert.equal(received?.action.verb, 'incident.acknowledge');
      assert.deepEqual(received?.action.data, { incidentId: 'inc-1', version: 3, note: 'Seen' });
    });

    it('builds a personal message that gives the bot a conversation reference pointing at the fake', async () => {
      let reference: Partial<ConversationReference> | undefined;
      const handler = new (class extends TeamsActivityHandler {
        constructor() {
          super();
          this.onMessage(async (ctx, next) => {
            reference = TurnContext.getConversationReference(ctx.activity as Activity);
            await next();
          });
        }
      })();
      const bot = await startBot(adapter, handler);
      try {
        await postActivity(bot.url, personalMessage({ serviceUrl: fake.url, user: alice, text: 'I want to report something' }));
      } finally {
        await bot.close();
      }

      assert.equal(reference?.serviceUrl, fake.url);
      assert.equal(reference?.conversation?.id, personalConversationId(alice.id));
      assert.equal(reference?.user?.aadObjectId, alice.aadObjectId);
    });
  });

  describe('installation and roster events', () => {
    it('builds installationUpdate and teamMemberAdded events a TeamsActivityHandler reads the team from, fetching the added member', async () => {
      const seen: { installedIn?: string; teamId?: string; added?: Array<{ id: string; email?: string }> } = {};
      const handler = new (class extends TeamsActivityHandler {
        constructor() {
          super();
          this.onInstallationUpdateAdd(async (ctx, next) => {
            seen.installedIn = ctx.activity.conversation.id;
            await next();
          });
          this.onTeamsMembersAddedEvent(async (members, teamInfo, _ctx, next) => {
            seen.teamId = teamInfo.id;
            seen.added = members.map((m) => ({ id: m.id, email: m.email }));
            await next();
          });
        }
      })();
      const bot = await startBot(adapter, handler);
      try {
        await postActivity(bot.url, installationUpdate({ serviceUrl: fake.url, user: bob, team: { ...team, teamName: 'Staff room' } }));
        await postActivity(bot.url, conversationUpdate({
          serviceUrl: fake.url, user: bob, team, membersAdded: [{ id: bob.id, aadObjectId: bob.aadObjectId }],
        }));
      } finally {
        await bot.close();
      }

      assert.equal(seen.installedIn, team.channelId);
      assert.equal(seen.teamId, team.teamId);
      // TeamsActivityHandler completes a bare added member with TeamsInfo.getMember, in the team.
      assert.deepEqual(seen.added, [{ id: bob.id, email: 'bob@school.example' }]);
      assert.deepEqual(fake.sent.map((c) => c.path), [`/v3/conversations/${team.teamId}/members/${bob.id}`]);
    });
  });

  describe('faults after and before accepting', () => {
    const conv = () => personalConversationId(alice.id);
    const post = () => fetch(`${fake.url}v3/conversations/${encodeURIComponent(conv())}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hello' }) });

    it('takes a message and then answers 500 when scripted to accept then fail: the message counts as delivered', async () => {
      fake.failNext({ kind: 'send' }, TeamsErrors.acceptedThen500());
      assert.equal((await post()).status, 500);
      assert.equal(fake.messagesTo(conv()).length, 1);
      assert.equal(fake.sent[0].accepted, true);
    });

    it('drops the connection before taking the message on a reset, and after taking it on accept-then-reset', async () => {
      fake.failNext({ kind: 'send' }, TeamsErrors.connectionReset());
      await assert.rejects(post());
      assert.equal(fake.messagesTo(conv()).length, 0);
      fake.failNext({ kind: 'send' }, TeamsErrors.acceptedThenReset());
      await assert.rejects(post());
      assert.equal(fake.messagesTo(conv()).length, 1);
    });
  });

  describe('test conveniences', () => {
    it('answers an unknown path with 404 and records it as other', async () => {
      const res = await fetch(`${fake.url}v3/teams/${encodeURIComponent(team.teamId)}`);
      assert.equal(res.status, 404);
      assert.equal(fake.unexpected()[0].path, `/v3/teams/${team.teamId}`);
    });

    it('rejects a call without an Authorization header when requireAuth is set', async () => {
      fake.requireAuth = true;
      const err = await caught(sendProactive(adapter, referenceFor(fake), 'hello'));
      assert.equal(err.statusCode, 401);
    });

    it('waits for a call to arrive, and on timeout names the calls it saw', async () => {
      const later = setTimeout(() => void sendProactive(adapter, referenceFor(fake), 'later'), 30);
      await fake.waitFor((calls) => calls.some((c) => c.kind === 'reply'), 2000);
      clearTimeout(later);

      await assert.rejects(fake.waitFor((calls) => calls.length > 5, 50), /not met within 50 ms[\s\S]*#1 POST \/v3\/conversations\/a:1on1-29:1alice\/activities\/\S+ \[reply\].*201 "later"/);
    });
  });
});
