/**
 * Issue #11: the school's pupils, as its management information system (MIS) knows them, so a concern
 * can name the child it is about and a DSL can see every concern about them. Imported from the files
 * Microsoft School Data Sync takes (SDS v2.1 CSV, or OneRoster 1.1 CSV): see ./mis-import.ts.
 * Pupil data is the DSL team's: never shown to a reporter beyond the names they choose from.
 */
import type { LocalDate } from '../duties/dates';

/** Which file set a pupil was imported from. */
export type PupilSource = 'sds-v2.1' | 'oneroster-1.1' | 'graph';

/** One pupil as a file gives them (before the store adds when and from which import). */
export interface PupilRow {
  /** The MIS id (SDS / OneRoster `sourcedId`): the pupil's key, stable across imports. */
  misId: string;
  /** The pupil's sign-in name (UPN), when they have one. */
  upn: string | null;
  /** Legal names. */
  givenName: string;
  familyName: string;
  /** The name the pupil goes by, when it differs (e.g. "Sam" for Samantha). */
  preferredName: string | null;
  birthDate: LocalDate | null;
  /** e.g. "Year 8" (a bare MIS number n is shown as "Year n"), or the MIS's own words (Reception). */
  yearGroup: string | null;
  /** Form / registration group, e.g. "8RB". */
  form: string | null;
  /** The day the pupil left, when the file says so (they are kept, marked). */
  leftOn: LocalDate | null;
}

/** A pupil as stored. */
export interface Pupil extends PupilRow {
  source: PupilSource;
  /** The import that last carried this pupil: a pupil missing from a later full import has left. */
  importId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What an import changed. */
export interface PupilImportResult {
  /** Pupils in the files. */
  pupils: number;
  /** Of those, new to the bot. */
  added: number;
  /** Pupils marked as left by this import: absent from the files, or marked left in them. */
  left: number;
  /** Pupils marked left before who are in the files again (their mark is cleared). */
  returned: number;
}

/** The name a DSL reads: preferred given name where there is one, e.g. "Sam Carter (Samantha)". */
export function pupilName(p: Pick<PupilRow, 'givenName' | 'familyName' | 'preferredName'>): string {
  if (p.preferredName && p.preferredName !== p.givenName) return `${p.preferredName} ${p.familyName} (${p.givenName})`;
  return `${p.givenName} ${p.familyName}`;
}

/** How a pupil is offered in a picker: their name and form (or year), so two Sam Carters can be told apart. */
export function pupilChoiceTitle(p: Pick<PupilRow, 'givenName' | 'familyName' | 'preferredName' | 'form' | 'yearGroup'>): string {
  return [pupilName(p), p.form ?? p.yearGroup].filter(Boolean).join(' — ');
}

/** A person's part in an incident (002 appendices I–K: target (T) or offender (O); and witnesses). */
export const PUPIL_PARTS = ['target', 'alleged_perpetrator', 'witness'] as const;
export type PupilPart = (typeof PUPIL_PARTS)[number];

/** How a part reads on a chronology. */
export const PART_LABELS: Readonly<Record<PupilPart, string>> = {
  target: 'target',
  alleged_perpetrator: 'alleged perpetrator',
  witness: 'witness',
};

/** Whether `v` is one of the parts a report offers. */
export const isPupilPart = (v: unknown): v is PupilPart => typeof v === 'string' && (PUPIL_PARTS as readonly string[]).includes(v);

/**
 * A pupil named in an incident, in one "who was involved" row (issue #11): chosen by the reporter
 * from the school's pupils (linkedBy null), or linked later by the DSL team to a name the reporter typed.
 */
export interface PupilLink {
  incidentId: string;
  misId: string;
  /** The "who was involved" row (1–4) the pupil is in. */
  row: number;
  part: PupilPart | null;
  /** The DSL team member who linked a typed name to this pupil; null when the reporter chose the pupil. */
  linkedBy: string | null;
  linkedAt: Date;
}

/**
 * The patterns the bot watches for across concerns (issue #11; 000 part 2: "learning from the
 * incident (or pattern of incidents)"): a pupil's repeated concerns, a pupil named again as alleged
 * perpetrator, and a kind of concern rising well above its usual rate. Rules: ./patterns.ts.
 */
export const PATTERN_RULES = ['repeated_concerns', 'repeated_perpetrator', 'kind_spike'] as const;
export type PatternRule = (typeof PATTERN_RULES)[number];

/** One pattern alert to the DSL team, recorded once: its rule, who or what it is about, and the concern that tripped it. */
export interface PatternAlert {
  id: string;
  rule: PatternRule;
  /** A pupil's MIS id (repeated_concerns, repeated_perpetrator) or a kind id (kind_spike). */
  subject: string;
  /** The concern that tripped it: the report just made, or the one a DSL just linked the pupil to. */
  incidentId: string;
  /** The concerns counted in the window, oldest first (ids; their references are read when the alert is shown). */
  incidentIds: string[];
  /** How many concerns the window holds. */
  count: number;
  /** The window, in days. */
  windowDays: number;
  /** kind_spike: concerns of the kind over the baseline before the window, and how many days of records that baseline covers; null for the pupil rules. */
  baselineCount: number | null;
  baselineDays: number | null;
  raisedAt: Date;
}
