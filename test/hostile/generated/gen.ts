/**
 * The generator of the hostile-input suite: a seeded PRNG (mulberry32) so a failing run
 * can be replayed with HOSTILE_SEED=<seed>, hostile strings and values, and a tally of every case
 * (entry point × kind × outcome) printed when the run ends.
 */
import assert from 'node:assert/strict';
import type { captureLog } from '../helpers';

/**
 * The seed of this run (printed so a failure can be replayed): HOSTILE_SEED, or one from the clock
 * with HOSTILE_SEED=random (to explore), else a fixed seed so CI runs the same cases every time.
 */
const FIXED_SEED = 20261202;
export const SEED =
  process.env.HOSTILE_SEED === 'random'
    ? (Date.now() ^ (process.pid << 16)) >>> 0
    : process.env.HOSTILE_SEED
      ? Number(process.env.HOSTILE_SEED) >>> 0
      : FIXED_SEED;

/** A deterministic generator of random choices (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A generator for one spec file: its own stream of the run's seed, so specs replay alone too. */
export function rngFor(spec: string): Rng {
  let h = SEED;
  for (const c of spec) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return new Rng(h);
}

let canaries = 0;
/** A word that appears in one case's payload and must appear nowhere in the log. */
export function canary(): string {
  return `Zqx${(++canaries).toString(36)}Vw${SEED.toString(36)}`;
}

/** Hostile text shapes: each carries `c` (the case's canary) somewhere a careless handler would log or echo. */
export const STRING_KINDS = ['huge', 'nul', 'lone-surrogate', 'rtl', 'control', 'ansi', 'template', 'slack-mention', 'sql', 'cjk-emoji', 'combining', 'one-long-word', 'newlines', 'html', 'empty', 'spaces'] as const;
export type StringKind = (typeof STRING_KINDS)[number];

/** One hostile string of `kind` around the canary `c`. */
export function hostileString(kind: StringKind, c: string, rng: Rng): string {
  switch (kind) {
    case 'huge':
      return `${c} ${'A'.repeat(50_000 + rng.int(60_000))}`;
    case 'nul':
      return `${c}\u0000report\u0000`;
    case 'lone-surrogate':
      return `${c}\ud800 and \udfff`;
    case 'rtl':
      return `\u202e${c}\u202d\u2066gnp.exe\u2069`;
    case 'control':
      return `${c}\u0007\u0008\u001b\u007f\u0085`;
    case 'ansi':
      return `\u001b[2J\u001b[31m${c}\u001b]0;pwned\u0007`;
    case 'template':
      return `\${${c}} {{${c}}} \${$root.secret}`;
    case 'slack-mention':
      return `<!channel> <!here> <@U1> ${c} <https://evil.example|click>`;
    case 'sql':
      return `${c}'; DROP TABLE incidents; --`;
    case 'cjk-emoji':
      return `${c} ${'保護👩‍👧‍👦'.repeat(1000 + rng.int(4000))}`;
    case 'combining':
      return `${c}${'\u0301\u0336'.repeat(5000)}`;
    case 'one-long-word':
      return `${c}${'abcdefghij'.repeat(10_000)}`;
    case 'newlines':
      return `${c}${'\r\n'.repeat(20_000)}`;
    case 'html':
      return `<script>alert('${c}')</script><img src=x onerror=alert(1)>`;
    case 'empty':
      return '';
    case 'spaces':
      return ' \t '.repeat(100);
  }
}

/** A value of the wrong type (or a hostile string), for a field that expects something else. */
export function wrongValue(rng: Rng, c: string): unknown {
  const kinds = [
    () => null,
    () => 42,
    () => -1,
    () => 1e308,
    () => true,
    () => [],
    () => [c, 1, null],
    () => ({}),
    () => ({ [c]: { toString: c } }),
    () => ({ __proto__: { admin: true }, constructor: { prototype: { admin: true } } }),
    () => Array.from({ length: 2000 }, (_, i) => i),
    () => deep(200, c),
    () => hostileString(rng.pick(STRING_KINDS), c, rng),
  ];
  return rng.pick(kinds)();
}

/** An object nested `n` levels deep. */
export function deep(n: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

/** Outcome tally across the whole run, printed by the root `after` hook. */
const tally = new Map<string, Map<string, Map<string, number>>>();

/** Counts one case: its entry point, its kind and what happened (e.g. "401 UNAUTHENTICATED"). */
export function count(entry: string, kind: string, outcome: string): void {
  const byKind = tally.get(entry) ?? new Map<string, Map<string, number>>();
  tally.set(entry, byKind);
  const byOutcome = byKind.get(kind) ?? new Map<string, number>();
  byKind.set(kind, byOutcome);
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
}

/** The tally as printed rows; the total last. */
export function tallyLines(): string[] {
  const lines = [`Hostile-input suite: seed ${SEED} (replay with HOSTILE_SEED=${SEED})`, `${'entry point'.padEnd(14)} ${'kind'.padEnd(30)} ${'cases'.padStart(6)}  outcomes`];
  let total = 0;
  for (const [entry, byKind] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    let sub = 0;
    for (const [kind, byOutcome] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
      const n = [...byOutcome.values()].reduce((a, b) => a + b, 0);
      sub += n;
      const outcomes = [...byOutcome].sort((a, b) => b[1] - a[1]).map(([o, k]) => `${o} ×${k}`).join(', ');
      lines.push(`${entry.padEnd(14)} ${kind.padEnd(30)} ${String(n).padStart(6)}  ${outcomes}`);
    }
    lines.push(`${entry.padEnd(14)} ${'(all)'.padEnd(30)} ${String(sub).padStart(6)}`);
    total += sub;
  }
  lines.push(`${'TOTAL'.padEnd(14)} ${''.padEnd(30)} ${String(total).padStart(6)}`);
  return lines;
}

/** The number of cases counted so far. */
export function totalCases(): number {
  let n = 0;
  for (const byKind of tally.values()) for (const byOutcome of byKind.values()) for (const k of byOutcome.values()) n += k;
  return n;
}

// One root hook, registered once however many generated specs load this module: the table at the end.
after(function () {
  if (totalCases() > 0) process.stdout.write(`\n${tallyLines().join('\n')}\n`);
});

/** Asserts the log lines written since `from` are coded and hold none of `secrets` (the canary, names, emails). */
export function assertLogClean(cap: ReturnType<typeof captureLog>, from: number, secrets: string[], what: string): void {
  for (const line of cap.lines.slice(from)) {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      assert.fail(`${what}: a log line that is not JSON: ${line.slice(0, 120)}`);
    }
    assert.equal(typeof rec.code, 'string', `${what}: a log line without a code: ${line.slice(0, 160)}`);
    assert.ok(!/"stack"|\bat [\w.<>]+ \(/.test(line), `${what}: a log line with a stack: ${line.slice(0, 160)}`);
    for (const s of secrets) if (s) assert.ok(!line.includes(s), `${what}: the log holds case text ${s.slice(0, 40)}: ${line.slice(0, 160)}`);
  }
}

/** Asserts an answer body carries no internals (stack frames, library or driver errors). */
export function assertNoInternals(body: unknown, what: string): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  assert.doesNotMatch(text, /\bat [\w.<>]+ \(|stack|TypeError|ReferenceError|SyntaxError|ECONNREFUSED|SQLITE_|QueryFailedError|botbuilder|jsonwebtoken|<html/i, `${what}: the answer shows internals: ${text.slice(0, 200)}`);
}

// The audit trail must record a refused attempt, and a permitted look: those rows are expected, not changes.
const AUDIT_ONLY = ['unauthorised_attempt', 'viewed'];

/** The tables whose rows differ between two dumps (leaving out `ignore` and audit-only events). */
export function changedTables(before: string, after: string, ignore: string[] = []): string[] {
  const a = JSON.parse(before) as Record<string, unknown[]>;
  const b = JSON.parse(after) as Record<string, unknown[]>;
  const clean = (o: Record<string, unknown[]>, t: string) => JSON.stringify(t === 'incident_events' ? (o[t] ?? []).filter((e) => !AUDIT_ONLY.includes((e as { type: string }).type)) : o[t]);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => !ignore.includes(t) && clean(a, t) !== clean(b, t));
}
