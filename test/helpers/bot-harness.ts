/**
 * End-to-end harness: the real app (HTTP, CloudAdapter, store, outbox) on port 0, a fake Teams
 * connector on loopback as every activity's serviceUrl, a fake clock, and a test school whose
 * people are Teams users of the fake.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { startApp, type App } from '../../src/app';
import { FakeTeamsConnector, TEAMS_MESSAGE_BYTES, type RecordedCall } from './fake-teams-connector';
import { TENANT_ID, cardAction, channelMention, personalConversationId, personalMessage, postActivity, searchInvoke, teamsUser, type TeamsUser } from './teams-activities';
import { FakeClock } from './clock';
import { E2eDatabase } from './e2e-database';
import type { Logger } from '../../src/log';
import { needsUkcisWarning } from '../../src/core/incidents/urgency';
import { PICKER_PUPILS } from './mis-files';


export const CHANNEL_ID = '19:dsl-team@thread.tacv2';
export const TEAM_ID = '19:staff-team@thread.tacv2';

export const PEOPLE = {
  dsl: { name: 'Dana DSL', roles: ['dsl'] },
  deputy: { name: 'Dev Deputy', roles: ['deputy_dsl'] },
  osl: { name: 'Olly OSL', roles: ['online_safety_lead'] },
  head: { name: 'Hana Head', roles: ['headteacher'] },
  chair: { name: 'Chris Chair', roles: ['chair_of_governors'] },
  vice: { name: 'Val Vice', roles: ['staff'] },
  teacher: { name: 'Tom Teacher', roles: ['staff'] },
  tara: { name: 'Tara Teacher', roles: ['staff'] },
} as const;
export type Who = keyof typeof PEOPLE;

/** A person in the school file who is not a Teams user of the fake (someone a concern may be about). */
export interface ExtraPerson {
  email: string;
  name: string;
  roles: string[];
}

/**
 * Issue #10: the harness's school served as one of a trust's (SCHOOLS_DIR), beside other schools. The
 * harness's own school is `selfId`; each other school's file is written from `yaml(fakeConnectorUrl)`.
 */
export interface TrustOption {
  selfId: string;
  others: { id: string; yaml: (fakeUrl: string) => string }[];
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: Record<string, unknown> | string;
}

export class Harness {
  readonly clock = new FakeClock();
  readonly users: Record<Who, TeamsUser>;
  app!: App;
  /** Headers of every activity the harness posts: a Bot Framework token when the app has an app id. */
  authHeaders: () => Record<string, string> = () => ({});
  private constructor(
    readonly fake: FakeTeamsConnector,
    readonly dir: string,
    private readonly env: Record<string, string>,
  ) {
    this.users = Object.fromEntries(Object.keys(PEOPLE).map((k) => [k, teamsUser(k)])) as Record<Who, TeamsUser>;
    for (const u of Object.values(this.users)) fake.addUser(u);
  }

  /** Starts a fake connector and the app on a fresh database (see e2e-database.ts). */
  static async start(env: Record<string, string> = {}, opts: { log?: Logger; extraPeople?: ExtraPerson[]; school?: (yaml: string) => string; trust?: TrustOption } = {}): Promise<Harness> {
    const fake = await FakeTeamsConnector.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-e2e-'));
    const h = new Harness(fake, dir, env);
    h.extraPeople = opts.extraPeople ?? [];
    h.trust = opts.trust;
    if (opts.trust) fs.mkdirSync(path.join(dir, 'schools'));
    fs.writeFileSync(h.schoolFile, (opts.school ?? ((y: string) => y))(h.schoolYaml()));
    for (const o of opts.trust?.others ?? []) fs.writeFileSync(path.join(dir, 'schools', `${o.id}.yaml`), o.yaml(fake.url));
    h.db = new E2eDatabase(dir, opts.trust ? [opts.trust.selfId, ...opts.trust.others.map((o) => o.id)] : []);
    h.log = opts.log;
    await h.boot();
    return h;
  }

  private db!: E2eDatabase;
  private log?: Logger;
  private trust?: TrustOption;

  /** The harness school's file: school.yaml, or `<selfId>.yaml` in the trust's SCHOOLS_DIR. */
  get schoolFile(): string {
    return this.trust ? path.join(this.dir, 'schools', `${this.trust.selfId}.yaml`) : path.join(this.dir, 'school.yaml');
  }

  /** Where the school files are: SCHOOL_CONFIG alone, or SCHOOLS_DIR for a trust. */
  private schoolEnv(): Record<string, string> {
    return this.trust ? { SCHOOLS_DIR: path.join(this.dir, 'schools') } : { SCHOOL_CONFIG: this.schoolFile };
  }
  private extraPeople: ExtraPerson[] = [];

  private schoolYaml(): string {
    const people = [
      ...Object.entries(PEOPLE).map(([k, p]) => ({ email: this.users[k as Who].email!, name: p.name, roles: [...p.roles] as string[] })),
      ...this.extraPeople,
    ]
      .map((p) => `  - email: ${p.email}\n    name: ${p.name}\n    roles: [${p.roles.join(', ')}]`)
      .join('\n');
    return `school:\n  name: E2E Primary\n  timezone: Europe/London\n  reference_prefix: OS\npeople:\n${people}\nsafeguarding_team:\n  teams:\n    channel_id: "${CHANNEL_ID}"\n    service_url: ${this.fake.url}\n    tenant_id: ${TENANT_ID}\nroutes:\n  concern_about_chair: ${this.users.vice.email}\n  lado:\n    name: LADO, Test Borough\n    phone: 020 7946 0000\nreporting:\n  urgent_acknowledge_minutes: 15\n  draft_expiry_hours: 72\n`;
  }

  private booted = false;

  private async boot(): Promise<void> {
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: this.databaseUrl,
      ...this.schoolEnv(),
      LOG_LEVEL: 'silent',
      // The harness is a local trial: no app id, loopback peer and a loopback fake connector.
      TEAMS_ALLOW_UNAUTHENTICATED: '1',
      // The fake enforces no limits here: pacing is shown by test/platforms/send-rate.e2e.spec.ts, and would only slow these.
      SEND_PACING: 'off',
      ...this.env,
    });
    this.app = await startApp(config, { clock: this.clock, background: false, random: () => 0.5, initDatabase: !this.booted, log: this.log });
    // Only the first boot creates the database (as `safeguard db init` would); a restart finds it or refuses.
    this.booted = true;
  }

  /**
   * The database the app (and any CLI command a test runs) uses: a SQLite file, or with
   * E2E_DATABASE_URL (CI runs the end-to-end suite on both) a throwaway PostgreSQL schema.
   */
  get databaseUrl(): string {
    return this.db.url;
  }

  /** The environment a CLI command in a test runs with: this harness's database and school. */
  cliEnv(): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl, ...this.schoolEnv(), LOG_LEVEL: 'silent', SEND_PACING: 'off' };
  }

  /** Stops the app (as a crash or deploy would) and starts it again on the same database. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.boot();
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.fake.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
    await this.db.drop();
  }

  /** Every person says hello in their 1:1 chat, so the bot can reach them proactively. */
  /** A harness whose school has the picker's pupils on roll (issue #11), everyone having said hello. */
  static async withPupils(): Promise<Harness> {
    const h = await Harness.start();
    await h.app.deps.store.pupils.applyImport('mis-1', 'sds-v2.1', PICKER_PUPILS, '2026-11-20', h.clock.now());
    await h.everyoneSaysHello();
    return h;
  }

  async everyoneSaysHello(): Promise<void> {
    for (const who of Object.keys(PEOPLE) as Who[]) await this.say(who, 'hello');
  }

  async say(who: Who, text: string, extra: { id?: string; attachments?: never[] } = {}) {
    return postActivity(this.app.url, personalMessage({ serviceUrl: this.fake.url, user: this.users[who], text, ...extra }), this.authHeaders());
  }

  async mentionInChannel(who: Who, text = 'report') {
    return postActivity(this.app.url, channelMention({ serviceUrl: this.fake.url, user: this.users[who], teamId: TEAM_ID, channelId: TEAM_ID, text }));
  }

  /** Clicks a card button; `conversation` defaults to the person's 1:1 chat. */
  async click(who: Who, verb: string, data: Record<string, unknown>, inputs: Record<string, unknown> = {}, where: { conversation?: string; replyToId?: string; id?: string } = {}): Promise<InvokeBody> {
    const res = await postActivity(
      this.app.url,
      cardAction({ serviceUrl: this.fake.url, user: this.users[who], conversation: where.conversation ?? this.dm(who), verb, data, inputs, replyToId: where.replyToId ?? 'card-1', id: where.id }),
      this.authHeaders(),
    );
    if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    // Teams renders an invoke's card like a message: it must be within the same size limit.
    const bytes = Buffer.byteLength(JSON.stringify(res.body), 'utf8');
    if (bytes > TEAMS_MESSAGE_BYTES) throw new Error(`invoke answer is ${bytes} bytes: Teams refuses a card over ${TEAMS_MESSAGE_BYTES}`);
    return res.body as InvokeBody;
  }

  /** Types into a person picker (Data.Query typeahead): the bot's application/search answer. */
  async search(who: Who, queryText: string, o: { dataset?: string; conversation?: string } = {}): Promise<{ status: number; body: InvokeBody }> {
    const res = await postActivity(this.app.url, searchInvoke({ serviceUrl: this.fake.url, user: this.users[who], conversation: o.conversation ?? this.dm(who), dataset: o.dataset ?? 'people', queryText }));
    return { status: res.status, body: res.body as InvokeBody };
  }

  /** The person's 1:1 conversation id. */
  dm(who: Who): string {
    return this.fake.conversationFor(this.users[who].id) ?? personalConversationId(this.users[who].id);
  }

  /** Cards the bot delivered to a conversation (sends and replies), oldest first. */
  cardsTo(conversationId: string): Record<string, unknown>[] {
    return this.fake.cardsIn(conversationId) as Record<string, unknown>[];
  }

  /** Every delivered message (any conversation) whose text mentions `needle`. */
  deliveredTexts(conversationId: string): string[] {
    return this.fake.messagesTo(conversationId).map((c) => this.fake.textOf(c));
  }

  /** Runs the background round (outbox delivery, re-paging, purges) now. */
  async deliver(): Promise<void> {
    await this.app.tick();
  }

  calls(): readonly RecordedCall[] {
    return this.fake.sent;
  }
}

/** Finds the data of the first Action.Execute with `verb` anywhere in a card. */
export function actionData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | null = null;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.verb === verb) {
      found = (o.data as Record<string, unknown>) ?? {};
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  if (!found) throw new Error(`no ${verb} action in card: ${JSON.stringify(card).slice(0, 400)}`);
  return found;
}

/** All text a person would read on a card. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (typeof n === 'string') return;
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    for (const k of ['text', 'title', 'value', 'label', 'placeholder']) if (typeof o[k] === 'string') out.push(o[k] as string);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n').replace(/\u2060/g, '');
}

/** Walks the whole wizard for a concern about a pupil; returns the confirmation card text. */
export async function reportPupil(h: Harness, who: Who, o: { danger?: boolean; kinds?: string; otherKind?: string; what?: string; howKnown?: 'seen' | 'told'; adult?: { name: string; confirm: string }; people?: Record<string, string>; details?: Record<string, string> } = {}): Promise<string> {
  await h.say(who, 'report');
  const { draftId } = actionData(h.cardsTo(h.dm(who)).at(-1), 'report.next');
  const kinds = o.kinds ?? 'online_bullying';
  const steps: [string, Record<string, unknown>][] = [
    ['category', { category: 'pupil' }],
    ['danger', { immediate_danger: o.danger ? 'yes' : 'no' }],
    ['pupil_when_where', { occurred_date: '2026-11-20', location: 'online_home' }],
    ['pupil_people', { person1_name: 'Sam (Year 5)', person1_group: 'pupil', person1_part: 'target', ...(o.adult ? { person2_name: o.adult.name, person2_group: 'staff', person2_part: 'alleged_perpetrator' } : {}), ...o.people }],
    // A member of staff named as alleged perpetrator is confirmed, as the bot never routes on a typed name.
    ...(o.adult ? [['confirm_people', { person2_confirm: o.adult.confirm }] as [string, Record<string, unknown>]] : []),
    ['pupil_kinds', { kinds, ...(o.otherKind ? { other_kind: o.otherKind } : {}) }],
  ];
  for (const [stepId, inputs] of steps) await h.click(who, 'report.next', { draftId, stepId }, inputs);
  if (needsUkcisWarning(kinds.split(','))) await h.click(who, 'report.next', { draftId, stepId: 'ukcis' }, { ukcis_ack: 'understood' });
  await h.click(who, 'report.next', { draftId, stepId: 'pupil_details' }, { what_happened: o.what ?? 'Sam was sent unkind messages.', how_known: o.howKnown ?? 'seen', ...o.details });
  return cardText((await h.click(who, 'report.submit', { draftId })).value);
}

/**
 * Walks the wizard for a concern about a member of staff (by email, or a typed name). A typed name
 * is then confirmed, as the bot never routes on a typed name, as `about.confirm`: an email the bot offered, or 'someone_else' (default).
 */
export async function reportStaff(h: Harness, who: Who, about: { email?: string; name?: string; confirm?: string }, o: { danger?: boolean; childImages?: 'yes' | 'no' | 'not_sure' } = {}): Promise<string> {
  await h.say(who, 'report');
  const { draftId } = actionData(h.cardsTo(h.dm(who)).at(-1), 'report.next');
  await h.click(who, 'report.next', { draftId, stepId: 'category' }, { category: 'staff' });
  await h.click(who, 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: o.danger ? 'yes' : 'no' });
  await h.click(who, 'report.next', { draftId, stepId: 'staff_subject' }, about.email ? { subject_email: about.email } : { subject_email: 'other', subject_name: about.name });
  if (!about.email) await h.click(who, 'report.next', { draftId, stepId: 'confirm_subject' }, { subject_confirm: about.confirm ?? 'someone_else' });
  const childImages = o.childImages ?? 'no';
  await h.click(who, 'report.next', { draftId, stepId: 'staff_details' }, { what_happened: 'Shared pupil photos on a personal phone.', occurred_date: '2026-11-19', how_known: 'told', child_images: childImages });
  if (childImages !== 'no') await h.click(who, 'report.next', { draftId, stepId: 'ukcis' }, { ukcis_ack: 'understood' });
  return cardText((await h.click(who, 'report.submit', { draftId })).value);
}

/** Cards delivered to a person's 1:1 chat after the harness's "hello" round. */
export function cardsSince(h: Harness, who: Who, since: number): unknown[] {
  return h.fake.sent
    .filter((c) => c.seq > since && c.conversationId === h.dm(who) && c.status < 300 && (c.kind === 'send' || c.kind === 'reply' || c.kind === 'create'))
    .flatMap((c) => ((c.activity as { attachments?: { content: unknown }[] } | undefined)?.attachments ?? []).map((a) => a.content));
}

/** The highest call sequence number so far (to look only at what happens next). */
export function mark(h: Harness): number {
  return h.fake.sent.reduce((m, c) => Math.max(m, c.seq), 0);
}
