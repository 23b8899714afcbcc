// Builders of Bot Framework activities shaped the way Microsoft Teams posts them to a bot's
// /api/messages endpoint, plus postActivity() to deliver one over HTTP. The shapes follow
// botframework-schema's Activity / TeamsChannelData and payloads captured from Teams: wire
// JSON, so timestamps are ISO strings and Teams-only fields (teamsChannelId…) are present.
import type { Attachment, Entity } from 'botbuilder';

/** The tenant every builder uses unless told otherwise. */
export const TENANT_ID = '7e1d5a3c-0000-4000-8000-5afe9a4d0001';

/** The bot as Teams addresses it: `28:<Microsoft App ID>`. */
export const BOT: Readonly<{ id: string; name: string }> = { id: '28:bot-id', name: 'Safeguard' };

/** A Teams user: `id` is the Bot Framework id (29:…), `aadObjectId` the Entra object id. */
export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  upn?: string;
}

/** An account on the wire (botbuilder's ChannelAccount, where Teams often omits `name`). */
export interface WireAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

/** A conversation as it appears in `activity.conversation`. */
export interface TeamsConversation {
  id: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  isGroup?: boolean;
  tenantId: string;
  name?: string;
}

/** Wire JSON of an activity (botbuilder's Activity with string timestamps, all parts optional). */
export interface TeamsWireActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp?: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: WireAccount;
  recipient: WireAccount;
  conversation: TeamsConversation;
  channelData: Record<string, unknown>;
  locale?: string;
  text?: string;
  textFormat?: string;
  attachments?: Attachment[];
  entities?: Entity[];
  replyToId?: string;
  name?: string;
  value?: unknown;
  action?: string;
  membersAdded?: WireAccount[];
  membersRemoved?: WireAccount[];
}

interface Common {
  serviceUrl: string;
  user: TeamsUser;
  id?: string;
  tenantId?: string;
}

/** A team (and optionally the channel) an activity happens in. */
export interface TeamRef {
  teamId: string;
  /** Defaults to the team id: a team's General channel has the team's id. */
  channelId?: string;
  teamName?: string;
  aadGroupId?: string;
}

let counter = 0;

/** A unique activity id in Teams' style (`f:` + digits for events, digits for messages). */
export function newActivityId(prefix = ''): string {
  counter += 1;
  return `${prefix}${Date.now()}${String(counter).padStart(4, '0')}`;
}

/** A user with a 29: id, a stable fake Entra object id and a school email, from a short handle. */
export function teamsUser(handle: string, overrides: Partial<TeamsUser> = {}): TeamsUser {
  const hex = Buffer.from(handle).toString('hex').padEnd(12, '0').slice(0, 12);
  const name = handle.charAt(0).toUpperCase() + handle.slice(1);
  return {
    id: `29:1${handle}`,
    aadObjectId: `00000000-0000-4000-8000-${hex}`,
    name,
    email: `${handle}@school.example`,
    ...overrides,
  };
}

/** The 1:1 conversation id this suite uses for a user (the fake connector creates the same). */
export function personalConversationId(userId: string): string {
  return `a:1on1-${userId}`;
}

function from(user: TeamsUser): WireAccount {
  return { id: user.id, name: user.name, aadObjectId: user.aadObjectId };
}

function base(c: Common, type: string, conversation: TeamsConversation, channelData: Record<string, unknown>) {
  const now = new Date().toISOString();
  return {
    type,
    id: c.id ?? newActivityId(type === 'message' ? '' : 'f:'),
    timestamp: now,
    localTimestamp: now,
    channelId: 'msteams' as const,
    serviceUrl: c.serviceUrl,
    from: from(c.user),
    recipient: { ...BOT },
    conversation,
    channelData,
    locale: 'en-GB',
    entities: [{ type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London' }],
  };
}

function teamChannelData(team: TeamRef, tenantId: string): Record<string, unknown> {
  const channelId = team.channelId ?? team.teamId;
  const teamInfo: Record<string, string> = { id: team.teamId };
  if (team.teamName) teamInfo.name = team.teamName;
  if (team.aadGroupId) teamInfo.aadGroupId = team.aadGroupId;
  return {
    teamsChannelId: channelId,
    teamsTeamId: team.teamId,
    channel: { id: channelId },
    team: teamInfo,
    tenant: { id: tenantId },
  };
}

function personalConversation(user: TeamsUser, tenantId: string): TeamsConversation {
  return { id: personalConversationId(user.id), conversationType: 'personal', tenantId };
}

function mention(text: string) {
  const tag = `<at>${BOT.name}</at>`;
  return {
    text: `${tag} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', mentioned: { ...BOT }, text: tag }],
  };
}

/** A message a user types to the bot in their 1:1 (personal) chat. */
export function personalMessage(
  p: Common & { text?: string; attachments?: Attachment[] },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  const a = base(p, 'message', personalConversation(p.user, tenantId), { tenant: { id: tenantId } });
  return { ...a, text: p.text ?? '', textFormat: 'plain', attachments: p.attachments };
}

/** A channel post that @mentions the bot: text becomes `<at>Safeguard</at> <text>`. */
export function channelMention(
  p: Common & TeamRef & { text?: string; replyChainId?: string },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  const channelId = p.channelId ?? p.teamId;
  // A reply inside a thread carries the root post's id in the conversation id.
  const id = p.replyChainId ? `${channelId};messageid=${p.replyChainId}` : channelId;
  const conversation: TeamsConversation = { id, conversationType: 'channel', isGroup: true, tenantId };
  const a = base(p, 'message', conversation, teamChannelData(p, tenantId));
  const m = mention(p.text ?? 'report');
  return { ...a, ...m, entities: [...a.entities, ...m.entities] };
}

/** A group-chat message that @mentions the bot. */
export function groupChatMention(
  p: Common & { chatId?: string; text?: string },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  const conversation: TeamsConversation = {
    id: p.chatId ?? '19:groupchat-1@thread.v2',
    conversationType: 'groupChat',
    isGroup: true,
    tenantId,
  };
  const a = base(p, 'message', conversation, { tenant: { id: tenantId } });
  const m = mention(p.text ?? 'report');
  return { ...a, ...m, entities: [...a.entities, ...m.entities] };
}

function conversationFrom(c: TeamsConversation | string, tenantId: string): TeamsConversation {
  if (typeof c !== 'string') return c;
  if (c.startsWith('a:')) return { id: c, conversationType: 'personal', tenantId };
  if (c.includes('@thread.v2')) return { id: c, conversationType: 'groupChat', isGroup: true, tenantId };
  return { id: c, conversationType: 'channel', isGroup: true, tenantId };
}

/**
 * A user pressing an Action.Execute button: invoke `adaptiveCard/action`. Teams merges the
 * card's input values into `value.action.data` (inputs win over the action's static data).
 */
export function cardAction(
  p: Common & {
    conversation: TeamsConversation | string;
    verb: string;
    data?: Record<string, unknown>;
    inputs?: Record<string, unknown>;
    /** The id of the activity that carries the card (what the connector answered when it was sent). */
    replyToId: string;
    actionId?: string;
    /** Needed for a card in a channel, so channelData carries the team like Teams sends it. */
    team?: TeamRef;
  },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  const conversation = conversationFrom(p.conversation, tenantId);
  const channelData = {
    ...(p.team ? teamChannelData(p.team, tenantId) : { tenant: { id: tenantId } }),
    source: { name: 'message' },
    legacy: { replyToId: p.replyToId },
  };
  const a = base(p, 'invoke', conversation, channelData);
  const action: Record<string, unknown> = {
    type: 'Action.Execute',
    verb: p.verb,
    data: { ...(p.data ?? {}), ...(p.inputs ?? {}) },
  };
  if (p.actionId) action.id = p.actionId;
  return { ...a, name: 'adaptiveCard/action', replyToId: p.replyToId, value: { action, trigger: 'manual' } };
}

/** A typeahead search from an Input.ChoiceSet with choices.data (Data.Query), as Teams invokes the bot. */
export function searchInvoke(
  p: Common & { conversation: TeamsConversation | string; dataset: string; queryText: string; top?: number; replyToId?: string },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  const conversation = conversationFrom(p.conversation, tenantId);
  const channelData = { tenant: { id: tenantId }, source: { name: 'message' }, ...(p.replyToId ? { legacy: { replyToId: p.replyToId } } : {}) };
  const a = base(p, 'invoke', conversation, channelData);
  return { ...a, name: 'application/search', value: { queryText: p.queryText, queryOptions: { skip: 0, top: p.top ?? 15 }, dataset: p.dataset } };
}

/** The bot installed (or uninstalled) for a user (personal scope) or in a team. */
export function installationUpdate(
  p: Common & { action?: 'add' | 'remove'; team?: TeamRef },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  if (!p.team) {
    const a = base(p, 'installationUpdate', personalConversation(p.user, tenantId), { tenant: { id: tenantId } });
    return { ...a, action: p.action ?? 'add' };
  }
  const channelId = p.team.channelId ?? p.team.teamId;
  const conversation: TeamsConversation = { id: channelId, conversationType: 'channel', isGroup: true, tenantId };
  const channelData = { ...teamChannelData(p.team, tenantId), settings: { selectedChannel: { id: channelId } } };
  return { ...base(p, 'installationUpdate', conversation, channelData), action: p.action ?? 'add' };
}

/**
 * Members added to (or removed from) a conversation. With `team`, the event is in that team
 * (eventType teamMemberAdded/Removed, conversation = the team's General channel); without it,
 * the user's personal chat (membersAdded [bot] is what Teams sends when a user installs the app).
 * `membersAdded` defaults to the bot itself.
 */
export function conversationUpdate(
  p: Common & { team?: TeamRef; membersAdded?: WireAccount[]; membersRemoved?: WireAccount[] },
): TeamsWireActivity {
  const tenantId = p.tenantId ?? TENANT_ID;
  const removed = p.membersRemoved !== undefined && p.membersAdded === undefined;
  const members = {
    membersAdded: removed ? undefined : (p.membersAdded ?? [{ id: BOT.id }]),
    membersRemoved: p.membersRemoved,
  };
  if (!p.team) {
    const a = base(p, 'conversationUpdate', personalConversation(p.user, tenantId), { tenant: { id: tenantId } });
    return { ...a, ...members };
  }
  const conversation: TeamsConversation = { id: p.team.teamId, conversationType: 'channel', isGroup: true, tenantId };
  const channelData = {
    ...teamChannelData({ ...p.team, channelId: p.team.teamId }, tenantId),
    eventType: removed ? 'teamMemberRemoved' : 'teamMemberAdded',
  };
  return { ...base(p, 'conversationUpdate', conversation, channelData), ...members };
}

/** What the bot answered over HTTP. */
export interface BotHttpResponse {
  status: number;
  body: unknown;
}

/** POST an activity as JSON to `${botUrl}/api/messages`; the body is parsed JSON, else text. */
export async function postActivity(
  botUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<BotHttpResponse> {
  const res = await fetch(`${botUrl.replace(/\/+$/, '')}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  if (!text) return { status: res.status, body: undefined };
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}
