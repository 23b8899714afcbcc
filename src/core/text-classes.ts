/**
 * Characters that must never pass unseen into a name, a school file or a terminal, defined once for
 * every check that refuses, escapes or strips them (RegExp sources, so each check picks its flags).
 */

/** C0 controls except tab, LF and CR; DEL; C1 controls. */
export const CONTROLS_BUT_WHITESPACE = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

/** Bidirectional embeddings, overrides and isolates: they make "moc.loohcs@eve" display as another address. */
export const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (not valid UTF-8). */
export const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
