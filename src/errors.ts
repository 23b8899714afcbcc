/**
 * Coded errors. Messages here are safe to log: they never carry incident text or names.
 * `userMessage` is what a person is told; `code` is what machines and logs see.
 */
export const ERROR_CODES = {
  BAD_INPUT: 'BAD_INPUT',
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  STALE: 'STALE',
  REFUSED: 'REFUSED',
  NOT_PERSONAL_CHAT: 'NOT_PERSONAL_CHAT',
  IDENTITY_UNKNOWN: 'IDENTITY_UNKNOWN',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    /** HTTP-like status for machine answers (Teams invoke error responses). */
    readonly status = 400,
  ) {
    super(`${code}: ${userMessage}`);
  }
}

export const notFound = (msg = 'That record no longer exists.') => new AppError('NOT_FOUND', msg, 404);
export const forbidden = (msg = "Sorry — you don't have access to this concern. Nothing was changed, and the attempt has been recorded.") =>
  new AppError('FORBIDDEN', msg, 403);
