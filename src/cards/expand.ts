/**
 * The card template core: load cards/<name>.json once, expand it with adaptivecards-templating,
 * and refuse to return a card that shows any sign of a template bug.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { escapeData, unescapeText } from './escape';
import type { AdaptiveCard } from './types';

/** Every template in cards/, one render function each. */
export const TEMPLATE_NAMES = [
  'wizard-step',
  'review',
  'confirmation',
  'notice',
  'incident-summary',
  'incident-details',
  'ask-reporter',
  'duty-reminder',
  'aua',
  'duty-status',
  'filter-request',
  'draft-reminder',
  'pupil-chronology',
  'pupil-matches',
  'open-concerns',
  'task',
  'follow-up',
  'pattern-alert',
] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** A template bug found at load or expansion. Messages name the template and a JSON path, never data. */
export class CardTemplateError extends Error {
  readonly code = 'CARD_TEMPLATE';

  constructor(
    readonly template: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`card template "${template}": ${message}`, options);
    this.name = 'CardTemplateError';
  }
}

/** A template prepared for expansion. */
export interface CompiledTemplate {
  name: string;
  template: ACData.Template;
  /** The warnings the library emits for a `$when` that is simply false (see compileTemplate). */
  falseWhenWarnings: ReadonlySet<string>;
}

// The project's cards/ folder, two levels up from src/cards (ts-node) and dist/cards (npm run build) alike.
const CARDS_DIR = [path.resolve(__dirname, '../../cards')].find((dir) => fs.existsSync(path.join(dir, 'wizard-step.json')));

const cache = new Map<TemplateName, CompiledTemplate>();

/** The absolute path of the cards/ folder. */
export function cardsDir(): string {
  if (!CARDS_DIR) throw new CardTemplateError('*', 'cannot find the cards/ folder');
  return CARDS_DIR;
}

/** Expands cards/<name>.json with `data` (escaped first); throws CardTemplateError on any template bug. */
export function expand(name: TemplateName, data: object): AdaptiveCard {
  let compiled = cache.get(name);
  if (!compiled) {
    const file = path.join(cardsDir(), `${name}.json`);
    compiled = compileTemplate(name, JSON.parse(fs.readFileSync(file, 'utf8')));
    cache.set(name, compiled);
  }
  return expandTemplate(compiled, data);
}

const STRICT_WHEN_GUARD = 'whenMustBeABoolean';

/**
 * Prepares a template. Every `$when` must be one `${expression}`; it is rewritten to
 * `${if(isBoolean(e), e, whenMustBeABoolean())}` so that a condition that is missing or not a
 * boolean calls an unknown function, which the library throws on. This is needed because
 * adaptivecards-templating 2.3.1 warns "Unable to parse the Adaptive Expression" for every
 * `$when` that is simply false (template-engine.ts tests `!value`, not `error`): after the
 * rewrite that warning can only mean "false", so it is the one warning expand() tolerates.
 */
export function compileTemplate(name: string, json: unknown): CompiledTemplate {
  const falseWhenWarnings = new Set<string>();
  const rewritten = rewriteWhens(name, json, '$', falseWhenWarnings);
  return { name, template: new ACData.Template(rewritten), falseWhenWarnings };
}

function rewriteWhens(name: string, node: unknown, at: string, warnings: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item, i) => rewriteWhens(name, item, `${at}[${i}]`, warnings));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$when') {
      const match = typeof value === 'string' ? /^\$\{([^]+)\}$/.exec(value) : null;
      if (!match || match[1].includes('${')) {
        throw new CardTemplateError(name, `${at}.$when must be a single \${expression}`);
      }
      const condition = match[1];
      const strict = `\${if(isBoolean(${condition}), ${condition}, ${STRICT_WHEN_GUARD}())}`;
      let parsed: unknown;
      try {
        parsed = ACData.Template.parseInterpolatedString(strict);
      } catch (err) {
        throw new CardTemplateError(name, `${at}.$when does not parse`, { cause: err });
      }
      warnings.add(`WARN: Unable to parse the Adaptive Expression ${String(parsed)}. The $when condition has been set to false by default.`);
      out[key] = strict;
    } else {
      out[key] = rewriteWhens(name, value, `${at}.${key}`, warnings);
    }
  }
  return out;
}

/** Expands a compiled template; see {@link expand}. */
export function expandTemplate(compiled: CompiledTemplate, data: object): AdaptiveCard {
  const { name, template } = compiled;
  let expanded: unknown;
  try {
    expanded = template.expand({ $root: escapeData(data) });
  } catch (err) {
    const reason = err instanceof Error && err.message.includes(STRICT_WHEN_GUARD) ? 'a $when is missing or not a boolean' : 'expansion failed';
    throw new CardTemplateError(name, reason, { cause: err });
  }
  const warnings = template.getLastTemplateExpansionWarnings().filter((w) => !compiled.falseWhenWarnings.has(w));
  if (warnings.length > 0) throw new CardTemplateError(name, `templating warning: ${warnings.join(' | ')}`);

  // Optional values are passed as null and dropped here, so absent means absent in the card.
  const card = pruneNulls(expanded);
  const leftover = findLeftover(card, '$');
  if (leftover) throw new CardTemplateError(name, `unexpanded \${ at ${leftover} (missing data or a typo)`);
  restoreInputValues(card);

  if (!isCard(card)) throw new CardTemplateError(name, 'root must be an AdaptiveCard of version 1.5 with $schema');
  return card;
}

function isCard(value: unknown): value is AdaptiveCard {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const card = value as Record<string, unknown>;
  return card.type === 'AdaptiveCard' && card.version === '1.5' && typeof card.$schema === 'string';
}

function pruneNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((item) => item !== null).map(pruneNulls);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (value !== null) out[key] = pruneNulls(value);
  return out;
}

/** Data was escaped, so a `${` here came from the template. Returns its JSON path. */
function findLeftover(node: unknown, at: string): string | undefined {
  if (typeof node === 'string') return node.includes('${') ? at : undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = findLeftover(node[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const found = findLeftover(value, `${at}.${key}`) ?? (key.includes('${') ? `${at}.${key}` : undefined);
      if (found) return found;
    }
  }
  return undefined;
}

/** Input values are never rendered as text, and must come back exactly as typed: undo the escaping. */
function restoreInputValues(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(restoreInputValues);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.type === 'string' && obj.type.startsWith('Input.')) {
    if (typeof obj.value === 'string') obj.value = unescapeText(obj.value);
    if (Array.isArray(obj.choices)) {
      for (const choice of obj.choices as Record<string, unknown>[]) {
        if (typeof choice.value === 'string') choice.value = unescapeText(choice.value);
      }
    }
  }
  Object.values(obj).forEach(restoreInputValues);
}
