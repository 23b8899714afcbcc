/**
 * Helpers of the hostile-input suite: a log sink that checks every line is a coded
 * structured line with no payload, a row-count snapshot of the whole database, and a fake OpenID
 * provider (metadata + signing keys on loopback) to mint Bot Framework tokens that botbuilder's
 * real validation accepts or rejects.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { Store } from '../../src/core/ports';

/** A pino logger writing JSON lines to memory. */
export function captureLog() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'trace' }, sink);
  return {
    log,
    lines,
    /** The parsed lines. */
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    /** Asserts every line is structured, carries a code, no stack, and none of `secrets`. */
    assertOnlyCodes(secrets: string[] = []) {
      for (const line of lines) {
        const rec = JSON.parse(line) as Record<string, unknown>;
        assert.equal(typeof rec.code, 'string', `a log line without a code: ${line.slice(0, 200)}`);
        assert.ok(!/"stack"|\bat [\w.]+ \(|AuthenticationError|Bearer /.test(line), `a log line with internals: ${line.slice(0, 200)}`);
        for (const s of secrets) assert.ok(!line.includes(s), `the log holds ${s}`);
      }
    },
  };
}

/** Row counts of every application table (migrations bookkeeping left out). */
export async function rowCounts(store: Store): Promise<Record<string, number>> {
  const ds = (store as unknown as { dataSource: DataSource }).dataSource;
  const sqlite = ds.options.type !== 'postgres';
  const tables = (
    (await ds.query(
      sqlite ? "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'" : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    )) as { name: string }[]
  )
    .map((t) => t.name)
    .filter((n) => n !== 'migrations' && n !== 'typeorm_metadata')
    .sort();
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number(((await ds.query(`SELECT COUNT(*) AS n FROM "${t}"`)) as { n: number | string }[])[0].n);
  return out;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A fake Bot Framework OpenID provider: serves its metadata and keys, and signs tokens with them. */
export class FakeOpenId {
  readonly kid = 'fake-key-1';
  private readonly keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  /** Starts on a loopback port; `url` is the metadata URL (ToBotFromChannelOpenIdMetadataUrl). */
  static async start(): Promise<FakeOpenId> {
    let self: FakeOpenId | null = null;
    const server = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/keys') {
        const jwk = self!.keys.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
        res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: self!.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
      } else {
        res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    self = new FakeOpenId(server, `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/openidconfiguration`);
    return self;
  }

  /** A channel token (as the Bot Framework service would send) for `appId` and `serviceUrl`; `sign: 'other'` uses a key nobody published. */
  token(appId: string, serviceUrl: string, o: { sign?: 'ours' | 'other'; kid?: string; expiresIn?: number } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: o.kid ?? this.kid }));
    const payload = b64url(JSON.stringify({ iss: 'https://api.botframework.com', aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + (o.expiresIn ?? 3600) }));
    const key = o.sign === 'other' ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : this.keys.privateKey;
    const sig = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
    return `${header}.${payload}.${b64url(sig)}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** POSTs raw bytes to a path of the app; the answer's JSON (or text). */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* text stays text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The coded error of a JSON answer. */
export function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | undefined)?.error?.code;
}
