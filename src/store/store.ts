/** The Store port on a TypeORM DataSource. */
import type { DataSource } from 'typeorm';
import type { Repositories, Store } from '../core/ports';
import { engineOf } from './data-source';
import { rootDb, type Db, type RootDb } from './db';
import { draftRepository } from './repositories/drafts';
import { conversationRepository, identityRepository } from './repositories/identities';
import { incidentRepository } from './repositories/incidents';
import { inboundRepository, postedMessageRepository } from './repositories/messages';
import { outboxRepository } from './repositories/outbox';
import { eventRepository, infoRequestRepository, proposalRepository } from './repositories/records';
import { auaRepository, completionRepository, staffRepository } from './repositories/duties';
import { filterRequestRepository, reminderRepository } from './repositories/duties-reminders';
import { presenceRepository, slackInstallationRepository } from './repositories/slack';

const PING_TIMEOUT_MS = 5000;

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
    staff: staffRepository(db),
    completions: completionRepository(db),
    aua: auaRepository(db),
    reminders: reminderRepository(db),
    filterRequests: filterRequestRepository(db),
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
  readonly staff;
  readonly completions;
  readonly aua;
  readonly reminders;
  readonly filterRequests;
  private readonly db: RootDb;

  constructor(private readonly dataSource: DataSource) {
    this.db = rootDb(dataSource, engineOf(dataSource));
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
    this.presence = r.presence;
    this.staff = r.staff;
    this.completions = r.completions;
    this.aua = r.aua;
    this.reminders = r.reminders;
    this.filterRequests = r.filterRequests;
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

  /** Closes the connection(s), after any running SQLite transaction; closing twice is harmless. */
  async close(): Promise<void> {
    await this.db.run(async () => {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    });
  }
}
