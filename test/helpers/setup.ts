// Mocha setup: quiet logs in tests unless LOG_LEVEL is given, and a check that every spec file
// closes what it opens (mocha runs without --exit, so a leaked handle would hang the run instead).
import { createHook } from 'node:async_hooks';
import type { Context, Suite } from 'mocha';

process.env.LOG_LEVEL ??= 'silent';

// The process's own stdio, and work the event loop finishes by itself on the next turn.
const IGNORED = new Set(['TTYWrap', 'PipeWrap', 'Immediate', 'FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap']);
// Closing a socket or a server completes a turn or two after close() resolves: wait this long for it.
const SETTLE_MS = 2000;

/** Counts the resources keeping the event loop alive, by type, leaving out those in IGNORED. */
function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) if (!IGNORED.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** What `now` holds beyond `before`, as "2 × TCPSocketWrap", or [] when nothing is left open. */
function leftOpen(before: Map<string, number>, now: Map<string, number>): string[] {
  return [...now].flatMap(([type, n]) => (n > (before.get(type) ?? 0) ? [`${n - (before.get(type) ?? 0)} × ${type}`] : []));
}

// LEAK_TRACE=1 records where each timer, socket, server and child process was made, so the failure can say which line leaked it.
const TRACED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'PROCESSWRAP']);
const created = new Map<number, { type: string; stack: string; resource: { hasRef?: () => boolean } }>();
if (process.env.LEAK_TRACE === '1') {
  createHook({
    init(id, type, _trigger, resource: { hasRef?: () => boolean }) {
      if (TRACED.has(type)) created.set(id, { type, resource, stack: (new Error().stack ?? '').split('\n').slice(2, 14).join('\n') });
    },
    destroy(id) {
      created.delete(id);
    },
  }).enable();
}
/** Where the traced handles still open were made (only with LEAK_TRACE=1). */
function whereMade(): string {
  if (process.env.LEAK_TRACE !== '1') return ' (LEAK_TRACE=1 says where each was made)';
  const open = [...created.values()].filter((c) => c.resource.hasRef?.() !== false && !c.stack.includes('helpers/setup.ts'));
  return `\n${open.map((c) => `${c.type}\n${c.stack}`).join('\n--\n')}`;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves with what is still open after up to SETTLE_MS, polling on event-loop turns (a timer would count itself). */
async function settledLeftovers(before: Map<string, number>): Promise<string[]> {
  const until = Date.now() + SETTLE_MS;
  let extra = leftOpen(before, activeHandles());
  while (extra.length && Date.now() < until) {
    await turn();
    extra = leftOpen(before, activeHandles());
  }
  return extra;
}

/** Adds a before/after pair around each spec file's top-level suites, checking the file leaves nothing open. */
function watchFiles(root: Suite): void {
  const byFile = new Map<string, Suite[]>();
  for (const suite of root.suites) {
    const file = suite.file ?? suite.title;
    byFile.set(file, [...(byFile.get(file) ?? []), suite]);
  }
  for (const [file, suites] of byFile) {
    let before = new Map<string, number>();
    // Both hooks take `done`, so mocha's own timeout timer for the hook is running in each when counting.
    suites[0]!.beforeAll('count open handles before this file', (done) => {
      before = activeHandles();
      done();
    });
    suites.at(-1)!.afterAll('check this file closed every handle it opened', function (this: Context, done: Mocha.Done) {
      this.timeout(SETTLE_MS + 5000);
      settledLeftovers(before).then((extra) => {
        if (!extra.length) return done();
        done(new Error(`${file} left handles open after its tests: ${extra.join(', ')}. Close servers, clear or unref timers, destroy data sources.${whereMade()}`));
      }, done);
    });
  }
}

export const mochaHooks = {
  beforeAll(this: Context) {
    const root = this.test?.parent;
    if (root) watchFiles(root);
  },
};
