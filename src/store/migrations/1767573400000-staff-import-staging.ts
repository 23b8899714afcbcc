/**
 * Staff import staging: a 100,000-row import is written here in short batches, each
 * tagged with its import id, then applied to the live tables in one short set-based transaction
 * and cleared. The live tables are never locked for the length of the whole import, and a crash
 * while staging leaves them untouched. Table API only, literals only (a snapshot).
 */
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, isNullable = false, length = '320'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable });
const date = (name: string): TableColumnOptions => str(name, true, '10');
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });

export class StaffImportStaging1767573400000 implements MigrationInterface {
  name = 'StaffImportStaging1767573400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'staff_import_rows',
        columns: [
          { ...str('import_id', false, '36'), isPrimary: true },
          // The CSV line: the row's key within its import, and the order completions are appended in.
          { name: 'line', type: 'integer', isPrimary: true },
          str('email'),
          { name: 'name', type: 'text', isNullable: false },
          str('role', false, '32'),
          date('start_date'),
          date('left_on'),
          // Training completion to append (null: none): its id, duty and date.
          str('completion_id', true, '36'),
          str('duty_id', true, '40'),
          date('completed_on'),
          // AUA signature to append (null: none): its id, version and instant.
          str('signature_id', true, '36'),
          str('aua_version', true, '60'),
          time('signed_at', true),
          // When staged: rows an import abandoned (a crash) are cleared by a later import.
          time('staged_at'),
        ],
        uniques: [{ columnNames: ['import_id', 'email'] }],
        indices: [{ columnNames: ['staged_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_import_rows');
  }
}
