/**
 * How the CLI says a command failed: one coded line an admin can act on, never a raw
 * stack or a driver's dump (ECONNREFUSED with addresses), and never a control character echoed
 * back from the command line (an escape sequence could rewrite the admin's terminal).
 */
import { ConfigError } from './config';
import { SchoolConfigError } from './core/people/load-school';
import { DatabaseNotReadyError } from './store';
import { BIDI_CONTROLS, CONTROLS_BUT_WHITESPACE, LONE_SURROGATE } from './core/text-classes';

// C0/C1 controls, DEL, LRM/RLM, bidi overrides and isolates, and lone surrogates (tab and newlines
// are turned into spaces before this runs).
const UNPRINTABLE = new RegExp(`[${CONTROLS_BUT_WHITESPACE}\\u200e\\u200f${BIDI_CONTROLS}]|${LONE_SURROGATE}`, 'g');

/** Typed text made safe to print: controls shown as \uXXXX, cut to `max` characters. */
export function printable(text: string, max = 80): string {
  const safe = text.replace(/[\r\n\t]/g, ' ').replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const FILES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOSPC', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function codeOf(e: unknown): string | undefined {
  const o = e as { code?: unknown; errors?: unknown[] } | null;
  if (typeof o?.code === 'string') return o.code;
  // node's connect to several addresses throws an AggregateError whose parts carry the code.
  return Array.isArray(o?.errors) ? codeOf(o.errors[0]) : undefined;
}

/** The lines to print for an error a command threw: its own message when it is ours, else a coded sentence. */
export function describeFailure(e: unknown): string[] {
  if (e instanceof ConfigError || e instanceof SchoolConfigError || e instanceof DatabaseNotReadyError) return e.message.split('\n').map((l) => printable(l, 400));
  const code = codeOf(e);
  if (code && NETWORK.has(code)) return [`safeguard: DATABASE_UNREACHABLE (${code}): the database could not be reached. Check DATABASE_URL and that the database server is running.`];
  if (code && FILES.has(code)) return [`safeguard: DATABASE_UNAVAILABLE (${code}): the database could not be opened or written. Check DATABASE_URL, the file's permissions and free disk space.`];
  const name = printable(String((e as Error | null)?.name ?? 'Error'), 40);
  return [`safeguard: COMMAND_FAILED (${code ? printable(code, 40) : name}): the command did not finish. Nothing more is printed, as the detail may hold school data; run it again, or check the server's log.`];
}
