/**
 * Filtering approvals (001, 002 §4): a school may ask for two different approvers of a
 * request to unblock a site, so the first approval is kept on the request until the second.
 */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

// Instants are epoch milliseconds, as in every other table (1767398400000-duties).
const time = (name: string) => new TableColumn({ name, type: 'bigint', isNullable: true });

export class FilterApprovals1767571500000 implements MigrationInterface {
  name = 'FilterApprovals1767571500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('filter_requests', new TableColumn({ name: 'first_approved_by', type: 'varchar', length: '320', isNullable: true }));
    await queryRunner.addColumn('filter_requests', time('first_approved_at'));
    await queryRunner.addColumn('filter_requests', new TableColumn({ name: 'first_approval_note', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const c of ['first_approval_note', 'first_approved_at', 'first_approved_by']) await queryRunner.dropColumn('filter_requests', c);
  }
}
