/**
 * Abandoned urgent drafts: a draft whose reporter answered "a child is in immediate
 * danger: yes" is flagged, and the two one-off messages about it are timers as data (when the
 * safeguarding team was alerted, when the reporter was reminded). Table API only (both engines).
 */
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const columns = (): TableColumn[] => [
  new TableColumn({ name: 'immediate_danger', type: 'boolean', default: false }),
  new TableColumn({ name: 'danger_alerted_at', type: 'bigint', isNullable: true }),
  new TableColumn({ name: 'reporter_reminded_at', type: 'bigint', isNullable: true }),
];

const INDEX = 'IDX_drafts_open_danger';

export class DraftAlerts1767571600000 implements MigrationInterface {
  name = 'DraftAlerts1767571600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('drafts', columns());
    // Drafts already open when this ships: flag those that said yes, so none is purged unannounced.
    await queryRunner.query(`UPDATE drafts SET "immediate_danger" = TRUE WHERE "status" = 'open' AND "answers" LIKE '%"immediate_danger":"yes"%'`);
    await queryRunner.createIndex('drafts', new TableIndex({ name: INDEX, columnNames: ['status', 'immediate_danger', 'danger_alerted_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('drafts', INDEX);
    for (const c of columns().reverse()) await queryRunner.dropColumn('drafts', c.name);
  }
}
