/**
 * Issue #11: the school's pupils from its MIS (SDS v2.1 / OneRoster 1.1 files), keyed by MIS id.
 * `import_id` says which import last carried a pupil, so one missing from a later import is marked
 * left in one statement. Table API only, literals only (a snapshot), so it runs on SQLite and PostgreSQL.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, isNullable = false, length = '320'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable });
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const time = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: false });

export class Pupils1767574500000 implements MigrationInterface {
  name = 'Pupils1767574500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pupils',
        columns: [
          { ...str('mis_id', false, '255'), isPrimary: true },
          str('upn', true),
          text('given_name'),
          text('family_name'),
          text('preferred_name', true),
          str('birth_date', true, '10'),
          str('year_group', true, '64'),
          str('form', true, '255'),
          str('left_on', true, '10'),
          str('source', false, '32'),
          str('import_id', false, '36'),
          time('created_at'),
          time('updated_at'),
        ],
      }),
    );
    // Marking leavers after an import reads the pupils on roll whose import is not this one.
    await queryRunner.createIndex('pupils', new TableIndex({ name: 'IDX_pupils_import', columnNames: ['import_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pupils');
  }
}
