/** The tasks table (issue #11), as TypeORM maps it; ./migrations/1767575100000-tasks.ts creates it. */
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { Task } from '../core/tasks/model';
import { epochMs } from './entities';

type Col = EntitySchemaColumnOptions;
const str = (name: string, nullable = false): Col => ({ type: 'varchar', name, nullable });
const text = (name: string, nullable = false): Col => ({ type: 'text', name, nullable });
const time = (name: string, nullable = false): Col => ({ type: 'bigint', name, nullable, transformer: epochMs });

export const TaskEntity = new EntitySchema<Task>({
  name: 'Task',
  tableName: 'incident_tasks',
  columns: {
    id: { type: 'varchar', name: 'id', primary: true },
    incidentId: str('incident_id'),
    title: text('title'),
    ownerEmail: str('owner_email'),
    dueAt: time('due_at'),
    status: str('status'),
    stage: { type: 'integer', name: 'stage' },
    nextAt: time('next_at', true),
    createdBy: str('created_by'),
    createdAt: time('created_at'),
    doneBy: str('done_by', true),
    doneAt: time('done_at', true),
    doneNote: text('done_note', true),
    leaseOwner: str('lease_owner', true),
    leaseUntil: time('lease_until', true),
  },
});

export const TASK_ENTITIES = [TaskEntity];
