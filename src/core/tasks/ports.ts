/** What tasks need from the store (issue #11). */
import type { NewTask, Task, TaskStage } from './model';

export interface TaskRepository {
  /** Inserts an open task (stage 0, first due at its due time). */
  add(task: NewTask): Promise<Task>;
  get(id: string): Promise<Task | null>;
  /** An incident's tasks, oldest first. */
  listByIncident(incidentId: string): Promise<Task[]>;
  /** Incidents (of those given) with an open task due before `now`: the "overdue tasks" filter. */
  incidentsWithOverdue(now: Date, incidentIds: string[]): Promise<Set<string>>;
  /**
   * Claims up to `limit` open tasks whose next stage is due at `now` and whose lease is free or
   * expired, for `owner` until now + leaseMs. Two sweepers never claim the same task at once.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Task[]>;
  /** Records the stage reached and the next one's time, releasing the lease; only while `owner` holds it. */
  advance(id: string, owner: string, stage: TaskStage, nextAt: Date | null): Promise<boolean>;
  /** Marks an open task done once; false when it was done already. */
  complete(id: string, by: string, at: Date, note: string): Promise<boolean>;
}

export interface TaskRepositories {
  tasks: TaskRepository;
}
