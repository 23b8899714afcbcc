/**
 * Reads the school file (YAML) into a validated School. Every problem is reported at once, each
 * as `<file>:<line>:<col> <field.path> <message>` so an admin can fix the whole file in one pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isPair, isScalar, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { School, schoolSchema, type SchoolFile } from './school';
import { BIDI_CONTROLS, CONTROLS_BUT_WHITESPACE, LONE_SURROGATE } from '../text-classes';

/** One problem in a school file, located in the source text (line and col are 1-based). */
export interface SchoolProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted field path, e.g. `people.2.email`; empty for the whole file. */
  field: string;
  message: string;
}

/** The school file is missing, unreadable, not YAML, or breaks the schema; `problems` lists each one. */
export class SchoolConfigError extends Error {
  readonly code = 'SCHOOL_CONFIG_INVALID';
  constructor(
    message: string,
    readonly problems: SchoolProblem[] = [],
  ) {
    super(message);
    this.name = 'SchoolConfigError';
  }
}

/** Formats one problem as `<file>:<line>:<col> <field> <message>` (the field is left out when empty). */
export function formatProblem(p: SchoolProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.field ? `${p.field} ` : ''}${p.message}`;
}

/** Reads and validates the school file at filePath; throws SchoolConfigError naming the path (and SCHOOL_CONFIG) when it is missing. */
export function loadSchool(filePath: string): School {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const where = path.resolve(filePath);
    const why =
      code === 'ENOENT'
        ? `School file not found: ${where}`
        : code === 'EISDIR'
          ? `School file is a directory, not a file: ${where}`
          : `School file could not be read (${code ?? 'unknown error'}): ${where}`;
    throw new SchoolConfigError(`${why}. Set SCHOOL_CONFIG to the path of your school file (see config/demo-school.yaml).`);
  }
  return parseSchool(text, filePath, { checkFiles: true });
}

/**
 * Parses and validates school-file YAML text; fileName locates problems and, with `checkFiles`
 * (loadSchool), is the folder against which the files the school names (the AUA) must exist.
 */
export function parseSchool(text: string, fileName: string, opts: { checkFiles?: boolean } = {}): School {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: fileName, line, col };
  };
  // A school file is a few kilobytes; a huge or deeply nested one is refused before parsing, so it cannot stall the loader.
  const hostile = hostileShape(text);
  if (hostile) throw invalid(fileName, [{ file: fileName, line: 1, col: 1, field: '', message: hostile }]);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });

  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({ ...at(e.pos[0]), field: '', message: `YAML syntax: ${e.message}` }));
    throw invalid(fileName, problems);
  }

  // A name or id with a control character (an escape sequence, a NUL, a bidi override) would reach
  // cards, logs and terminals as it is: refused where it is written.
  const controls: SchoolProblem[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && CONTROL_CHARS.test(node.value) && controls.length < 20)
        controls.push({ ...at(node.range?.[0] ?? 0), field: '', message: 'contains a control character (or a text-direction override): remove it' });
    },
  });
  if (controls.length > 0) throw invalid(fileName, controls);

  let input: unknown;
  try {
    // yaml throws a ReferenceError on an alias bomb ("billion laughs"): a problem of the file, not a crash.
    input = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    throw invalid(fileName, [{ file: fileName, line: 1, col: 1, field: '', message: `YAML aliases expand too far (more than ${MAX_ALIASES}): write the values out` }]);
  }
  const parsed = schoolSchema.safeParse(input, { error: friendlyMessage });
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => ({ ...at(locate(doc, issue.path)), field: issue.path.map(String).join('.'), message: issue.message }))
      .sort((a, b) => a.line - b.line || a.col - b.col);
    throw invalid(fileName, problems);
  }
  // The schema drops keys it does not know; a misspelt optional key (concern_about_chiar) would
  // silently change who is told, so an unknown key is an error here.
  const unknown = unknownKeys(input, parsed.data, []);
  if (unknown.length > 0) {
    const problems = unknown.map((keyPath) => ({
      ...at(mapKey(doc, keyPath)?.range?.[0] ?? locate(doc, keyPath)),
      field: keyPath.map(String).join('.'),
      message: 'is not a known key: check its spelling against config/demo-school.yaml',
    }));
    throw invalid(fileName, problems);
  }
  // Configuration that cannot mislead: rules zod cannot see, each located in the file.
  const misleading = misleadingSettings(parsed.data, path.dirname(fileName), opts.checkFiles === true).map(({ at: keyPath, message }) => ({
    ...at(locate(doc, keyPath)),
    field: keyPath.map(String).join('.'),
    message,
  }));
  if (misleading.length > 0) throw invalid(fileName, misleading);
  return new School(parsed.data, path.dirname(fileName));
}

// C0 controls but tab and newlines, DEL, C1 controls, bidi overrides and isolates, lone surrogates.
const CONTROL_CHARS = new RegExp(`[${CONTROLS_BUT_WHITESPACE}${BIDI_CONTROLS}]|${LONE_SURROGATE}`);
const MAX_BYTES = 1_000_000;
const MAX_DEPTH = 32;
const MAX_ALIASES = 100;

/** Why text is too large or too deeply nested to be a school file (flow brackets or indentation), else null. */
function hostileShape(text: string): string | null {
  if (text.length > MAX_BYTES) return `is larger than ${MAX_BYTES / 1_000_000} MB: a school file is a few kilobytes`;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    if (depth > MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`;
  }
  // Block nesting: two spaces (or one) per level, so a very deep indent is a very deep nesting.
  for (const l of text.split('\n')) if (l.length - l.trimStart().length > MAX_DEPTH * 4) return `is indented more than ${MAX_DEPTH * 4} columns (nested too deep)`;
  return null;
}

/** Settings that parse but would mislead: who is told, where the AUA is read from, where messages go. */
function misleadingSettings(f: SchoolFile, dir: string, checkFiles: boolean): { at: PropertyKey[]; message: string }[] {
  const out: { at: PropertyKey[]; message: string }[] = [];
  const alt = f.routes.concern_about_chair;
  // KCSiE Part 4: a concern about the chair must never go to the chair.
  if (alt && f.people.some((p) => p.email === alt && p.roles.includes('chair_of_governors')))
    out.push({ at: ['routes', 'concern_about_chair'], message: 'names the chair of governors: a concern about the chair would go to the chair. Name the vice-chair (or another governor) instead' });
  const serviceUrl = f.safeguarding_team.teams?.service_url;
  if (serviceUrl && !isHttpsOrLoopback(serviceUrl))
    out.push({ at: ['safeguarding_team', 'teams', 'service_url'], message: 'must be an https:// URL (http:// only for a loopback trial: localhost or 127.0.0.1)' });
  if (!f.safeguarding_team.teams && !f.safeguarding_team.slack)
    out.push({ at: ['safeguarding_team'], message: 'names no DSL team channel: give safeguarding_team.teams.channel_id or safeguarding_team.slack.channel_id (or both)' });
  const auaFile = f.duties?.aua?.file;
  if (auaFile) {
    const root = path.resolve(dir);
    const full = path.resolve(root, auaFile);
    if (path.isAbsolute(auaFile) || !(full === root || full.startsWith(root + path.sep)))
      out.push({ at: ['duties', 'aua', 'file'], message: 'must be a file inside the school file\'s folder (a relative path without ..)' });
    else if (checkFiles && !isFileInside(full, root))
      out.push({ at: ['duties', 'aua', 'file'], message: `was not found next to the school file (looked for ${full})` });
  }
  return out;
}

function isHttpsOrLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return u.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
  } catch {
    return false;
  }
}

/** Whether `full` is a regular file whose real path (symlinks followed) is still inside `root`. */
function isFileInside(full: string, root: string): boolean {
  try {
    const real = fs.realpathSync(full);
    const realRoot = fs.realpathSync(root);
    return fs.statSync(real).isFile() && real.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

/** Paths of keys in the input mappings that the parsed result does not have (zod strips unknown keys). */
function unknownKeys(input: unknown, output: unknown, at: PropertyKey[]): PropertyKey[][] {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((item, i) => unknownKeys(item, output[i], [...at, i]));
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((k) => (k in output ? unknownKeys(input[k], output[k], [...at, k]) : [[...at, k]]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(fileName: string, problems: SchoolProblem[]): SchoolConfigError {
  const n = problems.length;
  const lines = problems.map((p) => `  ${formatProblem(p)}`).join('\n');
  return new SchoolConfigError(`Invalid school file ${fileName} (${n} problem${n === 1 ? '' : 's'}):\n${lines}`, problems);
}

/**
 * Source offset for a zod issue path: the value when it is a scalar, the key when it is a mapping
 * or list (so `people` points at `people:`), else the nearest parent that exists in the file.
 */
function locate(doc: Document, issuePath: readonly PropertyKey[]): number {
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const here = issuePath.slice(0, depth);
    const node = doc.getIn(here, true) as YamlNode | undefined;
    if (!node || typeof node !== 'object' || !node.range) continue;
    if (isScalar(node) || depth === 0) return node.range[0];
    const key = mapKey(doc, here);
    return key?.range ? key.range[0] : node.range[0];
  }
  return 0;
}

function mapKey(doc: Document, nodePath: readonly PropertyKey[]): YamlNode | undefined {
  const parent = doc.getIn(nodePath.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = nodePath[nodePath.length - 1];
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

/** Plain-English messages for zod's built-in checks; a message written in the schema wins over this. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (!issue.path?.length)
        return issue.input == null ? 'the file is empty: start from config/demo-school.yaml' : 'the file must be a mapping with school, people and safeguarding_team';
      if (issue.input === undefined) return 'is required';
      if (issue.input === null) return `is empty: give ${TYPE_NAMES[issue.expected] ?? issue.expected} or remove the key`;
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')} (got ${JSON.stringify(issue.input)})`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must list at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum}`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL such as https://…' : `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
}
