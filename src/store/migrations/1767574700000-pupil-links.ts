/**
 * Issue #11: which pupils each incident names (a child's chronology is read through it), one row per
 * "who was involved" row. Reports made since the pupil picker (the answers `person<n>_pupil`) are
 * carried over, so no earlier concern is missing from a child's chronology. Table API only, so it runs
 * on SQLite and PostgreSQL.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const PARTS = new Set(['target', 'alleged_perpetrator', 'witness']);

export class PupilLinks1767574700000 implements MigrationInterface {
  name = 'PupilLinks1767574700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'incident_pupils',
        columns: [
          { name: 'incident_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'row', type: 'integer', isPrimary: true },
          { name: 'mis_id', type: 'varchar', length: '255' },
          { name: 'part', type: 'varchar', length: '32', isNullable: true },
          { name: 'linked_by', type: 'varchar', length: '320', isNullable: true },
          { name: 'linked_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['incident_id'], referencedTableName: 'incidents', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    // A child's chronology reads every link of one pupil.
    await queryRunner.createIndex('incident_pupils', new TableIndex({ name: 'IDX_incident_pupils_pupil', columnNames: ['mis_id'] }));
    // Positional parameters as each driver spells them.
    const ph = (i: number) => (queryRunner.connection.driver.options.type === 'postgres' ? `$${i}` : '?');
    const rows = (await queryRunner.query('SELECT "id", "answers", "reported_at" FROM "incidents"')) as { id: string; answers: string; reported_at: string | number }[];
    for (const r of rows) {
      let answers: Record<string, unknown>;
      try {
        answers = JSON.parse(r.answers) as Record<string, unknown>;
      } catch {
        continue; // not ours to repair here; the incident itself is unchanged
      }
      for (let n = 1; n <= 4; n++) {
        const misId = answers[`person${n}_pupil`];
        if (typeof misId !== 'string' || !misId) continue;
        const part = answers[`person${n}_part`];
        await queryRunner.query(
          `INSERT INTO "incident_pupils" ("incident_id", "row", "mis_id", "part", "linked_by", "linked_at") VALUES (${ph(1)}, ${ph(2)}, ${ph(3)}, ${ph(4)}, NULL, ${ph(5)})`,
          [r.id, n, misId, typeof part === 'string' && PARTS.has(part) ? part : null, Number(r.reported_at)],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('incident_pupils');
  }
}
