/**
 * Microsoft Graph for Teams reach: finds a person by their email or UPN and installs the
 * bot for them (POST /users/{id}/teamwork/installedApps, permission
 * TeamsAppInstallation.ReadWriteSelfForUser.All), with an app-only token from @azure/identity.
 * Answers map to the outbox's rules: 429 honours Retry-After, 5xx and network failures retry,
 * 404 (no such user) and 403 (permission or app policy) are final. Nothing here logs.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { AzureAuthorityHosts, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { ConfigError, type GraphSettings } from '../../config';

/** A Graph refusal or failure, by code; `final` when retrying cannot help. */
export class GraphError extends Error {
  constructor(
    readonly code: string,
    readonly final: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(code);
  }
}

/** The user Graph knows by that email: their Entra object id, and whether they are a guest of the tenant. */
export interface GraphUser {
  id: string;
  guest: boolean;
}

const KNOWN_AUTHORITIES = new Set<string>(Object.values(AzureAuthorityHosts).map((h) => h.replace(/\/$/, '').toLowerCase()));

/** Builds the @azure/identity credential the settings name. */
export function graphCredential(s: GraphSettings): TokenCredential {
  const authorityHost = s.authorityHost.replace(/\/$/, '');
  const options = {
    authorityHost,
    // Instance discovery asks login.microsoftonline.com about the authority: only for Microsoft's own hosts.
    disableInstanceDiscovery: !KNOWN_AUTHORITIES.has(authorityHost.toLowerCase()),
    // The outbox owns retries; a proxy's (or a test's) CA is trusted as well as the usual ones.
    retryOptions: { maxRetries: 0 },
    ...(s.caFile ? { tlsOptions: { ca: [...tls.rootCertificates, readCaFile(s.caFile)] } } : {}),
  };
  switch (s.credential.kind) {
    case 'secret':
      return new ClientSecretCredential(s.tenantId, s.clientId, s.credential.secret, options);
    case 'certificate':
      return new ClientCertificateCredential(s.tenantId, s.clientId, { certificatePath: s.credential.path }, options);
    case 'managed_identity':
      return new ManagedIdentityCredential({ clientId: s.clientId });
  }
}

/** The Graph calls the Teams sender needs; each has the outbound time limit. */
export class GraphClient {
  private readonly scope: string;

  constructor(
    private readonly settings: GraphSettings,
    private readonly credential: TokenCredential,
    private readonly timeoutMs: number,
  ) {
    // The app-only scope of this Graph (national clouds have their own host).
    this.scope = `${new URL(settings.apiUrl).origin}/.default`;
  }

  /** The person with this email: GET /users/{email} (UPN), else the user whose mail it is. */
  async findUser(email: string): Promise<GraphUser> {
    const select = '$select=id,userType';
    const direct = await this.call('GET', `users/${encodeURIComponent(email)}?${select}`, undefined, [404]);
    if (direct.status !== 404) return userOf(direct.body);
    const filter = encodeURIComponent(`mail eq '${email.replace(/'/g, "''")}'`);
    const found = await this.call('GET', `users?$filter=${filter}&${select}`);
    const list = ((found.body as { value?: unknown[] } | null)?.value ?? []) as unknown[];
    // Two directory users with one email cannot be told apart: refuse rather than guess.
    if (list.length !== 1) throw new GraphError(list.length ? 'GRAPH_USER_AMBIGUOUS' : 'GRAPH_USER_NOT_FOUND', true);
    return userOf(list[0]);
  }

  /** Installs the app for the user; 409 (already installed) is success. */
  async install(userId: string): Promise<void> {
    const body = { 'teamsApp@odata.bind': `${this.settings.apiUrl}appCatalogs/teamsApps/${encodeURIComponent(this.settings.catalogAppId)}` };
    await this.call('POST', `users/${encodeURIComponent(userId)}/teamwork/installedApps`, body, [409]);
  }

  /** The id of this app's installation for the user, or null when Graph does not list it (yet). */
  async installationId(userId: string): Promise<string | null> {
    const filter = encodeURIComponent(`teamsApp/id eq '${this.settings.catalogAppId}'`);
    const res = await this.call('GET', `users/${encodeURIComponent(userId)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`);
    const first = ((res.body as { value?: { id?: unknown }[] } | null)?.value ?? [])[0];
    return typeof first?.id === 'string' ? first.id : null;
  }

  /** The 1:1 chat of the installation, or null while Teams is still creating it. */
  async chatId(userId: string, installationId: string): Promise<string | null> {
    const res = await this.call('GET', `users/${encodeURIComponent(userId)}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`, undefined, [404]);
    const id = (res.body as { id?: unknown } | null)?.id;
    return res.status === 404 || typeof id !== 'string' ? null : id;
  }

  /**
   * One page of education users (issue #11: the school's pupils): the first page of
   * `education/users` (or `education/schools/{id}/users` for one school of a tenant), or the page an
   * earlier answer's `@odata.nextLink` names. A next link is followed only to this Graph's own
   * origin: the token is never sent anywhere else.
   */
  async educationUsersPage(from: { schoolId?: string } | { nextLink: string }): Promise<{ users: unknown[]; nextLink: string | null }> {
    let path: string;
    if ('nextLink' in from) {
      const base = new URL(this.settings.apiUrl);
      const next = new URL(from.nextLink);
      if (next.origin !== base.origin || !next.pathname.startsWith(base.pathname)) throw new GraphError('GRAPH_NEXT_LINK_FOREIGN', true);
      path = `${next.pathname.slice(base.pathname.length)}${next.search}`;
    } else {
      const select = '$select=id,givenName,surname,userPrincipalName,primaryRole,accountEnabled,student&$top=999';
      path = `${from.schoolId ? `education/schools/${encodeURIComponent(from.schoolId)}/users` : 'education/users'}?${select}`;
    }
    const res = await this.call('GET', path);
    const body = res.body as { value?: unknown; '@odata.nextLink'?: unknown } | null;
    const link = body?.['@odata.nextLink'];
    return { users: Array.isArray(body?.value) ? body.value : [], nextLink: typeof link === 'string' && link ? link : null };
  }

  private async call(method: string, path: string, body?: unknown, accept: number[] = []): Promise<{ status: number; body: unknown }> {
    let token: string | undefined;
    try {
      token = (await this.credential.getToken(this.scope, { abortSignal: AbortSignal.timeout(this.timeoutMs) }))?.token;
    } catch (err) {
      // The authority refusing the app (wrong secret, tenant or consent) stays refused: final, logged by code.
      // An authority that cannot be reached may come back: retried.
      const e = err as { name?: string; statusCode?: number };
      if (e.name === 'AuthenticationError' && (e.statusCode === 400 || e.statusCode === 401)) throw new GraphError('GRAPH_AUTH_REFUSED', true);
      throw new GraphError('GRAPH_TOKEN_UNAVAILABLE', false);
    }
    if (!token) throw new GraphError('GRAPH_TOKEN_UNAVAILABLE', false);
    let res: Response;
    try {
      res = await fetch(`${this.settings.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new GraphError('GRAPH_NETWORK', false);
    }
    const text = await res.text().catch(() => '');
    const parsed = text ? safeJson(text) : null;
    if (res.ok || accept.includes(res.status)) return { status: res.status, body: parsed };
    const code = String((parsed as { error?: { code?: unknown } } | null)?.error?.code ?? '').slice(0, 60);
    if (res.status === 429) throw new GraphError('GRAPH_THROTTLED', false, retryAfterMs(res.headers.get('retry-after')));
    // 404: no such user; 403: the permission is not granted or the app is blocked by policy; 400: a bad id.
    const final = res.status === 400 || res.status === 403 || res.status === 404;
    throw new GraphError(`GRAPH_${res.status}${code ? `_${code}` : ''}`, final, res.status === 503 ? retryAfterMs(res.headers.get('retry-after')) : undefined);
  }
}

function readCaFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`Invalid configuration:\n  GRAPH_CA_FILE cannot be read: ${file}`);
  }
}

function userOf(body: unknown): GraphUser {
  const u = body as { id?: unknown; userType?: unknown } | null;
  if (typeof u?.id !== 'string') throw new GraphError('GRAPH_USER_NOT_FOUND', true);
  return { id: u.id, guest: u.userType === 'Guest' };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function retryAfterMs(value: string | null): number | undefined {
  const secs = Number(value);
  return value && Number.isFinite(secs) ? Math.max(0, secs * 1000) : undefined;
}
