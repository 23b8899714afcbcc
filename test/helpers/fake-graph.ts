/**
 * A fake Microsoft Graph and Entra token authority on loopback, so Teams reach (installing the app for people) runs end to end.
 * The authority is HTTPS (MSAL refuses any other scheme) with a test-only certificate in
 * test/helpers/tls/, which the bot trusts through GRAPH_CA_FILE; it serves the OpenID metadata
 * and client-credentials tokens that the real @azure/identity ClientSecretCredential asks for.
 * Graph is plain HTTP: GET /users/{id|upn}, GET /users?$filter=mail eq '…', and the user's
 * teamwork/installedApps (install, list, chat). Every call is recorded; failures can be scripted.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const GRAPH_CA_FILE = path.join(__dirname, 'tls', 'loopback-cert.pem');
export const GRAPH_TENANT = '7e1d5a3c-0000-4000-8000-5afe9a4d0001';
export const GRAPH_CLIENT_ID = '11111111-2222-4333-8444-555555555555';
export const GRAPH_SECRET = 'fake-graph-client-secret';
export const CATALOG_APP_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  mail?: string;
  userType?: 'Member' | 'Guest';
}

export interface GraphCall {
  seq: number;
  method: string;
  /** Decoded path without /v1.0, e.g. /users/hana@school.example. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  authorized: boolean;
}

interface Script {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  remaining: number;
}

export class FakeGraph {
  readonly calls: GraphCall[] = [];
  /** Client-credential token requests the authority answered, in order. */
  readonly tokenRequests: Record<string, string>[] = [];
  private readonly users = new Map<string, GraphUser>();
  /** aad id → installation id of the app. */
  private readonly installs = new Map<string, string>();
  /** Access tokens the authority issued, in order (Graph's, or the bot's own for the connector). */
  readonly issued: string[] = [];
  private readonly tokens = new Set<string>();
  private scripts: Script[] = [];
  /** How many times the chat of a new installation answers 404 before it exists (Teams creates it a moment later). */
  chatDelay = 0;
  private readonly chatAsked = new Map<string, number>();

  private constructor(
    private readonly graphServer: http.Server,
    private readonly loginServer: https.Server,
    /** GRAPH_API_URL. */
    readonly url: string,
    /** GRAPH_AUTHORITY_HOST. */
    readonly authorityHost: string,
  ) {}

  static async start(): Promise<FakeGraph> {
    const holder: { fake?: FakeGraph } = {};
    const graphServer = http.createServer((req, res) => void holder.fake!.graph(req, res));
    const tlsDir = path.join(__dirname, 'tls');
    const loginServer = https.createServer({ key: fs.readFileSync(path.join(tlsDir, 'loopback-key.pem')), cert: fs.readFileSync(path.join(tlsDir, 'loopback-cert.pem')) }, (req, res) => void holder.fake!.login(req, res));
    await Promise.all([graphServer, loginServer].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    holder.fake = new FakeGraph(
      graphServer,
      loginServer,
      `http://127.0.0.1:${(graphServer.address() as AddressInfo).port}/v1.0/`,
      `https://127.0.0.1:${(loginServer.address() as AddressInfo).port}`,
    );
    return holder.fake;
  }

  /** The environment that points the bot at this fake. */
  env(): Record<string, string> {
    return { TEAMS_APP_CATALOG_ID: CATALOG_APP_ID, GRAPH_TENANT_ID: GRAPH_TENANT, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET: GRAPH_SECRET, GRAPH_API_URL: this.url, GRAPH_AUTHORITY_HOST: this.authorityHost, GRAPH_CA_FILE };
  }

  addUser(u: GraphUser): void {
    this.users.set(u.id, u);
  }

  /** Education users (issue #11: GET /education/users, or /education/schools/{id}/users for those with that school), as Graph returns them. */
  readonly educationUsers: (Record<string, unknown> & { id: string; schoolIds?: string[] })[] = [];
  /** How many education users a page holds (Graph pages by its own size, whatever $top asks). */
  educationPageSize = 100;

  /** Whether the app is installed for this Entra object id (the fake connector asks, as Teams would). */
  isInstalled(aadId: string): boolean {
    return this.installs.has(aadId);
  }

  /** Installs the app for a user beforehand (as an admin policy or an earlier run would). */
  preinstall(aadId: string): void {
    this.installs.set(aadId, `inst-${randomUUID()}`);
  }

  /** The next `times` calls matching fail as scripted. */
  failNext(method: string, pathPattern: RegExp, answer: { status: number; headers?: Record<string, string>; body?: unknown }, times = 1): void {
    this.scripts.push({ method, path: pathPattern, ...answer, remaining: times });
  }

  of(method: string, pathPattern: RegExp): GraphCall[] {
    return this.calls.filter((c) => c.method === method && pathPattern.test(c.path));
  }

  async close(): Promise<void> {
    for (const s of [this.graphServer, this.loginServer]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  private async login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.authorityHost);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const base = `${this.authorityHost}/${GRAPH_TENANT}`;
    if (req.method === 'GET' && url.pathname === `/${GRAPH_TENANT}/v2.0/.well-known/openid-configuration`) {
      return json(200, { token_endpoint: `${base}/oauth2/v2.0/token`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, issuer: `${base}/v2.0`, jwks_uri: `${base}/discovery/v2.0/keys`, end_session_endpoint: `${base}/oauth2/v2.0/logout`, response_types_supported: ['code', 'id_token', 'token'] });
    }
    if (req.method === 'POST' && url.pathname === `/${GRAPH_TENANT}/oauth2/v2.0/token`) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      if (form.grant_type !== 'client_credentials' || form.client_id !== GRAPH_CLIENT_ID || form.client_secret !== GRAPH_SECRET)
        return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
      this.tokenRequests.push(form);
      const token = `graph-token-${randomUUID()}`;
      this.tokens.add(token);
      this.issued.push(token);
      return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    json(404, { error: 'not_found' });
  }

  private async graph(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const segments = url.pathname.replace(/^\/v1\.0/, '').split('/').filter(Boolean).map(decodeURIComponent);
    const call: GraphCall = {
      seq: this.calls.length + 1,
      method: req.method ?? 'GET',
      path: `/${segments.join('/')}`,
      query: Object.fromEntries(url.searchParams),
      body: raw ? JSON.parse(raw) : undefined,
      status: 0,
      authorized: this.tokens.has(String(req.headers.authorization ?? '').replace(/^Bearer /, '')),
    };
    this.calls.push(call);
    const answer = this.answer(call, segments);
    call.status = answer.status;
    res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...(answer.headers ?? {}) });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private answer(call: GraphCall, s: string[]): { status: number; headers?: Record<string, string>; body?: unknown } {
    if (!call.authorized) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const script = this.scripts.find((x) => x.remaining > 0 && x.method === call.method && x.path.test(call.path));
    if (script) {
      script.remaining -= 1;
      return script;
    }
    if (s[0] === 'education' && call.method === 'GET') return this.education(call, s);
    const [users, who, teamwork, installedApps, installId, chat] = s;
    if (users !== 'users') return graphError(404, 'UnknownPath', 'no such path in the fake');
    if (!who && call.method === 'GET') {
      const mail = /^mail eq '(.*)'$/.exec(call.query.$filter ?? '')?.[1]?.replace(/''/g, "'").toLowerCase();
      return { status: 200, body: { value: [...this.users.values()].filter((u) => u.mail?.toLowerCase() === mail).map(view) } };
    }
    const user = [...this.users.values()].find((u) => u.id === who || u.userPrincipalName.toLowerCase() === who?.toLowerCase());
    if (!user) return graphError(404, 'Request_ResourceNotFound', "Resource does not exist or one of its queried reference-property objects are not present.");
    if (!teamwork && call.method === 'GET') return { status: 200, body: view(user) };
    if (teamwork !== 'teamwork' || installedApps !== 'installedApps') return graphError(404, 'UnknownPath', 'no such path in the fake');
    if (!installId && call.method === 'POST') {
      const bind = (call.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
      if (bind !== `${this.url}appCatalogs/teamsApps/${CATALOG_APP_ID}`) return graphError(400, 'BadRequest', 'teamsApp@odata.bind is not this app');
      if (this.installs.has(user.id)) return graphError(409, 'Conflict', 'App is already installed for this user.');
      this.installs.set(user.id, `inst-${randomUUID()}`);
      return { status: 201 };
    }
    const mine = this.installs.get(user.id);
    if (!installId && call.method === 'GET') {
      const wanted = call.query.$filter === `teamsApp/id eq '${CATALOG_APP_ID}'`;
      return { status: 200, body: { value: mine && wanted ? [{ id: mine, teamsApp: { id: CATALOG_APP_ID, externalId: 'manifest-id' } }] : [] } };
    }
    if (installId && chat === 'chat' && call.method === 'GET') {
      if (installId !== mine) return graphError(404, 'NotFound', 'installation not found');
      const asked = (this.chatAsked.get(installId) ?? 0) + 1;
      this.chatAsked.set(installId, asked);
      if (asked <= this.chatDelay) return graphError(404, 'NotFound', 'chat not yet created');
      return { status: 200, body: { id: chatIdFor(user.id), chatType: 'oneOnOne' } };
    }
    return graphError(405, 'MethodNotAllowed', 'not in the fake');
  }

  /** Pages of education users by $skiptoken, with an absolute @odata.nextLink as Graph gives. */
  private education(call: GraphCall, s: string[]): { status: number; body?: unknown } {
    const school = s[1] === 'schools' && s[3] === 'users' ? s[2] : null;
    if (!(s[1] === 'users' && s.length === 2) && !school) return graphError(404, 'UnknownPath', 'no such path in the fake');
    const all = this.educationUsers.filter((u) => !school || (u.schoolIds ?? []).includes(school));
    const start = Number(call.query.$skiptoken ?? 0);
    const end = start + this.educationPageSize;
    const value = all.slice(start, end).map(({ schoolIds: _schoolIds, ...u }) => u);
    const next = end < all.length ? `${this.url}${call.path.slice(1)}?$select=${encodeURIComponent(call.query.$select ?? '')}&$skiptoken=${end}` : undefined;
    return { status: 200, body: { '@odata.context': `${this.url}$metadata#education/users`, value, ...(next ? { '@odata.nextLink': next } : {}) } };
  }
}

/** The id Graph gives the 1:1 chat between a user and the bot. */
export function chatIdFor(aadId: string): string {
  return `19:${aadId}_${GRAPH_CLIENT_ID}@unq.gbl.spaces`;
}

const view = (u: GraphUser) => ({ id: u.id, userType: u.userType ?? 'Member' });

function graphError(status: number, code: string, message: string) {
  return { status, body: { error: { code, message } } };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
