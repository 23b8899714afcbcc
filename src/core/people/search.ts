/**
 * Searching the school's people for the "who is it about" picker (Teams Data.Query typeahead, Slack
 * external_select). Pure: ranks by full name, first/last-name prefixes, role titles ("the head",
 * "DSL") and email. A pick here is a choice the reporter makes; it never decides a route on its own.
 */
import type { Person, Role } from '../model';
import { matchPeople, nameTokens, ROLE_PHRASES, words } from './match';

/** The most results a picker shows (Teams caps a typeahead dropdown at 15 options). */
export const MAX_RESULTS = 15;

/** Words people use for each role, from the confirm matcher (match.ts), so both read "the head" alike. */
export const ROLE_TITLES: Partial<Record<Role, string[]>> = Object.fromEntries(ROLE_PHRASES);

// Titles and fillers carry no identity: "Mrs Carter" and "the head" search for "carter" and "head".
const FILLER = new Set(['the', 'our', 'my']);

/** Lower case, accents and punctuation removed, apostrophes joined ("O'Brien" → "obrien"): match.ts's words, as one string. */
export function normalise(text: string): string {
  return words(text).join(' ');
}

function queryTokens(query: string): string[] {
  return nameTokens(query).filter((t) => !FILLER.has(t));
}

/** Every query token is the start of a different word of `words`. */
function tokensArePrefixes(tokens: string[], words: string[]): boolean {
  const free = [...words];
  for (const t of tokens) {
    const i = free.findIndex((w) => w.startsWith(t));
    if (i < 0) return false;
    free.splice(i, 1);
  }
  return true;
}

/** How well one person matches the query tokens; 0 for no match. */
function score(p: Person, tokens: string[], raw: string): number {
  const name = normalise(p.name);
  const q = tokens.join(' ');
  const words = name.split(' ');
  let best = 0;
  const take = (s: number) => {
    best = Math.max(best, s);
  };
  if (name === q) take(100);
  else if (name.startsWith(q)) take(90);
  if (tokensArePrefixes(tokens, words)) take(80);
  for (const title of p.roles.flatMap((r) => ROLE_TITLES[r] ?? [])) {
    if (title === q) take(75);
    else if (q.length >= 2 && tokensArePrefixes(tokens, title.split(' '))) take(65);
  }
  const local = p.email.split('@')[0];
  if (raw.length >= 2 && p.email.startsWith(raw)) take(60);
  else if (raw.length >= 3 && local.includes(raw)) take(40);
  if (q.length >= 3 && name.replace(/ /g, '').includes(q.replace(/ /g, ''))) take(45);
  return best;
}

/**
 * The people matching `query`, best first (ties by name); none for a blank query. Prefixes as the
 * reporter types ("cart"), plus the confirm matcher's typos and nicknames ("Helen Cartr", "Rich").
 */
export function searchPeople(people: readonly Person[], query: string, limit: number = MAX_RESULTS): Person[] {
  // Nobody's name is longer: a huge query costs no more than a long one.
  query = query.slice(0, 200);
  const tokens = queryTokens(query);
  if (!tokens.length) return [];
  const raw = query.trim().toLowerCase();
  const fuzzy = new Map(matchPeople(query, people).map((c) => [c.email, Math.round(c.score * 100)]));
  return people
    .map((person) => ({ person, s: Math.max(score(person, tokens, raw), fuzzy.get(person.email) ?? 0) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.person.name.localeCompare(b.person.name, 'en-GB'))
    .slice(0, Math.max(0, Math.min(limit, MAX_RESULTS)))
    .map((x) => x.person);
}

/**
 * A picker option for a person: the name, and the email only when another person of the school has
 * the same name (so two "Sam Patel"s can be told apart). Nothing else about them is shown.
 */
export function personChoice(p: Pick<Person, 'email' | 'name'>, everyone: readonly Pick<Person, 'email' | 'name'>[]): { value: string; title: string } {
  const key = normalise(p.name);
  const collides = everyone.some((o) => o.email !== p.email && normalise(o.name) === key);
  return { value: p.email, title: collides ? `${p.name} (${p.email})` : p.name };
}
