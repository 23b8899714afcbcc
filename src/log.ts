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
