/**
 * Loads what the duty rules need from the store and the school file: who is on staff (the
 * school file plus staff records), completions, signatures and the current AUA version.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../model';
import { ROLES } from '../model';
import type { Repositories } from '../ports';
import type { School } from '../people/school';
import type { StaffRecord } from './model';
import { localDate, type LocalDate } from './dates';
import { buildFacts, personalInstances, schoolInstances, type DutyFacts, type DutyInstance, type DutyPerson } from './rules';

/** The school's current AUA: its version, when it took effect, and its text (from the file the school provides). */
export interface CurrentAua {
  version: string;
  effectiveFrom: LocalDate;
  text: string;
}

const NO_TEXT = 'Your school has not added the text of its acceptable use agreement to the bot yet. Please ask the DSL for a copy and read it before you agree.';

/** Reads the AUA text named in the school file (002 appendix A–C); a missing file gives a notice, never a crash. */
export function auaText(school: School): string {
  const file = school.duties.aua.file;
  if (!file) return NO_TEXT;
  try {
    return fs.readFileSync(path.resolve(school.dir, file), 'utf8');
  } catch {
    return NO_TEXT;
  }
}

/** Records the school file's AUA version the first time it is seen and returns it (effective from its date, else first sight). */
export async function ensureAua(tx: Repositories, school: School, now: Date): Promise<CurrentAua> {
  const cfg = school.duties.aua;
  const text = auaText(school);
  const effectiveFrom = cfg.effective_from ?? localDate(now, school.timezone);
  await tx.aua.addVersion({ version: cfg.version, effectiveFrom, textHash: createHash('sha256').update(text).digest('hex'), createdAt: now });
  const stored = await tx.aua.getVersion(cfg.version);
  return { version: cfg.version, effectiveFrom: cfg.effective_from ?? stored?.effectiveFrom ?? effectiveFrom, text };
}

// Rows per read: each page is a short statement, so a sweep over a big school never holds the store's lock for long.
export const PAGE = 1000;

/** Every staff record, read in pages of PAGE (email order). */
export async function allStaff(tx: Repositories): Promise<StaffRecord[]> {
  const out: StaffRecord[] = [];
  for (let page = await tx.staff.page(null, PAGE); page.length > 0; page = page.length < PAGE ? [] : await tx.staff.page(page[page.length - 1]!.email, PAGE)) out.push(...page);
  return out;
}

/**
 * Makes sure everyone in the school file has a staff record (so "known since" is a stable date),
 * in one statement; `known` (emails already on record) leaves nothing to write in the usual case. True when any was added.
 */
export async function syncSchoolStaff(tx: Repositories, school: School, now: Date, known?: ReadonlySet<string>): Promise<boolean> {
  const missing = school.everyone().filter((p) => !known?.has(p.email.toLowerCase()));
  if (missing.length === 0) return false;
  return (await tx.staff.addManyIfMissing(missing.map((p) => ({ email: p.email, name: p.name, role: p.roles[0] ?? 'staff', startDate: null, source: 'school_file', createdAt: now, updatedAt: now })))) > 0;
}

/** Everyone with duties: staff records, with roles from the school file when listed there. Leavers have none (the school file is the authority on who it lists). */
export async function dutyPeople(tx: Repositories, school: School, staff?: StaffRecord[]): Promise<DutyPerson[]> {
  // The school file by email, looked up once per record (not a scan of the file per record).
  const listed = new Map(school.everyone().map((p) => [p.email, p]));
  // Records added together (an import, a roster sync) share an instant: its date is worked out once.
  const days = new Map<number, LocalDate>();
  const dayOf = (d: Date) => days.get(d.getTime()) ?? days.set(d.getTime(), localDate(d, school.timezone)).get(d.getTime())!;
  const out: DutyPerson[] = [];
  for (const r of staff ?? (await allStaff(tx))) {
    const p = listed.get(r.email);
    if (r.leftOn && !p) continue;
    const roles: Role[] = p ? p.roles : [(ROLES as readonly string[]).includes(r.role) ? r.role : 'staff'];
    out.push({ email: r.email, name: p ? p.name : r.name, roles, startDate: r.startDate, knownSince: dayOf(r.createdAt) });
  }
  return out;
}

/** Lets other work (a user's turn) run between slices of a long computation. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Every duty instance now, with the facts behind it (`staff`: the records when already read). Set-based reads: latest dates, not every row. */
export async function loadInstances(tx: Repositories, school: School, now: Date, staff?: StaffRecord[]): Promise<{ people: DutyPerson[]; facts: DutyFacts; instances: DutyInstance[]; aua: CurrentAua }> {
  const aua = await ensureAua(tx, school, now);
  const people = await dutyPeople(tx, school, staff);
  const facts = buildFacts(await tx.completions.latestDates(), await tx.aua.latestSignatures(), { version: aua.version, effectiveFrom: aua.effectiveFrom }, school.timezone);
  const instances: DutyInstance[] = [];
  for (let i = 0; i < people.length; i += PAGE) {
    if (i > 0) await breathe();
    instances.push(...personalInstances(people.slice(i, i + PAGE), facts, school.duties));
  }
  return { people, facts, instances: [...instances, ...schoolInstances(facts, school.duties)], aua };
}

/** The emails that own a school duty (reminded, may mark it done). */
export function ownersOf(school: School, roles: readonly Role[]): string[] {
  return [...new Set(roles.flatMap((r) => school.withRole(r).map((p) => p.email)))];
}
