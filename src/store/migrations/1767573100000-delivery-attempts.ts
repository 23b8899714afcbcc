/**
 * At-least-once delivery without visible duplicates: a row is written before each
 * platform post (outbox row, platform, recipient) and completed with the posted message's id after,
 * so a retry after a crash or a 500-after-accept updates the earlier post instead of adding one.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class DeliveryAttempts1767573100000 implements MigrationInterface {
  name = 'DeliveryAttempts1767573100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'delivery_attempts',
        columns: [
          { name: 'outbox_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'platform', type: 'varchar', length: '10', isPrimary: true },
          // Lower-case email of a person, or 'dsl_channel'.
          { name: 'recipient_key', type: 'varchar', length: '320', isPrimary: true },
          // Epoch milliseconds, as every time column: when the first post was started;
          // tries: posts started and not known to be refused.
          { name: 'started_at', type: 'bigint' },
          { name: 'tries', type: 'integer', default: 1 },
          // Null until the platform confirmed the post (then a retry updates it instead of posting).
          { name: 'conversation_id', type: 'varchar', length: '400', isNullable: true },
          { name: 'activity_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'posted_at', type: 'bigint', isNullable: true },
          // A retry that could not tell whether the earlier post landed and posted again, marked as a resend.
          { name: 'uncertain_at', type: 'bigint', isNullable: true },
          // A retry that found the earlier post and updated it in place.
          { name: 'replaced_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('delivery_attempts');
  }
}
