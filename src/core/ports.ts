/**
 * Ports: what the core needs from storage and time. src/store implements them with TypeORM on
 * SQLite or PostgreSQL; one contract suite (test/store/contract.spec.ts) runs against both.
 */
import type {
  Draft,
  Identity,
  InfoRequest,
  Incident,
  IncidentEvent,
  OutboxMessage,
  Platform,
  PostedMessage,
  Proposal,
  Recipient,
} from './model';
import type { DutyRepositories } from './duties/ports';
import type { PupilRepositories } from './pupils/ports';
import type { TaskRepositories } from './tasks/ports';

/** Injected time: production uses the system clock, tests a fake one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type NewIncident = Omit<Incident, 'id' | 'reference' | 'version'>;

export interface IncidentRepository {
  /** Inserts with a fresh id and the next human reference `${prefix}-${year}-NNNN` (per prefix and year, gap-free, safe under concurrency); version starts at 1. */
  create(data: NewIncident, prefix: string, year: number): Promise<Incident>;
  /**
   * The same in two steps, for a transaction that writes more after the incident: `createUnnumbered`
   * inserts it with a provisional reference, and `number`, called last, takes the next reference and
   * sets it. On PostgreSQL the counter's row lock is then held only to the commit, not across the
   * transaction's other writes, so concurrent reports do not queue behind each other's whole work.
   */
  createUnnumbered(data: NewIncident): Promise<Incident>;
  number(incident: Incident, prefix: string, year: number): Promise<Incident>;
  get(id: string): Promise<Incident | null>;
  getByReference(reference: string): Promise<Incident | null>;
  /** Incidents with these ids (unknown ids are left out), oldest report first. */
  getMany(ids: string[]): Promise<Incident[]>;
  /**
   * Saves `incident` only if the stored version is still `incident.version`; the stored version
   * becomes version + 1. Returns the saved incident, or null when someone else changed it first.
   */
  update(incident: Incident): Promise<Incident | null>;
  /**
   * Inside a transaction, holds the incident until the transaction ends, so two transactions that
   * decide something from the incident's rows decide one after the other (PostgreSQL row lock;
   * SQLite transactions already run one at a time). Outside a transaction it only reads.
   */
  lock(id: string): Promise<void>;
  /** Urgent, unacknowledged (status 'reported') incidents whose nextPageAt <= now. */
  listDuePages(now: Date, limit: number): Promise<Incident[]>;
  /** Incidents reported by this person, newest first. */
  listByReporter(email: string, limit: number): Promise<Incident[]>;
  /** Incidents not closed, oldest first. */
  listOpen(limit: number): Promise<Incident[]>;
  /**
   * Open incidents whose last chronology entry (views, refused attempts and earlier quiet flags aside)
   * is before `before`, quietest first: concerns nobody has worked on for a while (issue #11).
   */
  listQuiet(before: Date, limit: number): Promise<{ incidentId: string; lastActivityAt: Date }[]>;
}

export interface EventRepository {
  add(event: Omit<IncidentEvent, 'id'>): Promise<IncidentEvent>;
  /** Oldest first. */
  listByIncident(incidentId: string): Promise<IncidentEvent[]>;
  /** The chronologies of several incidents merged, oldest first (a child's chronology, issue #11). */
  listByIncidents(incidentIds: string[]): Promise<IncidentEvent[]>;
}

export interface ProposalRepository {
  add(p: Omit<Proposal, 'id'>): Promise<Proposal>;
  /** The pending proposal of an incident, if any (at most one is pending at a time). */
  pending(incidentId: string): Promise<Proposal | null>;
  /** Marks a pending proposal approved/rejected; false if it was no longer pending. */
  resolve(id: string, status: 'approved' | 'rejected', by: string, at: Date): Promise<boolean>;
  listByIncident(incidentId: string): Promise<Proposal[]>;
}

export interface InfoRequestRepository {
  add(r: Omit<InfoRequest, 'id'>): Promise<InfoRequest>;
  get(id: string): Promise<InfoRequest | null>;
  /** Records the answer once; false if it was already answered. */
  answer(id: string, answer: string, at: Date): Promise<boolean>;
  listByIncident(incidentId: string): Promise<InfoRequest[]>;
}

export interface DraftRepository {
  /** The reporter's open draft on that platform, if any. */
  getOpen(platform: Platform, platformUserId: string): Promise<Draft | null>;
  get(id: string): Promise<Draft | null>;
  /** Inserts or updates by id. */
  save(draft: Draft): Promise<void>;
  /**
   * Inserts `draft` (status open) unless the reporter already has an open draft on that platform,
   * which is returned instead: two "report" messages at once open one draft, never a constraint error.
   */
  openOnce(draft: Draft): Promise<{ draft: Draft; created: boolean }>;
  /**
   * Deletes open drafts whose expiresAt <= now, except an urgent one whose alert is not yet queued;
   * returns how many. Submitted drafts keep only ids (answers cleared).
   */
  purgeExpired(now: Date): Promise<number>;
  /** Open drafts that answered "a child is in immediate danger: yes", without `notice` yet, untouched since idleBefore or expired at now; oldest first. */
  listUrgentIdle(notice: DraftNotice, idleBefore: Date, now: Date, limit: number): Promise<Draft[]>;
  /** Records `notice` at `at` if it is still unset and the draft still open and urgent; true for the one caller that did (two sweepers: one wins). */
  markNotified(id: string, notice: DraftNotice, at: Date): Promise<boolean>;
}

/** The one-off messages about an abandoned urgent draft, each a timestamp on the draft so none is sent twice. */
export type DraftNotice = 'dangerAlertedAt' | 'reporterRemindedAt';

export type NewOutboxMessage = Pick<OutboxMessage, 'dedupeKey' | 'incidentId' | 'recipient' | 'kind' | 'payload'> & {
  nextAttemptAt: Date;
};

export interface OutboxRepository {
  /** Inserts a pending row; returns false (and inserts nothing) when the dedupeKey exists already. */
  enqueue(msg: NewOutboxMessage, now: Date): Promise<boolean>;
  /** Inserts many pending rows in one statement, skipping any whose dedupeKey exists; the dedupe keys inserted. */
  enqueueMany(msgs: NewOutboxMessage[], now: Date): Promise<Set<string>>;
  /**
   * Claims up to `limit` pending rows due at `now` whose lease is free or expired, for `owner`
   * until now + leaseMs, urgent pages first. Two workers never claim the same row at the same time.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /** Each mark applies only while `owner` holds the lease; returns false otherwise. `attempts` counts claims, so a claimed row already includes the current one. */
  markSent(id: string, owner: string, at: Date): Promise<boolean>;
  markRetry(id: string, owner: string, nextAttemptAt: Date, error: string): Promise<boolean>;
  /** Gives a claimed message back unsent and unattempted (its claim does not count), due again at nextAttemptAt. */
  postpone(id: string, owner: string, nextAttemptAt: Date): Promise<boolean>;
  markFinal(id: string, owner: string, status: 'unreachable' | 'failed', error: string): Promise<boolean>;
  listByIncident(incidentId: string): Promise<OutboxMessage[]>;
  /** Earliest nextAttemptAt among pending rows (for the worker's next wake-up), or null. */
  nextDue(): Promise<Date | null>;
  /** Deletes up to `limit` finished rows (sent, unreachable, failed; never pending) created before `before`, with their delivery-ledger rows; returns how many. */
  pruneFinished(before: Date, limit: number): Promise<number>;
}

export interface PostedMessageRepository {
  add(m: PostedMessage): Promise<void>;
  listByIncident(incidentId: string): Promise<PostedMessage[]>;
}

export interface IdentityRepository {
  /** Inserts or updates by (platform, platformUserId); a null conversationRef never overwrites a stored one. */
  upsert(identity: Omit<Identity, 'unreachableAt' | 'unreachableReason'>): Promise<Identity>;
  findByEmail(platform: Platform, email: string): Promise<Identity | null>;
  findByPlatformId(platform: Platform, platformUserId: string): Promise<Identity | null>;
  /** Records that a person cannot be reached on that platform (app not installed, blocked…). */
  markUnreachable(platform: Platform, email: string, reason: string, at: Date): Promise<void>;
}

export interface InboundRepository {
  /** Records an inbound platform event id; true the first time, false for a duplicate (platform retry). */
  firstSeen(platform: Platform, eventId: string, at: Date): Promise<boolean>;
  /** Forgets up to `limit` event ids first seen before `before` (past any platform retry); returns how many. */
  pruneSeen(before: Date, limit: number): Promise<number>;
}

/** Conversation references that are not a person's 1:1 chat (e.g. the DSL team channel). */
export interface ConversationRepository {
  save(platform: Platform, key: string, ref: Record<string, unknown>): Promise<void>;
  get(platform: Platform, key: string): Promise<Record<string, unknown> | null>;
}

/** A Slack workspace install (OAuth), bound to a school. `installation` is Slack's JSON, opaque to the core. */
export interface SlackInstallationRecord {
  /** `T:<team id>`, or `E:<enterprise id>` for an org-wide install on Enterprise Grid. */
  key: string;
  teamId: string | null;
  enterpriseId: string | null;
  /** The school this workspace belongs to (its reference prefix). */
  school: string;
  installation: Record<string, unknown>;
  installedAt: Date;
}

export interface SlackInstallationRepository {
  /** Inserts or replaces the install under its key (a reinstall brings new tokens). */
  save(record: SlackInstallationRecord): Promise<void>;
  get(key: string): Promise<SlackInstallationRecord | null>;
  delete(key: string): Promise<void>;
  /** Installs bound to a school, newest first. */
  listBySchool(school: string): Promise<SlackInstallationRecord[]>;
}

/** How far installing the Teams app for a person through Graph has got; each step is saved as it is done, so a crash resumes rather than repeats. */
export interface TeamsInstall {
  /** Lower-case school-file email. */
  email: string;
  /** Their Entra (Azure AD) object id, from Graph. */
  aadUserId: string | null;
  /** When Graph accepted the install (201 Created, or 409: already installed). */
  installedAt: Date | null;
  /** The installation's id (teamwork/installedApps/{id}). */
  installId: string | null;
  /** The 1:1 chat between the person and the bot, once Graph shows it. */
  chatId: string | null;
  updatedAt: Date;
}

export interface TeamsInstallRepository {
  get(email: string): Promise<TeamsInstall | null>;
  /** Inserts or replaces the row for the email. */
  save(install: TeamsInstall): Promise<void>;
}

/** Which post a delivery attempt is: one outbox row, to one recipient, on one platform. */
export interface DeliveryKey {
  outboxId: string;
  platform: Platform;
  /** Lower-case email of a person, or 'dsl_channel'. */
  recipientKey: string;
}

/** The delivery ledger's record of a post: at-least-once delivery without visible duplicates. */
export interface DeliveryAttempt extends DeliveryKey {
  /** When the first post was started (written before calling the platform): where a search for it begins. */
  startedAt: Date;
  /** How many posts were started. */
  tries: number;
  /** The posted message, once the platform confirmed it; null while started-but-unknown. */
  conversationId: string | null;
  activityId: string | null;
  postedAt: Date | null;
  /** A retry that could not tell whether the earlier post landed and posted again, marked as a resend. */
  uncertainAt: Date | null;
  /** A retry that found the earlier post and updated it instead of posting again. */
  replacedAt: Date | null;
}

export interface DeliveryAttemptRepository {
  get(key: DeliveryKey): Promise<DeliveryAttempt | null>;
  /** Records that a post is starting (a new row, or tries + 1 on the existing one); returns the row. */
  start(key: DeliveryKey, at: Date): Promise<DeliveryAttempt>;
  /** Records the message the platform confirmed. */
  posted(key: DeliveryKey, post: { conversationId: string; activityId: string }, at: Date): Promise<void>;
  /** The platform refused this try before accepting anything (429, 4xx): forgets it (earlier unknown tries stay). */
  refused(key: DeliveryKey): Promise<void>;
  /** Stamps uncertainAt or replacedAt with `at`. */
  mark(key: DeliveryKey, what: 'uncertainAt' | 'replacedAt', at: Date): Promise<void>;
}

/** When a person last used each platform, so messages go where they are. */
export interface PresenceRepository {
  touch(email: string, platform: Platform, at: Date): Promise<void>;
  /** The platforms the person has used, most recent first. */
  lastUsed(email: string): Promise<Platform[]>;
}

export interface Repositories extends DutyRepositories, PupilRepositories, TaskRepositories {
  incidents: IncidentRepository;
  events: EventRepository;
  proposals: ProposalRepository;
  infoRequests: InfoRequestRepository;
  drafts: DraftRepository;
  outbox: OutboxRepository;
  posted: PostedMessageRepository;
  identities: IdentityRepository;
  inbound: InboundRepository;
  conversations: ConversationRepository;
  slackInstallations: SlackInstallationRepository;
  presence: PresenceRepository;
  teamsInstalls: TeamsInstallRepository;
  deliveries: DeliveryAttemptRepository;
}

export interface Store extends Repositories {
  /**
   * True when this process runs one store call at a time (SQLite: one connection behind one lock),
   * so a long job must work in small transactions for a user's turn to get in between; false when
   * calls run side by side (PostgreSQL's pool), where fewer, larger transactions cost less.
   */
  readonly oneAtATime: boolean;
  /** Runs `fn` in one database transaction: all its writes land together or not at all. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** Whether the database can be written right now (a heartbeat row in a transaction); never throws. */
  checkWritable(): Promise<WriteCheck>;
  close(): Promise<void>;
}

/** The answer of Store.checkWritable: ok, or a code (DB_READ_ONLY, DB_LOCKED, DB_GONE, DB_TIMEOUT…). */
export type WriteCheck = { ok: true } | { ok: false; code: string };

/** A thing that went wrong in a way the person should hear about (see src/errors.ts for codes). */
export type { Recipient };
