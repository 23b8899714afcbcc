/**
 * Issue #11: tasks after a report, each with an owner, a due time and the reminder stage reached
 * (`next_at` is when the next stage is due, swept with a lease like duty reminders). Table API only,
 * so it runs on SQLite and PostgreSQL.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, isNullable = false, length = '320'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable });
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });

export class Tasks1767575100000 implements MigrationInterface {
  name = 'Tasks1767575100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'incident_tasks',
        columns: [
          { ...str('id', false, '36'), isPrimary: true },
          str('incident_id', false, '36'),
          { name: 'title', type: 'text' },
          str('owner_email'),
          time('due_at'),
          str('status', false, '16'),
          { name: 'stage', type: 'integer' },
          time('next_at', true),
          str('created_by'),
          time('created_at'),
          str('done_by', true),
          time('done_at', true),
          { name: 'done_note', type: 'text', isNullable: true },
          str('lease_owner', true, '200'),
          time('lease_until', true),
        ],
        foreignKeys: [{ columnNames: ['incident_id'], referencedTableName: 'incidents', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    // The sweep claims open tasks by the time their next stage is due; the details view lists an incident's tasks.
    await queryRunner.createIndex('incident_tasks', new TableIndex({ name: 'IDX_incident_tasks_due', columnNames: ['status', 'next_at'] }));
    await queryRunner.createIndex('incident_tasks', new TableIndex({ name: 'IDX_incident_tasks_incident', columnNames: ['incident_id'] }));
    // Open concerns only (a school's closed ones grow with the years): the quiet-concern sweep and the open list read these.
    await queryRunner.createIndex('incidents', new TableIndex({ name: 'IDX_incidents_open', columnNames: ['reported_at'], where: `"status" <> 'closed'` }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('incidents', 'IDX_incidents_open');
    await queryRunner.dropTable('incident_tasks');
  }
}
