/**
 * Slack end-to-end harness: the real app (HTTP, Bolt, store, outbox) on port 0 with Slack on,
 * the bot pointed at a fake Slack Web API on loopback, a fake clock, and a school whose people are
 * users of the fake workspace. Requests to /slack/events are signed as Slack signs them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { startApp, type App } from '../../src/app';
import { FakeSlackApi, type SlackCall } from './fake-slack-api';
import { viewProblems } from './slack-limits';
import { FakeClock } from './clock';
import { E2eDatabase } from './e2e-database';
import { PEOPLE, type ExtraPerson, type TrustOption, type Who } from './bot-harness';
import { needsUkcisWarning } from '../../src/core/incidents/urgency';
import type { Logger } from '../../src/log';

export { PEOPLE, type Who };
export const SIGNING_SECRET = 'e2e-signing-secret';
export const SLACK_CHANNEL = 'CDSLTEAM';
export const TEAM = 'T1';

type Obj = Record<string, unknown>;

/** Someone who is not one of the harness school's people: a Slack user id in a workspace (e.g. another school of a trust). */
export interface SlackPerson {
  id: string;
  team: string;
}
/** Who acts: one of the harness school's people (workspace T1), or any Slack user. */
export type Actor = Who | SlackPerson;

export interface SlackResponse {
  status: number;
  body: Obj | string;
}

export class SlackHarness {
  readonly clock = new FakeClock();
  readonly ids: Record<Who, string>;
  app!: App;
  private env: Record<string, string> = {};
  private db!: E2eDatabase;
  private n = 0;
  private extraPeople: ExtraPerson[] = [];
  private log?: Logger;
  private trust?: TrustOption;

  /** The harness school's file: school.yaml, or `<selfId>.yaml` in the trust's SCHOOLS_DIR (issue #10). */
  get schoolFile(): string {
    return this.trust ? path.join(this.dir, 'schools', `${this.trust.selfId}.yaml`) : path.join(this.dir, 'school.yaml');
  }

  private schoolEnv(): Record<string, string> {
    return this.trust ? { SCHOOLS_DIR: path.join(this.dir, 'schools') } : { SCHOOL_CONFIG: this.schoolFile };
  }

  private constructor(
    readonly fake: FakeSlackApi,
    readonly dir: string,
  ) {
    this.ids = Object.fromEntries(Object.keys(PEOPLE).map((k) => [k, `U${k.toUpperCase()}`])) as Record<Who, string>;
    for (const [k, p] of Object.entries(PEOPLE)) fake.addUser({ id: this.ids[k as Who], email: this.email(k as Who), name: p.name });
  }

  /** `env` overrides the configuration (e.g. OAuth settings instead of a bot token); `opts.school` edits the school file's YAML; `opts.extraPeople` adds people who are not Slack users. */
  static async start(env: Record<string, string> = {}, opts: { extraPeople?: ExtraPerson[]; school?: (yaml: string) => string; log?: Logger; trust?: TrustOption } = {}): Promise<SlackHarness> {
    const fake = await FakeSlackApi.start();
    const h = new SlackHarness(fake, fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-slack-e2e-')));
    fake.now = () => h.clock.now();
    h.env = env;
    h.extraPeople = opts.extraPeople ?? [];
    h.log = opts.log;
    h.trust = opts.trust;
    h.db = new E2eDatabase(h.dir, opts.trust ? [opts.trust.selfId, ...opts.trust.others.map((o) => o.id)] : []);
    if (opts.trust) fs.mkdirSync(path.join(h.dir, 'schools'));
    fs.writeFileSync(h.schoolFile, (opts.school ?? ((y: string) => y))(h.schoolYaml()));
    for (const o of opts.trust?.others ?? []) fs.writeFileSync(path.join(h.dir, 'schools', `${o.id}.yaml`), o.yaml(fake.url));
    await h.boot();
    return h;
  }

  /** The database the app uses, and that a CLI command in a test must use too. */
  get databaseUrl(): string {
    return this.db.url;
  }

  /** The environment a CLI command in a test runs with: this harness's database, school and fake Slack. */
  cliEnv(): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl, ...this.schoolEnv(), LOG_LEVEL: 'silent', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-e2e-token', SLACK_API_URL: this.fake.url, SEND_PACING: 'off' };
  }

  email(who: Who): string {
    return `${who}@slack-e2e.school`;
  }

  private schoolYaml(): string {
    const people = [...Object.entries(PEOPLE).map(([k, p]) => ({ email: this.email(k as Who), name: p.name, roles: [...p.roles] as string[] })), ...this.extraPeople]
      .map((p) => `  - email: ${p.email}\n    name: ${p.name}\n    roles: [${p.roles.join(', ')}]`)
      .join('\n');
    return `school:\n  name: Slack E2E Primary\n  timezone: Europe/London\n  reference_prefix: OS\npeople:\n${people}\nsafeguarding_team:\n  slack:\n    channel_id: ${SLACK_CHANNEL}\n    team_id: [${TEAM}, T2]\nroutes:\n  concern_about_chair: ${this.email('vice')}\n  lado:\n    name: LADO, Test Borough\nreporting:\n  urgent_acknowledge_minutes: 15\n  draft_expiry_hours: 72\n`;
  }

  private booted = false;

  private async boot(): Promise<void> {
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: this.db.url,
      ...this.schoolEnv(),
      LOG_LEVEL: 'silent',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_API_URL: this.fake.url,
      // The fake enforces no limits here: pacing is shown by test/platforms/send-rate.e2e.spec.ts, and would only slow these.
      SEND_PACING: 'off',
      ...this.env,
    });
    this.app = await startApp(config, { clock: this.clock, background: false, random: () => 0.5, log: this.log, initDatabase: !this.booted });
    // Only the first boot creates the database (as `safeguard db init` would); a restart finds it or refuses.
    this.booted = true;
  }

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

  /** POSTs a raw body to /slack/events, signed (or as `sign` says), and waits for the bot's follow-up work. */
  async post(body: string, contentType: string, sign: { secret?: string; ageSeconds?: number; headers?: Record<string, string> } = {}): Promise<SlackResponse> {
    const ts = Math.floor(Date.now() / 1000) - (sign.ageSeconds ?? 0);
    const sig = `v0=${crypto.createHmac('sha256', sign.secret ?? SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${this.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig, ...(sign.headers ?? {}) },
      body,
    });
    const text = await res.text();
    await this.app.slack!.idle();
    let parsed: Obj | string = text;
    try {
      parsed = text ? (JSON.parse(text) as Obj) : '';
    } catch {
      /* a plain-text answer stays a string */
    }
    // A view in the HTTP answer (response_action) is held to the same limits as views.update, since Slack refuses both alike.
    if (typeof parsed === 'object' && parsed && (parsed.response_action === 'update' || parsed.response_action === 'push')) {
      const problems = viewProblems(parsed.view);
      if (problems.length) throw new Error(`Slack would refuse this ${String(parsed.response_action)} view: ${problems.join('; ')}`);
    }
    return { status: res.status, body: parsed };
  }

  /** Types a slash command (/report by default), with `text` after it (e.g. "chronology Sam Carter"). */
  async slash(who: Actor, command = '/report', team = this.person(who).team, text = ''): Promise<SlackResponse> {
    const form = new URLSearchParams({ command, text, user_id: this.person(who).id, team_id: team, channel_id: `D${this.person(who).id}`, trigger_id: this.trigger(), response_url: 'http://127.0.0.1:9/unused' });
    return this.post(form.toString(), 'application/x-www-form-urlencoded');
  }

  private trigger(): string {
    return `trigger-${++this.n}`;
  }

  /** An interactivity payload, form-encoded as Slack sends it. */
  async interact(payload: Obj, sign: Parameters<SlackHarness['post']>[2] = {}): Promise<SlackResponse> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', sign);
  }

  /** Clicks a button of a posted message (channel card or DM). */
  async clickMessage(who: Actor, channel: string, ts: string, button: Obj, state: Obj = {}): Promise<SlackResponse> {
    return this.interact({
      type: 'block_actions',
      user: { id: this.person(who).id, team_id: this.person(who).team },
      team: { id: this.person(who).team },
      trigger_id: this.trigger(),
      container: { type: 'message', channel_id: channel, message_ts: ts },
      channel: { id: channel },
      message: { ts },
      state: { values: state },
      actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '1' }],
    });
  }

  /** Clicks a button inside a modal view, with the modal's typed state. */
  async clickInView(who: Actor, view: Obj, button: Obj, values: Obj = {}): Promise<SlackResponse> {
    return this.interact({
      type: 'block_actions',
      user: { id: this.person(who).id, team_id: this.person(who).team },
      team: { id: this.person(who).team },
      trigger_id: this.trigger(),
      container: { type: 'view', view_id: view.id },
      view: { ...view, type: 'modal', state: { values: stateFor(view, values) } },
      actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '1' }],
    });
  }

  /** Submits a modal with typed values (input id → value); `values` become Slack's view.state. */
  async submit(who: Actor, view: Obj, values: Obj = {}, viewId = String(view.id ?? 'V-unknown')): Promise<SlackResponse> {
    return this.interact({
      type: 'view_submission',
      user: { id: this.person(who).id, team_id: this.person(who).team },
      team: { id: this.person(who).team },
      trigger_id: this.trigger(),
      view: { ...view, id: viewId, type: 'modal', state: { values: stateFor(view, values) } },
    });
  }

  /** Types into an external_select of a modal: Slack's block_suggestion request; the body is the bot's options. */
  async suggest(who: Actor, view: Obj, actionId: string, value: string): Promise<SlackResponse> {
    return this.interact({
      type: 'block_suggestion',
      user: { id: this.person(who).id, team_id: this.person(who).team },
      team: { id: this.person(who).team },
      api_app_id: 'A1',
      container: { type: 'view', view_id: view.id },
      view: { ...view, type: 'modal' },
      action_id: actionId,
      block_id: actionId,
      value,
    });
  }

  /** Sends an Events API callback (JSON), with Slack's retry header when `retryNum` is given. */
  async event(event: Obj, eventId: string, retryNum?: number, team = TEAM): Promise<SlackResponse> {
    const body = JSON.stringify({ type: 'event_callback', team_id: team, api_app_id: 'A1', event, event_id: eventId, event_time: 1, authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true }] });
    return this.post(body, 'application/json', retryNum === undefined ? {} : { headers: { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } });
  }

  /** The latest view (modal) the bot showed the person: from views.open/update/push, or a response_action. */
  lastView(): Obj {
    const call = [...this.fake.calls].reverse().find((c) => c.method.startsWith('views.') && c.method !== 'views.publish' && !c.error);
    if (!call) throw new Error('no view shown');
    return { ...(call.args.view as Obj), id: (call.args.view_id as string | undefined) ?? `V-${call.seq}` };
  }

  /** Runs the background round (outbox delivery, re-paging, purges) now. */
  async deliver(): Promise<void> {
    await this.app.tick();
  }

  /** Messages posted to a channel (or a person's DM) since `mark`. */
  posts(channel: string, since = 0): SlackCall[] {
    return this.fake.since(since).filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel && !c.error && c.status === 200);
  }

  dm(who: Actor): string {
    return `D${this.person(who).id}`;
  }

  /** The Slack user id and workspace of whoever acts. */
  person(who: Actor): SlackPerson {
    return typeof who === 'string' ? { id: this.ids[who], team: TEAM } : who;
  }
}

/** Builds view.state.values for the view's input blocks from input id → value. */
export function stateFor(view: Obj, values: Obj): Obj {
  const out: Obj = {};
  for (const b of (view.blocks as Obj[]) ?? []) {
    if (b.type !== 'input') continue;
    const id = String(b.block_id);
    const el = b.element as Obj;
    const v = values[id];
    if (v === undefined) continue;
    const opt = (x: string) => ({ value: x, text: { type: 'plain_text', text: x } });
    const typed: Obj = { type: el.type };
    switch (el.type) {
      case 'plain_text_input':
        // Slack stops typing at max_length: a test cannot submit what a person could not type.
        if (typeof el.max_length === 'number' && String(v).length > el.max_length) throw new Error(`${id}: ${String(v).length} characters, but Slack takes at most ${el.max_length}`);
        typed.value = String(v);
        break;
      case 'datepicker':
        typed.selected_date = String(v);
        break;
      case 'timepicker':
        typed.selected_time = String(v);
        break;
      case 'radio_buttons':
      case 'static_select':
      case 'external_select':
        typed.selected_option = opt(String(v));
        break;
      default:
        typed.selected_options = String(v).split(',').map(opt);
    }
    out[id] = { [String(el.action_id)]: typed };
  }
  return out;
}

/** A button by action_id in a list of blocks (or a view / message). */
export function buttonIn(where: Obj | Obj[], actionId: string): Obj {
  const blocks = Array.isArray(where) ? where : ((where.blocks as Obj[]) ?? []);
  for (const b of blocks) {
    const els = b.type === 'actions' ? ((b.elements as Obj[]) ?? []) : b.accessory ? [b.accessory as Obj] : [];
    const found = els.find((e) => e.action_id === actionId);
    if (found) return found;
  }
  throw new Error(`no ${actionId} button in ${JSON.stringify(blocks).slice(0, 400)}`);
}

/** All the text a person reads in blocks. */
export function blockText(where: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    const o = n as Obj;
    if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(where);
  return out.join('\n');
}

/** Walks the /report modal for a concern about a pupil; returns the final view's text. */
export async function slackReportPupil(h: SlackHarness, who: Actor, o: { danger?: boolean; kinds?: string; what?: string; howKnown?: 'seen' | 'told'; adult?: { name: string; confirm: string }; people?: Record<string, string>; details?: Record<string, string> } = {}): Promise<string> {
  await h.slash(who);
  let view = h.lastView();
  const kinds = o.kinds ?? 'online_bullying';
  const steps: Obj[] = [
    { category: 'pupil' },
    { immediate_danger: o.danger ? 'yes' : 'no' },
    { occurred_date: '2026-11-20', location: 'online_home' },
    { person1_name: 'Sam (Year 5)', person1_group: 'pupil', person1_part: 'target', ...(o.adult ? { person2_name: o.adult.name, person2_group: 'staff', person2_part: 'alleged_perpetrator' } : {}), ...o.people },
    // A member of staff named as alleged perpetrator is confirmed, as the bot never routes on a typed name.
    ...(o.adult ? [{ person2_confirm: o.adult.confirm }] : []),
    { kinds },
  ];
  if (needsUkcisWarning(kinds.split(','))) steps.push({ ukcis_ack: 'understood' });
  steps.push({ what_happened: o.what ?? 'Sam was sent unkind messages.', how_known: o.howKnown ?? 'seen', ...o.details });
  for (const values of steps) view = await submitStep(h, who, view, values);
  view = await submitStep(h, who, view, {}); // the review: Send report
  return blockText(view);
}

/** Walks the /report modal for a concern about a member of staff. */
export async function slackReportStaff(h: SlackHarness, who: Actor, about: { email?: string; name?: string; confirm?: string }, o: { danger?: boolean; childImages?: 'yes' | 'no' | 'not_sure' } = {}): Promise<string> {
  await h.slash(who);
  let view = h.lastView();
  view = await submitStep(h, who, view, { category: 'staff' });
  view = await submitStep(h, who, view, { immediate_danger: o.danger ? 'yes' : 'no' });
  view = await submitStep(h, who, view, about.email ? { subject_email: about.email } : { subject_email: 'other', subject_name: about.name });
  // A typed name is confirmed before it routes anything: an offered email, or 'someone_else' (default).
  if (!about.email) view = await submitStep(h, who, view, { subject_confirm: about.confirm ?? 'someone_else' });
  const childImages = o.childImages ?? 'no';
  view = await submitStep(h, who, view, { what_happened: 'Shared pupil photos on a personal phone.', occurred_date: '2026-11-19', how_known: 'told', child_images: childImages });
  if (childImages !== 'no') view = await submitStep(h, who, view, { ukcis_ack: 'understood' });
  view = await submitStep(h, who, view, {});
  return blockText(view);
}

/** Submits one modal step; returns the next view (from response_action: update). */
export async function submitStep(h: SlackHarness, who: Actor, view: Obj, values: Obj): Promise<Obj> {
  const res = await h.submit(who, view, values);
  const body = res.body as Obj;
  if (res.status !== 200 || body.response_action !== 'update') throw new Error(`submission answered ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
  return { ...(body.view as Obj), id: view.id };
}
