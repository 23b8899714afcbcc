/**
 * The duty sweep reads the school's own duties (policy and filtering reviews: no subject person)
 * every minute; without this partial index that read scans every person's reminder rows
 * (about 20,000 at a 10,000-staff trust). Table API only, so it runs on SQLite and PostgreSQL.
 */
import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const INDEX = (): TableIndex => new TableIndex({ name: 'IDX_duty_reminders_school', columnNames: ['key'], where: '"subject_email" IS NULL' });

export class SchoolDutyIndex1767574300000 implements MigrationInterface {
  name = 'SchoolDutyIndex1767574300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('duty_reminders', INDEX());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('duty_reminders', 'IDX_duty_reminders_school');
  }
}
