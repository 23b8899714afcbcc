/**
 * Duties: staff records, completions, AUA versions and signatures, reminders as data
 * (dueAt, lastRemindedAt, level, lease) and filtering-change requests. Table API only, so the
 * same migration runs on SQLite and PostgreSQL; literals, not model imports (a snapshot).
 */
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, isNullable = false, length = '320'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable });
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const date = (name: string, isNullable = false): TableColumnOptions => str(name, isNullable, '10');
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const seq: TableColumnOptions = { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const id = (name = 'id'): TableColumnOptions => str(name, false, '36');
const oneOf = (column: string, values: string[]) => ({ expression: `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})` });

const tables = (): Table[] => [
  new Table({
    name: 'staff_records',
    columns: [{ ...str('email'), isPrimary: true }, text('name'), str('role', false, '32'), date('start_date', true), str('source', false, '16'), time('created_at'), time('updated_at')],
    checks: [oneOf('source', ['school_file', 'import', 'roster'])],
  }),
  new Table({
    name: 'duty_completions',
    columns: [seq, id(), str('duty_id', false, '40'), str('email', true), date('completed_on'), text('certificate_ref', true), text('notes', true), str('recorded_by'), str('platform', false, '16'), time('recorded_at')],
    uniques: [{ columnNames: ['id'] }],
    indices: [{ columnNames: ['duty_id', 'email'] }],
  }),
  new Table({
    name: 'aua_versions',
    columns: [{ ...str('version', false, '40'), isPrimary: true }, date('effective_from'), str('text_hash', false, '64'), time('created_at')],
  }),
  new Table({
    name: 'aua_signatures',
    columns: [seq, id(), str('email'), str('version', false, '40'), time('signed_at'), str('platform', false, '16')],
    uniques: [{ columnNames: ['id'] }],
    indices: [{ columnNames: ['email'] }],
  }),
  new Table({
    name: 'duty_reminders',
    columns: [
      { ...id(), isPrimary: true },
      str('key', false, '400'),
      str('duty_id', false, '40'),
      str('subject_email', true),
      date('due_date'),
      time('due_at', true),
      time('last_reminded_at', true),
      int('level', true),
      int('version'),
      str('lease_owner', true, '128'),
      time('lease_until', true),
      date('snoozed_until', true),
      text('snooze_reason', true),
      str('snoozed_by', true),
    ],
    uniques: [{ columnNames: ['key'] }],
    indices: [{ columnNames: ['due_at'] }],
  }),
  new Table({
    name: 'filter_requests',
    columns: [
      { ...id(), isPrimary: true },
      str('requester_email'),
      text('url'),
      text('reason'),
      date('from_date'),
      date('until_date'),
      str('status', false, '16'),
      int('version'),
      str('decided_by', true),
      time('decided_at', true),
      text('decision_note', true),
      time('changed_at', true),
      time('reblock_reminded_at', true),
      time('reblocked_at', true),
      str('reblocked_by', true),
      time('created_at'),
    ],
    checks: [oneOf('status', ['pending', 'approved', 'refused', 'changed', 'reblocked'])],
    indices: [{ columnNames: ['status', 'until_date'] }],
  }),
];

export class Duties1767398400000 implements MigrationInterface {
  name = 'Duties1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true);
  }
}
