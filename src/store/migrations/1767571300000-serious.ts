/**
 * Triage: "serious" (flagged on the DSL team's cards) is recorded apart from "urgent"
 * (paged now). Under the old rule every urgent report was serious, so existing rows copy it.
 */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

export class Serious1767571300000 implements MigrationInterface {
  name = 'Serious1767571300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('incidents', new TableColumn({ name: 'serious', type: 'boolean', isNullable: false, default: false }));
    await queryRunner.query('UPDATE incidents SET "serious" = "urgent"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('incidents', 'serious');
  }
}
