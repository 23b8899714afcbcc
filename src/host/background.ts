/**
 * The background loop: every WORKER_INTERVAL_MS one round delivers the outbox, re-pages unacknowledged
 * urgent concerns, flags and purges abandoned drafts, sweeps duties, and prunes the tables that only
 * grow. Every store query a round runs is listed in ./periodic.ts (and checked to be indexed). It holds no business timer:
 * what is due lives in the database (dueAt, lastRemindedAt, leases), so a round is idempotent and
 * two instances may run side by side.
 */
import { purgeAbandonedDrafts, sweepUrgentPages } from '../core/incident-actions/paging';
import { sweepDuties, type SweepResult } from '../core/duties/sweep';
import { sweepAbandonedUrgentDrafts } from '../core/incidents/abandoned';
import { flagQuietConcerns, sweepTasks } from '../core/tasks/sweep';
import { syncSlackRosterWith } from '../platforms/slack/roster';
import { pruneGrowingTables } from '../core/notify/prune';
import { drainOutbox, type Wiring } from './wiring';
import { pupilSyncOn, syncPupilsFromGraph } from './pupil-sync';

/** Duties are swept at most this often: the sweep reads every staff record, and reminders are daily. */
const DUTY_SWEEP_EVERY_MS = 60_000;

/** Old inbound event ids and finished outbox rows are pruned at most this often: they are kept for days, so minutes do not matter. */
export const PRUNE_EVERY_MS = 5 * 60_000;

/** Quiet concerns are looked for at most this often (issue #11): they are quiet for days, so minutes do not matter. */
export const QUIET_SWEEP_EVERY_MS = 15 * 60_000;

/** Pupils are synced from Graph at most this often (issue #11): the MIS changes daily, and a sync reads every pupil. */
export const PUPIL_SYNC_EVERY_MS = 24 * 60 * 60_000;

/** One duty sweep as the server runs it: the Slack staff channel into staff records first, then reminders queued. */
export async function sweepDutiesNow(w: Wiring): Promise<SweepResult> {
  // A 429 stops the roster sync; the next sweep tries again.
  if (w.slackOn) await syncSlackRosterWith(w.deps, { botToken: w.config.SLACK_BOT_TOKEN, slackApiUrl: w.config.SLACK_API_URL }, w.log);
  return sweepDuties(w.deps, { owner: w.owner });
}

/** Startable, stoppable rounds of background work over one wiring. */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  // Only a throttle: a missed or repeated sweep is harmless, since the sweep itself is idempotent.
  private lastDutySweep: number | null = null;
  private lastPrune: number | null = null;
  private lastPupilSync: number | null = null;
  private lastQuietSweep: number | null = null;
  // A pupil sync runs beside the rounds, never inside one: a slow or throttled Graph must not hold up the outbox or urgent paging.
  private pupilSync: Promise<void> | null = null;

  constructor(
    private readonly w: Wiring,
    private readonly intervalMs: number,
  ) {}

  /** Whether the periodic timer is set. */
  get started(): boolean {
    return this.timer !== null;
  }

  /** Sets the periodic timer (once; a second call does nothing). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  /** Clears the timer and waits for a round in progress, so the store can be closed after. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    await this.pupilSync;
  }

  /** One round now; returns at once if a round is already running in this process. */
  tick(): Promise<void> {
    // The database keeps rows safe across processes; within one, a single round at a time.
    if (this.round) return Promise.resolve();
    this.round = this.runRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private async runRound(): Promise<void> {
    const { deps, worker, school, log } = this.w;
    try {
      await drainOutbox(worker);
      if ((await sweepUrgentPages(deps)) > 0) await drainOutbox(worker);
      // Urgent drafts left unsent are flagged before any purge (which never deletes an unflagged one).
      if ((await sweepAbandonedUrgentDrafts(deps)) > 0) await drainOutbox(worker);
      await purgeAbandonedDrafts(deps);
      // Issue #11: tasks due or overdue every round (they are due to the minute); quiet concerns now and then (they are counted in days).
      const tasks = await sweepTasks(deps, this.w.owner);
      if (this.lastQuietSweep === null || Math.abs(deps.clock.now().getTime() - this.lastQuietSweep) >= QUIET_SWEEP_EVERY_MS) {
        this.lastQuietSweep = deps.clock.now().getTime();
        if ((await flagQuietConcerns(deps)) + tasks.reminded + tasks.escalated > 0) await drainOutbox(worker);
      } else if (tasks.reminded + tasks.escalated > 0) await drainOutbox(worker);
      const now = deps.clock.now().getTime();
      if (school.dutiesOn && (this.lastDutySweep === null || Math.abs(now - this.lastDutySweep) >= DUTY_SWEEP_EVERY_MS)) {
        this.lastDutySweep = now;
        await sweepDutiesNow(this.w);
        await drainOutbox(worker);
      }
      if (!this.pupilSync && pupilSyncOn(this.w.config, deps) && (this.lastPupilSync === null || Math.abs(now - this.lastPupilSync) >= PUPIL_SYNC_EVERY_MS)) {
        this.lastPupilSync = now;
        this.pupilSync = this.syncPupils().finally(() => {
          this.pupilSync = null;
        });
      }
      if (this.lastPrune === null || Math.abs(now - this.lastPrune) >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        const pruned = await pruneGrowingTables(deps.store, deps.clock.now());
        if (pruned.inboundEvents + pruned.outbox > 0) log.info({ code: 'PRUNED', ...pruned }, 'pruned old inbound event ids and finished outbox rows');
      }
    } catch (err) {
      log.error({ code: (err as Error).name }, 'background round failed');
    }
  }

  /** The daily pupil sync: counts and codes in the log, never a name. */
  private async syncPupils(): Promise<void> {
    const { config, deps, log } = this.w;
    try {
      const r = await syncPupilsFromGraph(config, deps);
      log.info({ code: 'PUPILS_SYNCED', pupils: r.pupils, added: r.added, left: r.left, returned: r.returned, malformed: r.malformed, throttled: r.throttled }, 'pupils synced from Microsoft Graph');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      log.error({ code: typeof code === 'string' ? code : (err as Error).name, alert: true }, 'pupil sync from Microsoft Graph failed; nothing was changed');
    }
  }

  /** Waits for a pupil sync in progress (tests; stop() waits too). */
  async pupilSyncDone(): Promise<void> {
    await this.pupilSync;
  }
}
