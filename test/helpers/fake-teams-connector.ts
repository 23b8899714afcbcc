// A fake Teams connector: the HTTP service behind an activity's `serviceUrl`, on loopback.
// The bot's real botbuilder ConnectorClient talks to it, so tests see exactly the REST calls
// the bot makes (botframework-connector's Conversations operations, v3 paths, ids URL-encoded)
// and can script Teams' failures. Plain node:http, so nothing sits between client and record.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TENANT_ID, personalConversationId, type TeamsUser } from './teams-activities';
import { SlidingWindows, TEAMS_DOCUMENTED_LIMITS, type TeamsWindowLimits } from './rate-windows';

/** What a recorded call did, by the Conversations operation it maps to. */
export type CallKind = 'create' | 'send' | 'reply' | 'update' | 'delete' | 'member' | 'other';

/** One HTTP call the bot made to the connector, in arrival order. */
export interface RecordedCall {
  seq: number;
  /** When it arrived (performance.now(), ms). */
  at: number;
  method: string;
  /** The decoded path, e.g. `/v3/conversations/a:1on1-29:1alice/activities`. */
  path: string;
  kind: CallKind;
  /** Decoded. For `create`, the conversation created (or that would have been, if it failed). */
  conversationId?: string;
  /**
   * For send/reply: the id the fake gave the new activity (use it as a card's replyToId).
   * For update/delete: the id in the path.
   */
  activityId?: string;
  /** For reply: the activity replied to. */
  replyToId?: string;
  /** For member lookups, the member asked for; for create, the 1:1 member. */
  userId?: string;
  /** The parsed request body: the activity, or for `create` the ConversationParameters. */
  activity?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON, read freely in tests
  /** The UTF-8 bytes of the request body (Teams refuses a message over TEAMS_MESSAGE_BYTES). */
  bytes?: number;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  status: number;
  response?: unknown;
  /** True when the answer came from failNext(). */
  scripted: boolean;
  /** True when hang() left the call unanswered. */
  hung?: boolean;
  /** True when the call took effect (the message is in the chat) although its answer was a failure (`accept`). */
  accepted?: boolean;
}

/** Which calls a scripted failure applies to; every field given must match. */
export interface CallMatch {
  /**
   * Note: CloudAdapter's continueConversationAsync/createConversationAsync send every message as
   * a `reply` (to the continuation activity's random id), so match `['send', 'reply']` (or
   * DELIVERY) to hit "a message to this conversation" however the bot sends it.
   */
  kind?: CallKind | readonly CallKind[];
  /** Exact, or the channel a reply-chain id (`<channel>;messageid=…`) belongs to. */
  conversationId?: string;
  /** The 1:1 member of a create, the member looked up, or the user a 1:1 conversation is with. */
  userId?: string;
  activityId?: string;
}

/** An HTTP answer to script. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** The call takes effect (the message is delivered) and then this failure is answered: "accepted, then 500". */
  accept?: boolean;
  /** The connection is dropped instead of answering (ECONNRESET); with `accept`, after the call took effect. */
  reset?: boolean;
}

/** Users known to the members endpoints. `memberOf` limits them to some conversations/teams. */
export interface FakeMember extends TeamsUser {
  memberOf?: string[];
  givenName?: string;
  surname?: string;
}

const teamsError = (status: number, code: string, message: string, headers?: Record<string, string>): ScriptedResponse => ({
  status,
  headers,
  body: { error: { code, message } },
});

/** Teams' documented error answers ("Status codes from bot conversational APIs"). */
export const TeamsErrors = {
  throttled: (retryAfterSeconds?: number) =>
    teamsError(429, 'Throttled', 'Too many requests.', retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) }),
  conversationBlockedByUser: () => teamsError(403, 'ConversationBlockedByUser', 'User blocked the conversation with the bot.'),
  botNotInConversationRoster: () => teamsError(403, 'BotNotInConversationRoster', "The bot isn't part of the conversation roster."),
  botDisabledByAdmin: () => teamsError(403, 'BotDisabledByAdmin', 'The tenant admin disabled this bot'),
  notInstalled: () => teamsError(403, 'ForbiddenOperationException', "Bot isn't installed in user's personal scope"),
  conversationNotFound: () => teamsError(404, 'ConversationNotFound', 'Conversation not found.'),
  activityNotFound: () => teamsError(404, 'ActivityNotFoundInConversation', 'Conversation not found.'),
  memberNotFound: () => teamsError(404, 'MemberNotFoundInConversation', 'Member not found in conversation.'),
  preconditionFailed: () => teamsError(412, 'PreconditionFailed', 'Precondition failed, please try again.'),
  serviceError: (status = 502) => teamsError(status, 'ServiceError', 'Service dependency issue.'),
  /** The message is delivered, then the answer is a 500: the connector accepted and then failed. */
  acceptedThen500: (): ScriptedResponse => ({ ...teamsError(500, 'InternalServerError', 'An error has occurred.'), accept: true }),
  /** The connection drops before anything is delivered. */
  connectionReset: (): ScriptedResponse => ({ status: 0, reset: true }),
  /** The message is delivered, then the connection drops before the answer. */
  acceptedThenReset: (): ScriptedResponse => ({ status: 0, reset: true, accept: true }),
  messageTooLarge: () => teamsError(413, 'MessageSizeTooBig', 'Activity size is too big.'),
  /** Teams refuses a message over about 28 KB (the serialised activity) with 413. */
  tooLarge: () => teamsError(413, 'MessageSizeTooBig', 'Message size too big.'),
};

/** Teams' limit for one message: the UTF-8 bytes of the activity as posted, as Teams refuses a larger one. */
export const TEAMS_MESSAGE_BYTES = 28 * 1024;

/** The kinds that deliver a message: match these to fail "the next message" however it is sent. */
export const DELIVERY: readonly CallKind[] = ['send', 'reply'];

interface Rule {
  match: CallMatch;
  response: ScriptedResponse;
  remaining: number;
}

const MESSAGE_ID_BASE = 1_700_000_000_000;
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** A fake Teams connector service on 127.0.0.1; see the file comment. */
export class FakeTeamsConnector {
  /** Every call, in order, including failed and unexpected ones. */
  readonly sent: RecordedCall[] = [];
  /** When set, a call without an Authorization header gets 401 (as the real service does). */
  requireAuth = false;
  /** When set, update/delete of an activity id the fake never issued gets 404 ActivityNotFoundInConversation. */
  strictActivityIds = true;
  /**
   * When set, creating a 1:1 chat with a member for whom this answers false gets 403 (the app is
   * not installed in their personal scope), as Teams answers; e.g. a FakeGraph's isInstalled.
   */
  appInstalledFor: ((memberId: string) => boolean) | null = null;

  /** Set by enforceRateLimits(): the windows every call is counted in. */
  private rate: (TeamsWindowLimits & { windows: SlidingWindows }) | null = null;
  private readonly members = new Map<string, FakeMember>();
  private readonly created = new Map<string, string>(); // userId → conversation id
  private readonly issued = new Set<string>();
  private rules: Rule[] = [];
  private nextId = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly tenantId: string,
  ) {}

  /** Start listening on an ephemeral loopback port. */
  static async start(options: { tenantId?: string; requireAuth?: boolean } = {}): Promise<FakeTeamsConnector> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeTeamsConnector(server, `http://127.0.0.1:${port}/`, options.tenantId ?? TENANT_ID);
    fake.requireAuth = options.requireAuth ?? false;
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'FakeConnectorBug', message: String(err) } }));
      });
    });
    return fake;
  }

  /** Stop the server, dropping keep-alive connections so mocha can exit. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forget calls and scripted failures (users and created conversations stay). */
  reset(): void {
    this.sent.length = 0;
    this.rules = [];
  }

  /** Make a user known to the member endpoints (getMember, pagedmembers). */
  addUser(u: FakeMember): void {
    this.members.set(u.id, u);
  }

  removeUser(id: string): void {
    this.members.delete(id);
  }

  /** Answer the next `times` matching calls with `response` instead of succeeding. */
  failNext(match: CallMatch, response: ScriptedResponse, times = 1): void {
    this.rules.push({ match, response, remaining: times });
  }

  /**
   * Never answer matching calls (a connector that hangs): they are recorded with status 0 and
   * `hung`, and their sockets are dropped only by close(). Returns a function that stops hanging.
   */
  hang(match: CallMatch): () => void {
    const rule = { match };
    this.hangs.push(rule);
    return () => {
      this.hangs = this.hangs.filter((r) => r !== rule);
    };
  }

  private hangs: { match: CallMatch }[] = [];

  /** Calls left unanswered by hang(). */
  hung(): RecordedCall[] {
    return this.sent.filter((c) => c.hung);
  }

  /**
   * Opt-in: refuse calls over Teams' documented limits (per conversation, per app in the tenant;
   * defaults from the docs, or scaled-down ones for a fast test) with 429 and Retry-After, as Teams does.
   */
  enforceRateLimits(limits: TeamsWindowLimits = TEAMS_DOCUMENTED_LIMITS, now?: () => number): SlidingWindows {
    this.rate = { ...limits, windows: new SlidingWindows(now) };
    return this.rate.windows;
  }

  /** Calls refused for going over the enforced limits (not scripted failures). */
  throttled(): RecordedCall[] {
    return this.sent.filter((c) => c.status === 429 && !c.scripted);
  }

  /** Scripted failures not yet used up. */
  pendingFailures(): Array<{ match: CallMatch; status: number; remaining: number }> {
    return this.rules.filter((r) => r.remaining > 0).map((r) => ({ match: r.match, status: r.response.status, remaining: r.remaining }));
  }

  /** The 1:1 conversation created for a user through createConversation, if any. */
  conversationFor(userId: string): string | undefined {
    return this.created.get(userId);
  }

  /**
   * Calls that delivered a message (2xx) to a conversation or its channel's threads: send, reply,
   * and create with an initial `activity` (a new channel thread). Read them with textOf / messageOf.
   */
  messagesTo(conversationId: string): RecordedCall[] {
    return this.sent.filter((c) => {
      const message = messageOf(c);
      const delivers = c.kind === 'send' || c.kind === 'reply' || (c.kind === 'create' && message !== undefined);
      return delivers && (ok(c) || c.accepted === true) && inConversation(c.conversationId, conversationId) && (message?.type ?? 'message') === 'message';
    });
  }

  /** The message activity a call carried (for a create, its ConversationParameters.activity). */
  messageOf(call: RecordedCall): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
    return messageOf(call);
  }

  /** Adaptive Card contents in the messages delivered to a conversation, in order. */
  cardsIn(conversationId: string): any[] { // eslint-disable-line @typescript-eslint/no-explicit-any -- card JSON
    return this.sentCards(conversationId).map((c) => c.card);
  }

  /** Adaptive Cards delivered to a conversation with the id of the activity carrying each. */
  sentCards(conversationId: string): Array<{ activityId: string; card: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- card JSON
    return this.messagesTo(conversationId).flatMap((c) => adaptiveCards(messageOf(c)).map((card) => ({ activityId: c.activityId ?? '', card })));
  }

  /** Successful updates of one activity, in order. */
  updates(conversationId: string, activityId: string): RecordedCall[] {
    return this.sent.filter((c) => c.kind === 'update' && ok(c) && c.activityId === activityId && inConversation(c.conversationId, conversationId));
  }

  /** The card an activity shows now: its latest update's card, else the card it was sent with. */
  currentCard(conversationId: string, activityId: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- card JSON
    const last = this.updates(conversationId, activityId).at(-1);
    if (last) return adaptiveCards(last.activity)[0];
    return this.sentCards(conversationId).find((c) => c.activityId === activityId)?.card;
  }

  /** Calls that hit no known route (answered 404): a test should usually expect none. */
  unexpected(): RecordedCall[] {
    return this.sent.filter((c) => c.kind === 'other');
  }

  /** All readable text of an activity (or recorded call): its text, then its cards' texts. */
  textOf(activityOrCall: unknown): string {
    const a = isCall(activityOrCall) ? messageOf(activityOrCall) : activityOrCall;
    if (!a || typeof a !== 'object') return '';
    const parts: string[] = [];
    const text = (a as { text?: unknown }).text;
    if (typeof text === 'string' && text) parts.push(text);
    for (const card of adaptiveCards(a)) collectText(card, parts);
    return parts.join('\n');
  }

  /** Resolve once `predicate(calls)` holds; reject after `timeoutMs` listing the calls seen. */
  async waitFor(predicate: (calls: readonly RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sent)) {
      if (Date.now() > deadline) {
        throw new Error(`FakeTeamsConnector.waitFor: condition not met within ${timeoutMs} ms. ${this.describe()}`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  /** A one-line-per-call summary, for failure messages. */
  describe(): string {
    if (this.sent.length === 0) return 'No calls recorded.';
    const lines = this.sent.map((c) => {
      const text = this.textOf(c).replace(/\s+/g, ' ').slice(0, 60);
      const ids = [c.conversationId, c.activityId && `activity ${c.activityId}`, c.userId && `user ${c.userId}`].filter(Boolean).join(' ');
      return `  #${c.seq} ${c.method} ${c.path} [${c.kind}] ${ids} → ${c.status}${c.scripted ? ' (scripted)' : ''}${text ? ` "${text}"` : ''}`;
    });
    return `Recorded calls:\n${lines.join('\n')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = performance.now();
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    // Split before decoding: conversation ids contain ':' '@' ';' '=' which the client encodes.
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const call: RecordedCall = {
      seq: this.sent.length + 1,
      at,
      method: req.method ?? 'GET',
      path: `/${segments.join('/')}`,
      kind: 'other',
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      status: 0,
      scripted: false,
    };
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    call.activity = body;
    call.bytes = Buffer.byteLength(raw, 'utf8');
    const answer = this.route(call, segments, body);
    if (this.hangs.some((h) => this.matches(h.match, call))) {
      call.hung = true;
      call.status = 0;
      this.sent.push(call);
      return; // no answer, ever: the client's timeout must give up
    }
    call.status = answer.status;
    call.response = answer.body;
    this.sent.push(call);
    if (answer.reset) return void req.socket.destroy();
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    if (answer.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  // Classifies the call, then answers: 401 if auth is required and missing, a scripted failure, or the normal result.
  private route(call: RecordedCall, s: string[], body: unknown): ScriptedResponse {
    const m = call.method;
    const [v3, conversations, conversationId, sub, id, extra] = s;
    const isConv = v3 === 'v3' && conversations === 'conversations';
    let ok: () => ScriptedResponse = () => teamsError(404, 'NotFound', `The fake Teams connector has no route for ${m} ${call.path}.`);

    if (isConv && s.length === 2 && m === 'POST') {
      call.kind = 'create';
      const params = (body ?? {}) as { members?: Array<{ id?: string }>; isGroup?: boolean; channelData?: { channel?: { id?: string } }; activity?: unknown };
      const memberId = params.members?.length === 1 ? params.members[0].id : undefined;
      const channelId = params.channelData?.channel?.id;
      const activityId = params.activity ? this.newActivityId() : undefined;
      call.userId = memberId;
      call.conversationId = channelId
        ? `${channelId};messageid=${activityId ?? this.newActivityId()}`
        : memberId && !params.isGroup
          ? personalConversationId(memberId)
          : `a:conversation-${call.seq}`;
      ok = () => {
        if (memberId && !params.isGroup && !channelId && this.appInstalledFor && !this.appInstalledFor(memberId)) return TeamsErrors.notInstalled();
        if (memberId && !params.isGroup && !channelId) this.created.set(memberId, call.conversationId as string);
        if (activityId) this.issued.add(activityId);
        call.activityId = activityId;
        return { status: 201, body: { id: call.conversationId, activityId, serviceUrl: this.url } };
      };
    } else if (isConv && conversationId && sub === 'activities' && extra === undefined && id !== 'history') {
      call.conversationId = conversationId;
      if (m === 'POST') {
        call.kind = id === undefined ? 'send' : 'reply';
        call.replyToId = id;
        ok = () => {
          call.activityId = this.newActivityId();
          this.issued.add(call.activityId);
          return { status: 201, body: { id: call.activityId } };
        };
      } else if (id !== undefined && (m === 'PUT' || m === 'DELETE')) {
        call.kind = m === 'PUT' ? 'update' : 'delete';
        call.activityId = id;
        ok = () => {
          if (this.strictActivityIds && !this.issued.has(id)) return TeamsErrors.activityNotFound();
          return m === 'PUT' ? { status: 200, body: { id } } : { status: 200 };
        };
      }
    } else if (isConv && conversationId && m === 'GET' && ((sub === 'members' && extra === undefined) || (sub === 'pagedmembers' && id === undefined))) {
      call.kind = 'member';
      call.conversationId = conversationId;
      call.userId = sub === 'members' ? id : undefined;
      ok = () => this.memberAnswer(conversationId, sub, id, call.query);
    }

    if (this.requireAuth && !call.headers.authorization) {
      return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    }
    const rule = this.rules.find((r) => r.remaining > 0 && this.matches(r.match, call));
    if (rule) {
      rule.remaining -= 1;
      call.scripted = true;
      if (rule.response.accept && ok().status < 300) call.accepted = true;
      return rule.response;
    }
    // "All requests are subject to the same rate limiting policy": every call counts for the app, and for its conversation (a channel's threads as the channel).
    if (this.rate && call.kind !== 'other') {
      const conversation = call.kind === 'create' && !(body as { channelData?: { channel?: unknown } } | undefined)?.channelData?.channel ? undefined : call.conversationId?.split(';')[0];
      const verdict = this.rate.windows.admit([{ key: 'app', limits: this.rate.app }, ...(conversation ? [{ key: conversation, limits: this.rate.conversation }] : [])], call.at);
      if (!verdict.ok) return TeamsErrors.throttled(verdict.retryAfterS);
    }
    // An oversize message is refused as Teams refuses it, so no test can pass by sending one.
    if (['create', 'send', 'reply', 'update'].includes(call.kind) && call.bytes !== undefined && call.bytes > TEAMS_MESSAGE_BYTES) {
      const carriesMessage = call.kind !== 'create' || (body as { activity?: unknown } | undefined)?.activity !== undefined;
      if (carriesMessage) return TeamsErrors.tooLarge();
    }
    return ok();
  }

  private memberAnswer(conversationId: string, sub: string, memberId: string | undefined, query: Record<string, string>): ScriptedResponse {
    const roster = [...this.members.values()].filter((u) => this.isMember(u, conversationId));
    if (sub === 'members' && memberId !== undefined) {
      const u = roster.find((x) => x.id === memberId);
      return u ? { status: 200, body: this.account(u) } : TeamsErrors.memberNotFound();
    }
    if (sub === 'members') return { status: 200, body: roster.map((u) => this.account(u)) };
    const pageSize = Math.max(1, Number(query.pageSize) || 200);
    const start = Number(query.continuationToken) || 0;
    const page = roster.slice(start, start + pageSize).map((u) => this.account(u));
    const more = start + pageSize < roster.length;
    return { status: 200, body: { members: page, continuationToken: more ? String(start + pageSize) : undefined } };
  }

  private isMember(u: FakeMember, conversationId: string): boolean {
    const personalWith = [...this.created.entries()].find(([, c]) => c === conversationId)?.[0]
      ?? (conversationId.startsWith('a:1on1-') ? conversationId.slice('a:1on1-'.length) : undefined);
    if (personalWith !== undefined) return u.id === personalWith;
    return !u.memberOf || u.memberOf.some((c) => inConversation(conversationId, c));
  }

  // The TeamsChannelAccount shape Teams returns (objectId too: getMembers maps it to aadObjectId).
  private account(u: FakeMember) {
    const [givenName, ...rest] = u.name.split(' ');
    return {
      id: u.id,
      name: u.name,
      aadObjectId: u.aadObjectId,
      objectId: u.aadObjectId,
      givenName: u.givenName ?? givenName,
      surname: u.surname ?? (rest.join(' ') || undefined),
      email: u.email,
      userPrincipalName: u.upn ?? u.email,
      tenantId: this.tenantId,
      userRole: 'user',
    };
  }

  private matches(m: CallMatch, c: RecordedCall): boolean {
    if (m.kind && !(typeof m.kind === 'string' ? [m.kind] : m.kind).includes(c.kind)) return false;
    if (m.activityId && m.activityId !== c.activityId && m.activityId !== c.replyToId) return false;
    if (m.conversationId && !inConversation(c.conversationId, m.conversationId)) return false;
    if (m.userId) {
      const conv = c.conversationId;
      const withUser = c.userId === m.userId
        || (conv !== undefined && (conv === this.created.get(m.userId) || conv === personalConversationId(m.userId)));
      if (!withUser) return false;
    }
    return true;
  }

  private newActivityId(): string {
    this.nextId += 1;
    return String(MESSAGE_ID_BASE + this.nextId);
  }
}

function ok(c: RecordedCall): boolean {
  return c.status >= 200 && c.status < 300;
}

// A channel's reply-chain conversation (`19:x@thread.tacv2;messageid=1`) is in the channel `19:x@thread.tacv2`.
function inConversation(actual: string | undefined, wanted: string): boolean {
  return actual !== undefined && (actual === wanted || actual.startsWith(`${wanted};messageid=`));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON
function messageOf(c: RecordedCall): any {
  return c.kind === 'create' ? c.activity?.activity : c.activity;
}

function isCall(x: unknown): x is RecordedCall {
  return typeof x === 'object' && x !== null && 'kind' in x && 'seq' in x;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- card JSON
function adaptiveCards(activity: unknown): any[] {
  const attachments = (activity as { attachments?: Array<{ contentType?: string; content?: unknown }> } | undefined)?.attachments;
  return (attachments ?? []).filter((a) => a.contentType === ADAPTIVE).map((a) => (typeof a.content === 'string' ? JSON.parse(a.content) : a.content));
}

// Visible strings of a card: TextBlock/TextRun text, FactSet facts, action titles.
function collectText(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectText(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if ((o.type === 'TextBlock' || o.type === 'TextRun') && typeof o.text === 'string') out.push(o.text);
  if (typeof o.title === 'string' && typeof o.value === 'string') out.push(`${o.title} ${o.value}`);
  else if (typeof o.title === 'string' && typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o.title);
  for (const [k, v] of Object.entries(o)) if (k !== 'text' && typeof v === 'object') collectText(v, out);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
