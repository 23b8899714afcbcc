/**
 * A fake Slack Web API on loopback (node:http): answers the methods the bot calls, records every
 * call with its decoded arguments, and can be scripted to answer 429 + Retry-After or an error,
 * to take a message and then answer HTTP 500 (or drop the connection), to reset the connection
 * before taking it, or to hang. Posted messages are kept per channel (with their metadata), so
 * conversations.history answers what a real workspace would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackRefusal } from './slack-limits';
import { SLACK_DOCUMENTED_LIMITS, SlidingWindows, type SlackWindowLimits, type WindowLimit } from './rate-windows';

export interface SlackUser {
  id: string;
  email: string;
  name: string;
  /** The user's workspace (default T1, the harness's own). */
  teamId?: string;
  /** A deactivated account. */
  deleted?: boolean;
}

export interface SlackCall {
  seq: number;
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  /** HTTP status answered, and Slack's `error` when not ok. */
  status: number;
  error?: string;
  /** What was oversize or malformed, when the fake refused the call as Slack would (slack-limits.ts). */
  problems?: string[];
  /** When the call arrived (ms since the epoch, sub-ms precision): benchmarks time the work after an ack with it. */
  at: number;
  /** The view id a successful views.open answered (to follow that modal's updates). */
  viewId?: string;
}

/**
 * 429 with Retry-After; a Slack error answer; `accept`: the call takes effect (a message is posted)
 * and then the answer is an HTTP `status` (e.g. 500) or, with `reset`, a dropped connection;
 * `reset` alone: the connection is dropped before anything happens.
 */
type Failure = { status: 429; retryAfter: number } | { error: string } | { accept: true; status?: number; reset?: boolean } | { reset: true };

/** A message the workspace holds (what conversations.history answers). */
export interface SlackMessage {
  channel: string;
  ts: string;
  text: unknown;
  blocks: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  /** How many times chat.update changed it. */
  updates: number;
}

interface Script {
  method: string;
  match?: (args: Record<string, unknown>) => boolean;
  failure: Failure;
}

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  private readonly users = new Map<string, SlackUser>();
  private readonly scripts: Script[] = [];
  private readonly channels = new Map<string, string[]>();
  /** Every message posted and not deleted, in order. */
  readonly messages: SlackMessage[] = [];
  private seq = 0;
  private ts = 1_700_000_000;
  private posts = 0;
  /** The workspace's time, which a message's ts is made from (a harness sets its fake clock). */
  now: () => Date = () => new Date();
  private views = 0;
  /** Set by enforceRateLimits(): the windows calls are counted in. */
  private rate: (SlackWindowLimits & { windows: SlidingWindows }) | null = null;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  /** Starts the fake on a free loopback port; `url` ends with /api/ as SLACK_API_URL expects. */
  static async start(): Promise<FakeSlackApi> {
    const holder: { fake?: FakeSlackApi } = {};
    const server = http.createServer((req, res) => void holder.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.fake = new FakeSlackApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`);
    return holder.fake;
  }

  addUser(u: SlackUser): void {
    this.users.set(u.id, u);
  }

  /** Sets the members of a channel (conversations.members answers them page by page, `limit` at a time). */
  setMembers(channel: string, userIds: string[]): void {
    this.channels.set(channel, [...userIds]);
  }

  /** The next call to `method` (matching `match`) fails as scripted, once. */
  failNext(method: string, failure: Failure, match?: (args: Record<string, unknown>) => boolean): void {
    this.scripts.push({ method, failure, match });
  }

  /** Never answer calls to `method` matching `match` (a Web API that hangs); close() drops them. Returns a function that stops hanging. */
  hang(method: string, match?: (args: Record<string, unknown>) => boolean): () => void {
    const rule = { method, match };
    this.hangs.push(rule);
    return () => {
      this.hangs = this.hangs.filter((r) => r !== rule);
    };
  }

  private hangs: { method: string; match?: (args: Record<string, unknown>) => boolean }[] = [];

  /**
   * Opt-in: refuse calls over Slack's limits (chat.postMessage per channel and per workspace, other
   * methods by tier; defaults from the docs, or scaled-down ones) with 429, Retry-After and
   * `ratelimited`, as the Web API does. A workspace is a token.
   */
  enforceRateLimits(limits: SlackWindowLimits = SLACK_DOCUMENTED_LIMITS, now?: () => number): SlidingWindows {
    this.rate = { ...limits, windows: new SlidingWindows(now) };
    return this.rate.windows;
  }

  /** Calls refused for going over the enforced limits (not scripted failures). */
  throttled(): SlackCall[] {
    return this.calls.filter((c) => this.limitedSeqs.has(c.seq));
  }

  private readonly limitedSeqs = new Set<number>();

  /** Calls to a method, oldest first, optionally only successful ones. */
  of(method: string, okOnly = true): SlackCall[] {
    return this.calls.filter((c) => c.method === method && (!okOnly || (c.status === 200 && !c.error)));
  }

  /** Messages a channel (or DM) holds now, oldest first: what a person in it sees. */
  messagesIn(channel: string): SlackMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** The highest sequence number so far. */
  mark(): number {
    return this.seq;
  }

  since(mark: number): SlackCall[] {
    return this.calls.filter((c) => c.seq > mark);
  }

  close(): Promise<void> {
    // Hung calls hold their sockets open until dropped.
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args = decode(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const call: SlackCall = { seq: ++this.seq, method, token: auth.startsWith('Bearer ') ? auth.slice(7) : null, args, status: 200, at: performance.timeOrigin + performance.now() };
    this.calls.push(call);
    if (this.hangs.some((h) => h.method === method && (!h.match || h.match(args)))) {
      call.status = 0;
      call.error = 'hung';
      return; // no answer, ever
    }
    const i = this.scripts.findIndex((s) => s.method === method && (!s.match || s.match(args)));
    if (i >= 0) {
      const [{ failure }] = this.scripts.splice(i, 1);
      if ('accept' in failure) {
        const body = this.answer(method, args);
        call.status = failure.status ?? 0;
        call.error = failure.reset ? 'reset_after_accept' : 'http_after_accept';
        if (failure.reset) return void req.socket.destroy();
        res.writeHead(failure.status ?? 500, { 'content-type': 'text/plain' });
        res.end(body.ok ? 'Internal Server Error' : 'error');
        return;
      }
      if ('reset' in failure) {
        call.status = 0;
        call.error = 'reset';
        return void req.socket.destroy();
      }
      if ('status' in failure) {
        call.status = 429;
        call.error = 'ratelimited';
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(failure.retryAfter) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      call.error = failure.error;
      return this.json(res, { ok: false, error: failure.error });
    }
    const verdict = this.rate ? this.rate.windows.admit(this.claims(call), arrivedAt) : ({ ok: true } as const);
    if (!verdict.ok) {
      call.status = 429;
      call.error = 'ratelimited';
      this.limitedSeqs.add(call.seq);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(verdict.retryAfterS) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    // Oversize blocks, text or views are refused as Slack refuses them, so no test can pass by sending them.
    const refused = slackRefusal(method, args);
    if (refused) {
      call.error = refused.error;
      call.problems = refused.problems;
      return this.json(res, { ok: false, error: refused.error, response_metadata: { messages: refused.problems } });
    }
    const body = this.answer(method, args);
    if (body.ok === false) call.error = String(body.error);
    if (method === 'views.open' && body.ok) call.viewId = String((body.view as { id: string }).id);
    this.json(res, body);
  }

  // What a call counts against: limits are per app per workspace (the token), chat.postMessage also per channel.
  private claims(call: SlackCall): Array<{ key: string; limits: WindowLimit[] }> {
    const r = this.rate!;
    const ws = call.token ?? '';
    if (call.method === 'chat.postMessage') return [{ key: `${ws}:post`, limits: r.postPerWorkspace }, { key: `${ws}:post:${String(call.args.channel)}`, limits: r.postPerChannel }];
    const limits = r.methods[call.method];
    return limits ? [{ key: `${ws}:${call.method}`, limits }] : [];
  }

  private json(res: http.ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'E2E' };
      case 'oauth.v2.access':
        // A workspace install (OAuth v2): the code is exchanged for a bot token of workspace T2.
        if (args.code === 'foreign-code')
          return { ok: true, app_id: 'A1', authed_user: { id: 'UX' }, scope: 'commands,chat:write', token_type: 'bot', access_token: 'xoxb-foreign', bot_user_id: 'UBOTX', team: { id: 'T666', name: 'Elsewhere Academy' }, enterprise: null, is_enterprise_install: false };
        // `install-<TEAM>`: an install of that workspace, with the bot token xoxb-installed-<team>.
        if (typeof args.code === 'string' && args.code.startsWith('install-')) {
          const team = args.code.slice('install-'.length);
          return { ok: true, app_id: 'A1', authed_user: { id: 'UX' }, scope: 'commands,chat:write', token_type: 'bot', access_token: `xoxb-installed-${team.toLowerCase()}`, bot_user_id: `UBOT${team}`, team: { id: team, name: `School ${team}` }, enterprise: null, is_enterprise_install: false };
        }
        return args.code === 'good-code'
          ? { ok: true, app_id: 'A1', authed_user: { id: 'UDSL' }, scope: 'commands,chat:write', token_type: 'bot', access_token: 'xoxb-installed-t2', bot_user_id: 'UBOT2', team: { id: 'T2', name: 'Second School' }, enterprise: null, is_enterprise_install: false }
          : { ok: false, error: 'invalid_code' };
      case 'users.info': {
        const u = this.users.get(String(args.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: userObject(u) };
      }
      case 'users.lookupByEmail': {
        // Slack matches the email case-insensitively and answers users_not_found for anyone else.
        const email = String(args.email ?? '').toLowerCase();
        const u = [...this.users.values()].find((x) => x.email.toLowerCase() === email);
        return u ? { ok: true, user: userObject(u) } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.members': {
        const all = this.channels.get(String(args.channel));
        if (!all) return { ok: false, error: 'channel_not_found' };
        const from = Number(args.cursor || 0);
        const to = from + Number(args.limit || 100);
        return { ok: true, members: all.slice(from, to), response_metadata: { next_cursor: to < all.length ? String(to) : '' } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'chat.postMessage': {
        // A ts is the posting time in seconds, made unique by its fraction, as Slack's are.
        const ts = `${Math.floor(this.now().getTime() / 1000)}.${String(++this.posts).padStart(6, '0')}`;
        const metadata = args.metadata as SlackMessage['metadata'];
        this.messages.push({ channel: String(args.channel), ts, text: args.text, blocks: args.blocks, metadata, updates: 0 });
        return { ok: true, channel: args.channel, ts, message: { text: args.text } };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === String(args.channel) && x.ts === String(args.ts));
        if (!m) return { ok: false, error: 'message_not_found' };
        Object.assign(m, { text: args.text, blocks: args.blocks, updates: m.updates + 1 });
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'chat.delete': {
        const i = this.messages.findIndex((x) => x.channel === String(args.channel) && x.ts === String(args.ts));
        if (i < 0) return { ok: false, error: 'message_not_found' };
        this.messages.splice(i, 1);
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'conversations.history': {
        // Newest first, as Slack answers; metadata only when asked for (include_all_metadata).
        const oldest = Number(args.oldest ?? 0);
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const found = this.messagesIn(String(args.channel))
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, bot_id: 'BBOT', ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: found, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case 'views.open':
      case 'views.push':
        return { ok: true, view: { id: `V${++this.views}`, hash: `h${this.views}` } };
      case 'views.update':
        return { ok: true, view: { id: args.view_id, hash: `h${++this.views}` } };
      case 'views.publish':
        return { ok: true, view: { id: `VH${++this.views}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function userObject(u: SlackUser): Record<string, unknown> {
  return { id: u.id, team_id: u.teamId ?? 'T1', name: u.name, real_name: u.name, is_bot: false, deleted: Boolean(u.deleted), profile: { email: u.email, real_name: u.name } };
}

/** Decodes a Web API call: form fields, with JSON-valued fields (blocks, view) parsed. */
function decode(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
