/**
 * Health: /healthz proves the database can be written, not only read, by upserting one
 * heartbeat row per host in a transaction. A read-only, locked or vanished database then shows as down.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class Heartbeats1767571800000 implements MigrationInterface {
  name = 'Heartbeats1767571800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'heartbeats',
        columns: [
          { name: 'instance', type: 'varchar', length: '200', isPrimary: true },
          // Epoch milliseconds, as every time column.
          { name: 'beat_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('heartbeats');
  }
}
