/**
 * Slack: workspace installs from the OAuth flow (Bolt's InstallationStore, in the
 * database so every instance sees them), and when each person last used each platform (so the
 * outbox writes to them where they are). Table API only: the same migration runs on SQLite and PostgreSQL.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const tables = (): Table[] => [
  new Table({
    name: 'slack_installations',
    columns: [
      { name: 'install_key', type: 'varchar', length: '255', isPrimary: true },
      { name: 'team_id', type: 'varchar', length: '64', isNullable: true },
      { name: 'enterprise_id', type: 'varchar', length: '64', isNullable: true },
      { name: 'school', type: 'varchar', length: '64' },
      // Slack's installation JSON, tokens included: the database is the secret store here, as for Bolt's own stores.
      { name: 'installation', type: 'text' },
      { name: 'installed_at', type: 'bigint' },
    ],
    indices: [{ columnNames: ['school', 'installed_at'] }],
  }),
  new Table({
    name: 'platform_presence',
    columns: [
      { name: 'email', type: 'varchar', length: '320', isPrimary: true },
      { name: 'platform', type: 'varchar', length: '16', isPrimary: true },
      { name: 'seen_at', type: 'bigint' },
    ],
  }),
];

export class Slack1767312000000 implements MigrationInterface {
  name = 'Slack1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true);
  }
}
