/**
 * The logger. Log codes, ids and counts — never incident text, names or emails of the people involved.
 * Redaction below is a second line of defence for keys that could carry such text.
 */
import pino from 'pino';

export type Logger = pino.Logger;

/** Creates the process logger at the given level. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['answers', '*.answers', 'text', '*.text', 'value', '*.value', 'activity', '*.activity', 'email', '*.email', 'name', '*.name'],
      censor: '[redacted]',
    },
  });
}

/**
 * A log line per code at most `perWindow` times per window, then one "suppressed" count when the
 * window turns: an unauthenticated flood cannot fill the disk. Fields must be codes and ids.
 */
export function rateLimitedLog(log: Logger, opts: { perWindow?: number; windowMs?: number; now?: () => number } = {}) {
  const perWindow = opts.perWindow ?? 10;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const seen = new Map<string, { start: number; count: number }>();
  return (level: 'warn' | 'error' | 'info', code: string, msg: string, fields: Record<string, string | number | boolean> = {}): void => {
    const t = now();
    let w = seen.get(code);
    if (!w || t - w.start >= windowMs) {
      const suppressed = w ? w.count - perWindow : 0;
      if (suppressed > 0) log.warn({ code, suppressed }, 'log lines suppressed');
      w = { start: t, count: 0 };
      seen.set(code, w);
    }
    w.count += 1;
    if (w.count <= perWindow) log[level]({ code, ...fields }, msg);
  };
}

/** The shape of rateLimitedLog's result. */
export type LimitedLog = ReturnType<typeof rateLimitedLog>;

const LIBRARIES: [RegExp, string][] = [
  [/node_modules[\\/](botbuilder[\w-]*|botframework-[\w-]+)[\\/]/, 'botbuilder'],
  [/node_modules[\\/]@slack[\\/]/, 'slack'],
  [/node_modules[\\/]@azure[\\/]/, 'azure'],
];
let consoleTarget: LimitedLog | null = null;
let original: Pick<Console, 'error' | 'warn' | 'log'> | null = null;

/**
 * botbuilder prints rejected tokens (and their stacks) with console.error, outside any logger. While
 * an app runs, console lines whose caller is one of those libraries become one coded, rate-limited
 * line in our logger (code LIBRARY_CONSOLE, the library's name, no payload); other lines are untouched.
 * Returns the undo.
 */
export function routeLibraryConsole(target: LimitedLog): () => void {
  if (!original) {
    original = { error: console.error, warn: console.warn, log: console.log };
    for (const level of ['error', 'warn', 'log'] as const) {
      const passThrough = original[level];
      console[level] = (...args: unknown[]) => {
        const stack = new Error().stack ?? '';
        const lib = consoleTarget && LIBRARIES.find(([re]) => re.test(stack.split('\n').slice(2, 6).join('\n')));
        if (lib && consoleTarget) consoleTarget(level === 'log' ? 'info' : level, 'LIBRARY_CONSOLE', 'a library wrote to the console (content dropped)', { library: lib[1] });
        else passThrough.apply(console, args);
      };
    }
  }
  consoleTarget = target;
  return () => {
    if (consoleTarget === target) consoleTarget = null;
  };
}
