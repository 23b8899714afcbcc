/**
 * Who a typed name or phrase could mean: "Mrs Carter", "the head", "Helen Cartr", "Rich Evans",
 * "the DSL". Returns ranked candidates for the reporter to CONFIRM; nothing here routes on its own
 * (a concern about the head must never reach the head because a string did not match).
 * Pure: no I/O, no school file parsing.
 */
import type { Role } from '../model';

/** A person the matcher can offer (the school file's people). */
export interface Matchable {
  email: string;
  name: string;
  roles?: readonly Role[];
}

/** One possible match, best first; `why` says what matched (for tests and the confirm text). */
export interface Candidate {
  email: string;
  name: string;
  roles: Role[];
  score: number;
  why: 'email' | 'name' | 'role' | 'surname' | 'first_name' | 'fuzzy';
}

// Titles people are called by in school; "Mr." and "Mrs" both strip.
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd', 'father', 'sister', 'madam', 'master']);
const FILLERS = new Set(['the', 'our', 'my', 'a', 'an', 'school', 's']);

/** Common English short forms → full first names (both directions are tried). */
export const NICKNAMES: Record<string, string[]> = {
  bob: ['robert'], rob: ['robert'], robbie: ['robert'], bobby: ['robert'], bert: ['robert', 'albert', 'herbert'],
  liz: ['elizabeth'], lizzie: ['elizabeth'], beth: ['elizabeth', 'bethany'], betty: ['elizabeth'], eliza: ['elizabeth'], libby: ['elizabeth'],
  bill: ['william'], will: ['william'], billy: ['william'], liam: ['william'],
  rich: ['richard'], rick: ['richard'], ricky: ['richard'], dick: ['richard'], richie: ['richard'],
  jim: ['james'], jimmy: ['james'], jamie: ['james'], jon: ['jonathan', 'john'], johnny: ['john', 'jonathan'], jack: ['john'],
  mike: ['michael'], mick: ['michael'], mickey: ['michael'], tom: ['thomas'], tommy: ['thomas'],
  dave: ['david'], davy: ['david'], steve: ['stephen', 'steven'], chris: ['christopher', 'christine', 'christina'],
  kate: ['katherine', 'catherine', 'kathryn'], katie: ['katherine', 'catherine'], cathy: ['catherine'], kath: ['katherine', 'kathryn'],
  sue: ['susan', 'suzanne'], susie: ['susan'], jen: ['jennifer'], jenny: ['jennifer'], jo: ['joanne', 'joanna', 'josephine'],
  pat: ['patricia', 'patrick'], sam: ['samuel', 'samantha'], alex: ['alexander', 'alexandra'], andy: ['andrew'], drew: ['andrew'],
  tony: ['anthony'], nick: ['nicholas'], dan: ['daniel'], danny: ['daniel'], ben: ['benjamin'], matt: ['matthew'],
  pete: ['peter'], phil: ['philip', 'phillip'], ed: ['edward'], ted: ['edward'], eddie: ['edward'], ned: ['edward'],
  maggie: ['margaret'], meg: ['margaret'], peggy: ['margaret'], debbie: ['deborah'], deb: ['deborah'], mandy: ['amanda'],
  vicky: ['victoria'], becky: ['rebecca'], becca: ['rebecca'], fran: ['frances', 'francesca'], sandy: ['sandra', 'alexandra'],
  gerry: ['gerald', 'geraldine'], jeff: ['jeffrey', 'geoffrey'], geoff: ['geoffrey'], greg: ['gregory'], ron: ['ronald'],
  val: ['valerie'], di: ['diana', 'diane'], hels: ['helen'], nell: ['helen', 'eleanor'], ellie: ['eleanor'],
};

// Role phrases a reporter types ("the head", "our DSL"); matched after lower-casing, dropping punctuation and "the/our/my".
export const ROLE_PHRASES: [Role, string[]][] = [
  ['headteacher', ['head', 'headteacher', 'head teacher', 'ht', 'principal', 'headmaster', 'headmistress', 'head of school', 'executive head', 'executive headteacher']],
  ['dsl', ['dsl', 'designated safeguarding lead', 'safeguarding lead', 'designated safeguarding officer', 'safeguarding officer', 'designated lead']],
  ['deputy_dsl', ['deputy dsl', 'ddsl', 'deputy designated safeguarding lead', 'deputy safeguarding lead', 'deputy safeguarding officer']],
  ['chair_of_governors', ['chair', 'chair of governors', 'chair of the governors', 'chair of the governing body', 'chair of trustees', 'cog', 'chairman', 'chairwoman', 'chairperson']],
  ['online_safety_lead', ['online safety lead', 'osl', 'e safety lead', 'esafety lead', 'online safety coordinator', 'e safety coordinator']],
  ['online_safety_governor', ['online safety governor', 'safeguarding governor', 'e safety governor']],
  ['ict_lead', ['it lead', 'ict lead', 'it manager', 'ict manager', 'network manager', 'it technician', 'ict technician', 'computing lead', 'technician']],
];

/** Lower-cased words with titles and punctuation gone ("Mrs. O'Neil-Smith" → ["oneil", "smith"]). */
export function nameTokens(text: string): string[] {
  return words(text).filter((w) => !TITLES.has(w));
}

/** Lower-cased words, accents and punctuation gone, apostrophes joined ("O'Brien" → "obrien"). */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The role a phrase names, if it is one ("the head" → headteacher), else null. */
export function roleOfPhrase(text: string): Role | null {
  const phrase = words(text).filter((w) => !FILLERS.has(w)).join(' ');
  if (!phrase) return null;
  for (const [role, phrases] of ROLE_PHRASES) if (phrases.includes(phrase)) return role;
  return null;
}

/** Optimal string alignment distance (edits, with an adjacent swap counting as one). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// Typos allowed grow with the word: none for short words (Jo/Al), one from 4 letters, two from 8.
const allowedTypos = (w: string): number => (w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0);

/** How well one typed word fits one name word: 1 exact, 0.9 nickname, 0.8 typo, 0.7 prefix, 0 no. */
function wordFit(typed: string, name: string): number {
  if (typed === name) return 1;
  if (NICKNAMES[typed]?.includes(name) || NICKNAMES[name]?.includes(typed)) return 0.9;
  const typos = Math.min(allowedTypos(typed), allowedTypos(name));
  // The distance is at least the length difference: skip the quadratic table when it cannot fit, so a long input costs little.
  if (Math.abs(typed.length - name.length) <= typos && editDistance(typed, name) <= typos) return 0.8;
  if (typed.length >= 3 && name.startsWith(typed)) return 0.7;
  return 0;
}

/** Scores one person against typed words; 0 when they do not fit. */
function nameScore(typed: string[], person: Matchable): { score: number; why: Candidate['why'] } {
  const tokens = nameTokens(person.name);
  if (!tokens.length || !typed.length) return { score: 0, why: 'name' };
  const surname = tokens[tokens.length - 1];
  if (typed.join(' ') === tokens.join(' ')) return { score: 1, why: 'name' };
  if (typed.length === 1) {
    // One word: a surname ("Carter", "Mrs Carter") is how pupils and staff name adults in school.
    const s = wordFit(typed[0], surname);
    if (s >= 0.8) return { score: 0.85 * s, why: s === 1 ? 'surname' : 'fuzzy' };
    const f = Math.max(...tokens.slice(0, -1).map((t) => wordFit(typed[0], t)), 0);
    return f ? { score: 0.7 * f, why: f === 1 ? 'first_name' : 'fuzzy' } : { score: 0, why: 'name' };
  }
  // Several words: each must fit a different word of the name, and the last typed word the surname.
  const last = wordFit(typed[typed.length - 1], surname);
  if (last < 0.8) return { score: 0, why: 'name' };
  const rest = tokens.slice(0, -1);
  let total = last;
  for (const w of typed.slice(0, -1)) {
    const fits = rest.map((t) => wordFit(w, t));
    const best = Math.max(0, ...fits);
    if (!best) return { score: 0, why: 'name' };
    rest.splice(fits.indexOf(best), 1);
    total += best;
  }
  const score = 0.95 * (total / typed.length);
  return { score, why: score >= 0.95 ? 'name' : 'fuzzy' };
}

/** Below this a match is not offered at all; candidates well behind the best are dropped too. */
const MIN_SCORE = 0.5;
const MAX_BEHIND = 0.2;
const MAX_CANDIDATES = 5;
// No name or phrase is longer; a longer text is cut, so a 100,000-character "name" costs no more.
const MAX_TEXT = 200;
const MAX_WORDS = 8;

/**
 * Ranked candidates for a typed name or phrase among `people`. A role phrase ("the head", "HT",
 * "the DSL") offers every holder of that role; a name is matched with titles stripped, nicknames,
 * small typos, surname or first name alone, or an email address. Every result needs confirming.
 */
export function matchPeople(text: string, people: readonly Matchable[]): Candidate[] {
  const cand = (p: Matchable, score: number, why: Candidate['why']): Candidate => ({ email: p.email, name: p.name, roles: [...(p.roles ?? [])], score, why });
  text = text.slice(0, MAX_TEXT);
  const raw = text.trim().toLowerCase();
  if (!raw) return [];
  const byEmail = people.filter((p) => p.email === raw || p.email.split('@')[0] === raw);
  if (byEmail.length) return byEmail.map((p) => cand(p, 1, 'email'));
  const role = roleOfPhrase(text);
  if (role) {
    const holders = people.filter((p) => p.roles?.includes(role));
    if (holders.length) return holders.slice(0, MAX_CANDIDATES).map((p) => cand(p, 1, 'role'));
  }
  const typed = nameTokens(text).filter((w) => !FILLERS.has(w)).slice(0, MAX_WORDS);
  const scored = people
    .map((p) => ({ p, ...nameScore(typed, p) }))
    .filter((x) => x.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.p.name.localeCompare(b.p.name));
  if (!scored.length) return [];
  const best = scored[0].score;
  return scored
    .filter((x) => x.score >= best - MAX_BEHIND)
    .slice(0, MAX_CANDIDATES)
    .map((x) => cand(x.p, Math.round(x.score * 100) / 100, x.why));
}

const ROLE_TITLES: Partial<Record<Role, string>> = {
  dsl: 'DSL',
  deputy_dsl: 'deputy DSL',
  online_safety_lead: 'online safety lead',
  headteacher: 'headteacher',
  chair_of_governors: 'chair of governors',
  online_safety_governor: 'online safety governor',
  ict_lead: 'ICT lead',
};

/** "Helen Carter (headteacher)": a candidate as the reporter sees it in the confirm question. */
export function candidateTitle(c: Pick<Candidate, 'name' | 'roles'>): string {
  const roles = c.roles.map((r) => ROLE_TITLES[r]).filter(Boolean);
  return roles.length ? `${c.name} (${roles.join(', ')})` : c.name;
}
