/** The Store port on a TypeORM DataSource. */
import fs from 'node:fs';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Repositories, Store, WriteCheck } from '../core/ports';
import { engineOf } from './data-source';
import { exec, rootDb, type Db, type RootDb } from './db';
import { draftRepository } from './repositories/drafts';
import { conversationRepository, identityRepository } from './repositories/identities';
import { incidentRepository } from './repositories/incidents';
import { inboundRepository, postedMessageRepository } from './repositories/messages';
import { outboxRepository } from './repositories/outbox';
import { eventRepository, infoRequestRepository, proposalRepository } from './repositories/records';
import { auaRepository, completionRepository, staffRepository } from './repositories/duties';
import { filterRequestRepository, reminderRepository } from './repositories/duties-reminders';
import { staffImportRepository } from './repositories/staff-import';
import { presenceRepository, slackInstallationRepository, throttledPresence } from './repositories/slack';
import { teamsInstallRepository } from './repositories/teams-installs';
import { deliveryAttemptRepository } from './repositories/deliveries';
import { pupilRepository } from './repositories/pupils';
import { pupilLinkRepository } from './repositories/pupil-links';
import { patternAlertRepository } from './repositories/pattern-alerts';
import { taskRepository } from './repositories/tasks';

const PING_TIMEOUT_MS = 5000;
// Longer than SQLite's 5 s busy timeout, so a locked file answers "locked" rather than "timed out".
const WRITE_CHECK_TIMEOUT_MS = 6000;
const PG_LOCK_TIMEOUT_MS = 2000;

/** Every repository, bound to `db` (the store's root or one transaction). */
export function repositories(db: Db): Repositories {
  return {
    incidents: incidentRepository(db),
    events: eventRepository(db),
    proposals: proposalRepository(db),
    infoRequests: infoRequestRepository(db),
    drafts: draftRepository(db),
    outbox: outboxRepository(db),
    posted: postedMessageRepository(db),
    identities: identityRepository(db),
    inbound: inboundRepository(db),
    conversations: conversationRepository(db),
    slackInstallations: slackInstallationRepository(db),
    presence: presenceRepository(db),
    teamsInstalls: teamsInstallRepository(db),
    deliveries: deliveryAttemptRepository(db),
    staff: staffRepository(db),
    completions: completionRepository(db),
    aua: auaRepository(db),
    reminders: reminderRepository(db),
    filterRequests: filterRequestRepository(db),
    staffImports: staffImportRepository(db),
    pupils: pupilRepository(db),
    pupilLinks: pupilLinkRepository(db),
    patternAlerts: patternAlertRepository(db),
    tasks: taskRepository(db),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A Store over an initialised, migrated DataSource (see openStore). */
export class TypeOrmStore implements Store {
  readonly incidents;
  readonly events;
  readonly proposals;
  readonly infoRequests;
  readonly drafts;
  readonly outbox;
  readonly posted;
  readonly identities;
  readonly inbound;
  readonly conversations;
  readonly slackInstallations;
  readonly presence;
  readonly teamsInstalls;
  readonly deliveries;
  readonly staff;
  readonly completions;
  readonly aua;
  readonly reminders;
  readonly filterRequests;
  readonly staffImports;
  readonly pupils;
  readonly pupilLinks;
  readonly patternAlerts;
  readonly tasks;
  /** True when this open created the database (a new school's, `safeguard db init`). */
  readonly createdNow: boolean;
  /** SQLite: every call and transaction takes the store's one lock (./db.ts). */
  get oneAtATime(): boolean {
    return this.db.engine === 'sqlite';
  }
  private readonly db: RootDb;
  /** SQLite file: a second, read-only connection for look-ups outside transactions (./db.ts read()). */
  private readonly reader: DataSource | null;
  /** SQLite file: its path and inode when opened, to notice it being deleted or replaced under us. */
  private readonly file: { path: string; ino: number } | null;

  constructor(
    private readonly dataSource: DataSource,
    opts: { createdNow?: boolean; reader?: DataSource | null } = {},
  ) {
    this.createdNow = opts.createdNow ?? false;
    this.reader = opts.reader ?? null;
    this.db = rootDb(dataSource, engineOf(dataSource), this.reader);
    const database = dataSource.options.type === 'sqlite' ? String(dataSource.options.database) : ':memory:';
    this.file = database === ':memory:' ? null : { path: database, ino: fs.statSync(database).ino };
    const r = repositories(this.db);
    this.incidents = r.incidents;
    this.events = r.events;
    this.proposals = r.proposals;
    this.infoRequests = r.infoRequests;
    this.drafts = r.drafts;
    this.outbox = r.outbox;
    this.posted = r.posted;
    this.identities = r.identities;
    this.inbound = r.inbound;
    this.conversations = r.conversations;
    this.slackInstallations = r.slackInstallations;
    // The root's presence skips repeated touches (a transaction's repositories write through).
    this.presence = throttledPresence(r.presence);
    this.teamsInstalls = r.teamsInstalls;
    this.deliveries = r.deliveries;
    this.staff = r.staff;
    this.completions = r.completions;
    this.aua = r.aua;
    this.reminders = r.reminders;
    this.filterRequests = r.filterRequests;
    this.staffImports = r.staffImports;
    this.pupils = r.pupils;
    this.pupilLinks = r.pupilLinks;
    this.patternAlerts = r.patternAlerts;
    this.tasks = r.tasks;
  }

  /** Runs `fn` in one transaction; a throw rolls back every write made through `tx`. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(repositories(tx)));
  }

  /** SELECT 1 with a time limit; false (never a throw) when the database does not answer. */
  async ping(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PING_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Proves the database can be written: upserts this host's heartbeat row in a transaction and
   * reads it back, within a time limit. Never throws; says why when it cannot (for /healthz).
   */
  async checkWritable(now = new Date()): Promise<WriteCheck> {
    if (!this.dataSource.isInitialized) return { ok: false, code: 'DB_CLOSED' };
    if (this.file) {
      // A deleted SQLite file still accepts writes through the open handle, into nowhere.
      const ino = fs.statSync(this.file.path, { throwIfNoEntry: false })?.ino;
      if (ino !== this.file.ino) return { ok: false, code: 'DB_GONE' };
    }
    const instance = os.hostname().slice(0, 200) || 'unknown';
    const beat = async (tx: Db) =>
      tx.run(async (em) => {
        if (this.db.engine === 'postgres') await em.query(`SET LOCAL lock_timeout = ${PG_LOCK_TIMEOUT_MS}`);
        await exec(em, 'INSERT INTO "heartbeats" ("instance", "beat_at") VALUES (:instance, :at) ON CONFLICT ("instance") DO UPDATE SET "beat_at" = EXCLUDED."beat_at"', { instance, at: now.getTime() });
        const { rows } = await exec<{ beat_at: string | number }>(em, 'SELECT "beat_at" FROM "heartbeats" WHERE "instance" = :instance', { instance });
        if (Number(rows[0]?.beat_at) !== now.getTime()) throw Object.assign(new Error('heartbeat not read back'), { code: 'DB_NOT_WRITTEN' });
      });
    try {
      await withTimeout(this.db.transaction(beat), WRITE_CHECK_TIMEOUT_MS);
      return { ok: true };
    } catch (err) {
      return { ok: false, code: writeFailure(err) };
    }
  }

  /** Closes the connection(s), after any running SQLite transaction; closing twice is harmless. */
  async close(): Promise<void> {
    await this.db.run(async () => {
      if (this.reader?.isInitialized) await this.reader.destroy();
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    });
  }
}

/** Why a write failed, as a code: read-only, locked, gone, timed out, or otherwise unavailable. */
function writeFailure(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  const message = String(e?.message ?? '');
  if (code === 'SQLITE_READONLY' || code === '25006' || /readonly|read-only/i.test(message)) return 'DB_READ_ONLY';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '55P03' || /database is locked/i.test(message)) return 'DB_LOCKED';
  if (code === '42P01' || code === '3F000' || code === 'SQLITE_CANTOPEN' || /no such table/i.test(message)) return 'DB_GONE';
  if (code.startsWith('SQLITE_IOERR') || /disk I\/O error/i.test(message)) return 'DB_IO_ERROR';
  if (/timed out/.test(message)) return 'DB_TIMEOUT';
  if (code === 'DB_NOT_WRITTEN') return code;
  return 'DB_UNAVAILABLE';
}
