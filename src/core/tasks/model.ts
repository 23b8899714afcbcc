/**
 * Tasks after a report (issue #11): "phone mum by Friday", "check back with social care in 48 h",
 * "review the filtering rule" — an owner and a due time, reminded when due and escalated when
 * overdue through the leased sweep duties use (GUIDE practice 4: reminders are data), done with a note.
 * KCSiE Part 2 record keeping: each task, and its completion, is an entry in the concern's chronology.
 */

/** open → done; a task is never deleted (the record keeps it). */
export type TaskStatus = 'open' | 'done';

/**
 * How far the sweep has got: 0 nothing sent; 1 the owner reminded (at the due time); 2 escalated
 * (overdue past the school's escalation time). `nextAt` is when the next stage is due (null when none is left).
 */
export type TaskStage = 0 | 1 | 2;

export interface Task {
  id: string;
  incidentId: string;
  title: string;
  ownerEmail: string;
  dueAt: Date;
  status: TaskStatus;
  stage: TaskStage;
  nextAt: Date | null;
  createdBy: string;
  createdAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
  doneNote: string | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

export type NewTask = Pick<Task, 'incidentId' | 'title' | 'ownerEmail' | 'dueAt' | 'createdBy' | 'createdAt'>;

/** Whether an open task is past its due time. */
export const isOverdue = (t: Pick<Task, 'status' | 'dueAt'>, now: Date): boolean => t.status === 'open' && t.dueAt.getTime() <= now.getTime();
