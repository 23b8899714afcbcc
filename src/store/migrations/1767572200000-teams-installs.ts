/**
 * Reaching people on Teams who have never opened the app: each step of installing the
 * app for them through Microsoft Graph is a row here as soon as it is done (their Entra object id,
 * the install, its chat), so a restart mid-install resumes at the next step and never installs twice.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class TeamsInstalls1767572200000 implements MigrationInterface {
  name = 'TeamsInstalls1767572200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'teams_installs',
        columns: [
          // Lower-case school-file email: the key people are joined by.
          { name: 'email', type: 'varchar', length: '320', isPrimary: true },
          { name: 'aad_user_id', type: 'varchar', length: '100', isNullable: true },
          // Epoch milliseconds, as every time column; null until Graph accepted the install (201 or 409).
          { name: 'installed_at', type: 'bigint', isNullable: true },
          { name: 'install_id', type: 'varchar', length: '400', isNullable: true },
          { name: 'chat_id', type: 'varchar', length: '400', isNullable: true },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('teams_installs');
  }
}
