/**
 * Indexes for queries the background loop runs every round (see src/host/periodic.ts), so none
 * reads a whole table that only grows: the outbox prune (finished rows by age) and the clearing of
 * finished drafts' answers. Table API only, so the same migration runs on SQLite and PostgreSQL.
 */
import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const indexes = (): [string, TableIndex][] => [
  // pruneFinished: finished rows oldest first; status leads so pending rows are never read.
  ['outbox', new TableIndex({ name: 'IDX_outbox_status_created', columnNames: ['status', 'created_at'] })],
  // purgeExpired clears the answers of submitted and cancelled drafts: only those still holding
  // some are in this partial index, so the round reads a handful, not every draft ever made.
  ['drafts', new TableIndex({ name: 'IDX_drafts_finished_with_answers', columnNames: ['id'], where: `"status" <> 'open' AND "answers" <> '{}'` })],
];

export class PeriodicIndexes1767574100000 implements MigrationInterface {
  name = 'PeriodicIndexes1767574100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of indexes()) await queryRunner.createIndex(table, index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of indexes().reverse()) await queryRunner.dropIndex(table, index.name!);
  }
}
