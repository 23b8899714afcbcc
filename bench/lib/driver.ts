/**
 * The load driver, run as its own process so that sending load never competes with the server
 * under test for the same event loop. The parent sends one job at a time over IPC: a list of
 * prepared HTTP requests and a concurrency; the driver keeps that many in flight on keep-alive
 * sockets and answers with each request's latency and the wall time of the whole batch.
 */
import http from 'node:http';

/** One prepared request. */
export interface DriverRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A batch to send. */
export interface DriverJob {
  url: string;
  concurrency: number;
  requests: DriverRequest[];
  /** Status codes counted as success (default 200 only). */
  ok?: number[];
  /** When set, an answer whose body does not match this regular expression counts as an error. */
  bodyMatches?: string;
}

/** What the driver measured. */
export interface DriverResult {
  latencies: number[];
  /** When each request was sent (ms since the epoch), to time work a server does after answering. */
  sentAt: number[];
  wallMs: number;
  errors: number;
  firstError?: string;
}

function send(agent: http.Agent, base: URL, r: DriverRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, method: 'POST', path: r.path, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Runs one job in this process (the child calls it; exported for a self-test). */
export async function drive(job: DriverJob): Promise<DriverResult> {
  const base = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const ok = new Set(job.ok ?? [200]);
  const must = job.bodyMatches ? new RegExp(job.bodyMatches) : null;
  const latencies: number[] = new Array(job.requests.length);
  const sentAt: number[] = new Array(job.requests.length);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= job.requests.length) return;
      const t = performance.now();
      sentAt[i] = performance.timeOrigin + t;
      try {
        const res = await send(agent, base, job.requests[i]);
        if (!ok.has(res.status) || (must && !must.test(res.body))) {
          errors++;
          firstError ??= `HTTP ${res.status} ${res.body.slice(0, 200)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
      latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const wallMs = performance.now() - start;
  agent.destroy();
  return { latencies, sentAt, wallMs, errors, firstError };
}

if (require.main === module) {
  process.on('message', (job: DriverJob) => {
    void drive(job).then((r) => process.send?.(r));
  });
}
