/**
 * The first schema. Written with QueryRunner's Table API only, so the same migration runs on
 * SQLite and PostgreSQL. Values are literals, not imports from core/model: a migration is a
 * snapshot and must not change when the model does.
 */
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36' });
const str = (name: string, isNullable = false, length = '320'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable });
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
// Epoch milliseconds: exact Date round-trip on both engines.
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });
const seq: TableColumnOptions = { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const oneOf = (column: string, values: string[]) => ({ expression: `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})` });
const incidentFk = (onDelete: 'CASCADE' | 'SET NULL') => ({
  columnNames: ['incident_id'],
  referencedTableName: 'incidents',
  referencedColumnNames: ['id'],
  onDelete,
});

// A function, not a constant: createTable() may fill in names on the Table objects it is given.
const tables = (): Table[] => [
  new Table({
    name: 'incidents',
    columns: [
      { ...id(), isPrimary: true },
      str('reference', false, '64'),
      str('category', false, '32'),
      text('kinds'),
      bool('urgent'),
      bool('immediate_danger'),
      str('status', false, '32'),
      int('version'),
      str('reporter_email'),
      str('reporter_platform', false, '16'),
      str('subject_email', true),
      text('subject_name', true),
      str('route', false, '32'),
      str('owner_email', true),
      text('answers'),
      str('occurred_at', true, '64'),
      time('reported_at'),
      time('acknowledged_at', true),
      time('closed_at', true),
      text('outcome', true),
      int('page_level'),
      time('next_page_at', true),
    ],
    uniques: [{ columnNames: ['reference'] }],
    checks: [oneOf('status', ['reported', 'acknowledged', 'decision_proposed', 'decided', 'closed'])],
    indices: [{ columnNames: ['status', 'next_page_at'] }, { columnNames: ['reporter_email', 'reported_at'] }],
  }),
  new Table({
    name: 'incident_events',
    columns: [seq, id(), id('incident_id'), time('at'), str('actor_email', true), str('type', false, '64'), text('data')],
    uniques: [{ columnNames: ['id'] }],
    indices: [{ columnNames: ['incident_id', 'seq'] }],
    foreignKeys: [incidentFk('CASCADE')],
  }),
  new Table({
    name: 'proposals',
    columns: [
      seq,
      id(),
      id('incident_id'),
      str('decision', false, '32'),
      text('rationale'),
      str('proposed_by'),
      time('proposed_at'),
      str('status', false, '16'),
      str('decided_by', true),
      time('decided_at', true),
    ],
    uniques: [{ columnNames: ['id'] }],
    checks: [oneOf('status', ['pending', 'approved', 'rejected'])],
    indices: [{ columnNames: ['incident_id', 'status'] }],
    foreignKeys: [incidentFk('CASCADE')],
  }),
  new Table({
    name: 'info_requests',
    columns: [seq, id(), id('incident_id'), str('asked_by'), text('question'), time('asked_at'), text('answer', true), time('answered_at', true)],
    uniques: [{ columnNames: ['id'] }],
    indices: [{ columnNames: ['incident_id'] }],
    foreignKeys: [incidentFk('CASCADE')],
  }),
  new Table({
    name: 'drafts',
    columns: [
      { ...id(), isPrimary: true },
      str('platform', false, '16'),
      str('platform_user_id', false, '255'),
      str('reporter_email'),
      str('category', true, '32'),
      str('step', false, '64'),
      text('answers'),
      str('status', false, '16'),
      // Set while open, null otherwise: NULLs never collide, so this allows one open draft per reporter.
      str('open_key', true, '300'),
      { ...id('incident_id'), isNullable: true },
      time('created_at'),
      time('updated_at'),
      time('expires_at'),
    ],
    uniques: [{ columnNames: ['open_key'] }],
    checks: [oneOf('status', ['open', 'submitted', 'cancelled'])],
    indices: [{ columnNames: ['status', 'expires_at'] }],
    foreignKeys: [incidentFk('SET NULL')],
  }),
  new Table({
    name: 'outbox',
    columns: [
      seq,
      id(),
      str('dedupe_key', false, '255'),
      { ...id('incident_id'), isNullable: true },
      str('recipient_type', false, '16'),
      str('recipient_email', true),
      str('kind', false, '64'),
      text('payload'),
      str('status', false, '16'),
      int('attempts'),
      time('next_attempt_at'),
      str('lease_owner', true, '128'),
      time('lease_until', true),
      text('last_error', true),
      time('created_at'),
      time('sent_at', true),
    ],
    uniques: [{ columnNames: ['id'] }, { columnNames: ['dedupe_key'] }],
    checks: [oneOf('status', ['pending', 'sent', 'unreachable', 'failed'])],
    indices: [{ columnNames: ['status', 'next_attempt_at'] }, { columnNames: ['incident_id'] }],
    foreignKeys: [incidentFk('SET NULL')],
  }),
  new Table({
    name: 'posted_messages',
    columns: [
      seq,
      id('incident_id'),
      str('platform', false, '16'),
      str('recipient_key'),
      str('kind', false, '64'),
      text('conversation_id'),
      text('activity_id'),
    ],
    indices: [{ columnNames: ['incident_id'] }],
    foreignKeys: [incidentFk('CASCADE')],
  }),
  new Table({
    name: 'identities',
    columns: [
      { ...str('platform', false, '16'), isPrimary: true },
      { ...str('platform_user_id', false, '255'), isPrimary: true },
      str('email'),
      text('name', true),
      str('tenant_id', true, '64'),
      text('conversation_ref', true),
      time('unreachable_at', true),
      text('unreachable_reason', true),
    ],
    indices: [{ columnNames: ['platform', 'email'] }],
  }),
  new Table({
    name: 'inbound_events',
    columns: [{ ...str('platform', false, '16'), isPrimary: true }, { ...str('event_id', false, '255'), isPrimary: true }, time('seen_at')],
    indices: [{ columnNames: ['seen_at'] }],
  }),
  new Table({
    name: 'conversations',
    columns: [{ ...str('platform', false, '16'), isPrimary: true }, { ...str('key', false, '255'), isPrimary: true }, text('ref')],
  }),
  new Table({
    name: 'reference_counters',
    columns: [{ ...str('prefix', false, '32'), isPrimary: true }, { ...int('year'), isPrimary: true }, int('value')],
  }),
];

export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true);
  }
}
