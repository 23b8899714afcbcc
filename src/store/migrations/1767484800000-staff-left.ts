/**
 * Leavers: a staff record is kept when someone leaves (the roster, or a CSV with
 * left_date) and gains the date they left; their reminders stop. Status, never deletion.
 */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

export class StaffLeft1767484800000 implements MigrationInterface {
  name = 'StaffLeft1767484800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('staff_records', new TableColumn({ name: 'left_on', type: 'varchar', length: '10', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('staff_records', 'left_on');
  }
}
