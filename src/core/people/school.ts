/**
 * The school file: who is who, where the safeguarding team works, and the school's own settings.
 * Parsed from YAML by src/core/people/load-school.ts; this is the schema and the typed result.
 */
import { z } from 'zod';
import { ROLES, type Person, type Role } from '../model';
import { DEFAULT_DUTY_SETTINGS, dutiesSchema, type DutySettings } from '../duties/settings';
import { effectiveTriage, kindById, type Triage } from '../incidents/kinds';
import { checkFilteringApprovers } from '../duties/approvers';
import { contactsSchema, resolveContact, type Contact, type ContactId } from '../playbooks/contacts';
import { patternsSchema, type PatternSettings } from '../pupils/pattern-settings';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }));

const kindIds = z.array(z.string().refine((id) => kindById(id) !== undefined, 'is not a kind id: see "Kinds and triage" in README.md for the list')).default([]);

/** Per-school changes to which kinds page now and which are serious; defaults in core/incidents/kinds.ts. */
const triageSchema = z
  .object({ page_now: kindIds, not_page_now: kindIds, serious: kindIds, not_serious: kindIds })
  .superRefine((t, ctx) => {
    const clash = (a: 'page_now' | 'serious', b: 'not_page_now' | 'not_serious') =>
      t[b].forEach((id, i) => {
        if (t[a].includes(id)) ctx.addIssue({ code: 'custom', path: [b, i], message: `is also listed under ${a}: list it in one of the two` });
      });
    clash('page_now', 'not_page_now');
    clash('serious', 'not_serious');
    const pages = effectiveTriage({ page_now: t.page_now, not_page_now: t.not_page_now }).pageNow;
    t.not_serious.forEach((id, i) => {
      if (pages.has(id)) ctx.addIssue({ code: 'custom', path: ['not_serious', i], message: 'pages now, and a kind that pages is always serious: also list it under not_page_now' });
    });
  });

/** One id or a list of ids, read as a list. */
const oneOrMany = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const personSchema = z.object({
  email,
  name: z.string().trim().min(1, 'must not be empty'),
  roles: z.array(z.enum(ROLES)).min(1, 'must list at least one role').default(['staff']),
});

export const schoolSchema = z
  .object({
    school: z.object({
      name: z.string().trim().min(1),
      /** IANA time zone, e.g. Europe/London. */
      timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
      /** Prefix of human references, e.g. OS → OS-2026-0042. */
      reference_prefix: z.string().regex(/^[A-Z]{2,6}$/, 'must be 2–6 capital letters').default('OS'),
    }),
    people: z.array(personSchema).min(1, 'must list at least the DSL and the headteacher'),
    safeguarding_team: z.object({
      teams: z
        .object({
          /** The DSL team's private channel, e.g. 19:abc@thread.tacv2. */
          channel_id: z.string().min(1),
          /** The Teams service URL for proactive messages; learned from traffic when omitted. */
          service_url: z.url().optional(),
          /** The school's Microsoft 365 tenant id(s): activities from any other tenant are strangers. */
          tenant_id: oneOrMany.optional(),
          /**
           * Issue #10, for trusts whose schools share one Microsoft 365 tenant: this school's own Teams
           * teams (ids as 19:…@thread.tacv2). A channel in any other team of a shared tenant is not taken as this school's.
           */
          team_ids: oneOrMany.optional(),
          /**
           * Issue #10, shared tenant: the email domains of this school's staff (e.g. oakfield.example.org), so a
           * first-time colleague not listed in people is known as this school's. Lower-cased.
           */
          email_domains: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as oakfield.example.org')).optional(),
        })
        .optional(),
      slack: z
        .object({
          channel_id: z.string().min(1),
          /** The school's Slack workspace id(s) (T…, or E… for an org install): requests and installs from others are refused. */
          team_id: oneOrMany.optional(),
        })
        .optional(),
      /**
       * Everyone else who can read the DSL team channel (the DSL-team roles always count). A concern
       * about any of them never goes to the channel (KCSiE Part 4: never to the subject).
       */
      channel_members: z.array(email).default([]),
    }),
    routes: z
      .object({
        /**
         * Who receives a concern about the chair of governors: the vice-chair or the LADO contact
         * (KCSiE Part 4: conflict of interest → LADO). Must be a person listed in `people`.
         */
        concern_about_chair: email.optional(),
        lado: z
          .object({ name: z.string(), phone: z.string().optional(), email: email.optional() })
          .optional(),
        /**
         * The headteacher is also the sole proprietor: allegations about them go to the LADO directly
         * (KCSiE Part 4 "where the headteacher is also the sole proprietor of an independent school").
         */
        head_is_proprietor: z.boolean().default(false),
        /**
         * Allegations about anyone holding one of these roles go to the LADO directly, not through
         * school (KCSiE Part 4: a conflict of interest makes the usual route wrong). Requires routes.lado.
         */
        lado_direct_for: z.array(z.enum(ROLES)).default([]),
      })
      .default({ head_is_proprietor: false, lado_direct_for: [] }),
    reporting: z
      .object({
        /** Re-page urgent concerns if nobody acknowledges within this many minutes (15 by default). */
        urgent_acknowledge_minutes: z.number().int().min(1).max(1440).default(15),
        /** Abandoned drafts are purged after this many hours. */
        draft_expiry_hours: z.number().int().min(1).max(24 * 90).default(72),
        /** A draft that said "a child is in immediate danger" and is left this long is flagged to the safeguarding team, and its reporter reminded, so it is never lost unsent. */
        urgent_draft_alert_minutes: z.number().int().min(1).max(24 * 60).default(15),
      })
      .default({ urgent_acknowledge_minutes: 15, draft_expiry_hours: 72, urgent_draft_alert_minutes: 15 }),
    /**
     * Issue #11: the work after a report. A task is reminded to its owner when due and escalated to
     * those who decide on the concern when still open this many hours later; an open concern with no
     * activity for `stale_after_days` is flagged to its owner (KCSiE Part 2: concerns are followed up).
     */
    follow_up: z
      .object({
        task_escalate_after_hours: z.number().int().min(1).max(24 * 30).default(24),
        stale_after_days: z.number().int().min(1).max(365).default(14),
        /** A task given a day but no time is due at this time of that day. */
        default_due_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 17:00').default('17:00'),
      })
      .default({ task_escalate_after_hours: 24, stale_after_days: 14, default_due_time: '17:00' }),
    /** Duties, cadences and reminders; see src/core/duties/settings.ts. */
    duties: dutiesSchema.optional(),
    /** Which kinds page now and which are serious, where the school differs from the defaults. */
    triage: triageSchema.optional(),
    /** Local services for the playbooks; national ones default: src/core/playbooks/contacts.ts. */
    contacts: contactsSchema.optional(),
    /**
     * Issue #11: the school's pupils from Microsoft Graph's education API, synced daily by the server
     * (and `safeguard pupils sync`) when Graph credentials are configured (application permission
     * EduRoster.Read.All). `graph_school_id` limits it to one school of a tenant (a trust's).
     */
    pupils: z
      .object({
        graph_sync: z.boolean().default(false),
        graph_school_id: z.string().trim().min(1).optional(),
      })
      .optional(),
    /** Issue #11: when a pattern of concerns is flagged to the DSL team; defaults in core/pupils/pattern-settings.ts. */
    patterns: patternsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.people.forEach((p, i) => {
      if (seen.has(p.email)) ctx.addIssue({ code: 'custom', path: ['people', i, 'email'], message: `duplicates people[${seen.get(p.email)}]` });
      seen.set(p.email, i);
    });
    for (const role of ['dsl', 'headteacher'] as const) {
      if (!s.people.some((p) => p.roles.includes(role))) ctx.addIssue({ code: 'custom', path: ['people'], message: `nobody has the role ${role}` });
    }
    // The alert must come well before the purge (the sweep also alerts at expiry, as a backstop).
    if (s.reporting.urgent_draft_alert_minutes >= s.reporting.draft_expiry_hours * 60)
      ctx.addIssue({ code: 'custom', path: ['reporting', 'urgent_draft_alert_minutes'], message: 'must be shorter than draft_expiry_hours, so the team hears of an abandoned urgent report before it is deleted' });
    if (s.duties) checkFilteringApprovers(s.people, s.duties.filtering_approval, ctx);
    const alt = s.routes.concern_about_chair;
    if (alt && !seen.has(alt)) ctx.addIssue({ code: 'custom', path: ['routes', 'concern_about_chair'], message: 'must be the email of a person listed in people' });
    // Sending a reporter to the LADO is only kind if we can tell them how to reach the LADO.
    const lado = s.routes.lado;
    for (const key of ['head_is_proprietor', 'lado_direct_for'] as const) {
      const on = key === 'head_is_proprietor' ? s.routes.head_is_proprietor : s.routes.lado_direct_for.length > 0;
      if (on && !(lado?.phone || lado?.email)) ctx.addIssue({ code: 'custom', path: ['routes', key], message: 'needs routes.lado with the LADO\'s name and phone number (or email): reporters are told to contact them directly' });
    }
  });

export type SchoolFile = z.infer<typeof schoolSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The loaded school: the file plus lookups used by routing and authorisation. */
export class School {
  /** `dir`: the school file's folder, against which files it names (the AUA text) are resolved. */
  constructor(
    readonly file: SchoolFile,
    readonly dir: string = '.',
  ) {}

  get name(): string {
    return this.file.school.name;
  }
  get timezone(): string {
    return this.file.school.timezone;
  }
  /** Duty settings: the school file's `duties:` section, or the defaults. */
  get duties(): DutySettings {
    return this.file.duties ?? DEFAULT_DUTY_SETTINGS;
  }
  /** Whether the bot sends duty reminders: only once the school file has a `duties:` section (opt-in, so existing schools are not surprised). */
  get dutiesOn(): boolean {
    return this.file.duties !== undefined;
  }
  /** The kinds that page now and the kinds that are serious: the catalogue's defaults with the school file's `triage:` applied. */
  get triage(): Triage {
    this.triageCache ??= effectiveTriage(this.file.triage);
    return this.triageCache;
  }
  private triageCache?: Triage;
  /** Pattern alerts' thresholds: the school file's `patterns:` applied to the defaults. */
  get patterns(): PatternSettings {
    return this.file.patterns ?? patternsSchema.parse(undefined);
  }
  /** A contact for a playbook step: the school file's, the national default, or null for a local one not given. */
  contact(id: ContactId): Contact | null {
    return resolveContact(this.file.contacts, this.file.routes.lado, id);
  }
  get referencePrefix(): string {
    return this.file.school.reference_prefix;
  }

  /** The person with this email; someone not in the file is staff, since anyone in the tenant may report. */
  person(emailAddress: string, fallbackName = ''): Person {
    const key = emailAddress.trim().toLowerCase();
    const p = this.file.people.find((x) => x.email === key);
    if (p) return { email: p.email, name: p.name, roles: p.roles as Role[], known: true };
    return { email: key, name: fallbackName || key, roles: ['staff'], known: false };
  }

  /** Everyone holding a role, in file order. */
  withRole(role: Role): Person[] {
    return this.file.people.filter((p) => p.roles.includes(role)).map((p) => this.person(p.email));
  }

  /** Everyone in the file. */
  everyone(): Person[] {
    return this.file.people.map((p) => this.person(p.email));
  }

  /** Roles whose allegations go to the LADO directly (routes.lado_direct_for, plus the head when head_is_proprietor). */
  get ladoDirectRoles(): Role[] {
    const roles = [...this.file.routes.lado_direct_for] as Role[];
    if (this.file.routes.head_is_proprietor && !roles.includes('headteacher')) roles.push('headteacher');
    return roles;
  }

  /** "LADO, Test Borough (020 7946 0000)": how the reporter reaches the LADO, or null when the file names none. */
  get ladoContact(): string | null {
    const l = this.file.routes.lado;
    if (!l) return null;
    const how = [l.phone, l.email].filter(Boolean).join(', ');
    return how ? `${l.name} (${how})` : l.name;
  }

  /** Whether this person can read the DSL team channel: a DSL-team role, or listed in safeguarding_team.channel_members. */
  inDslChannel(p: Pick<Person, 'email' | 'roles'>): boolean {
    return p.roles.some((r) => r === 'dsl' || r === 'deputy_dsl' || r === 'online_safety_lead') || this.file.safeguarding_team.channel_members.includes(p.email);
  }
}
