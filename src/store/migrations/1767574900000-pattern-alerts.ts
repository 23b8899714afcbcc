/**
 * Issue #11: pattern alerts to the DSL team, one row per pattern occurrence. The unique key (rule,
 * subject, tripping incident) makes a retried or repeated check record nothing twice. Also an index
 * on incidents (route, reported_at): the kind_spike rule reads the DSL team's reports of the last
 * months, and the first one, at every report. Table API only, so it runs on SQLite and PostgreSQL.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class PatternAlerts1767574900000 implements MigrationInterface {
  name = 'PatternAlerts1767574900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pattern_alerts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'rule', type: 'varchar', length: '32' },
          // A pupil's MIS id, or a kind id.
          { name: 'subject', type: 'varchar', length: '255' },
          { name: 'incident_id', type: 'varchar', length: '36' },
          // The concerns counted, as a JSON array of ids.
          { name: 'incident_ids', type: 'text' },
          { name: 'count', type: 'integer' },
          { name: 'window_days', type: 'integer' },
          { name: 'baseline_count', type: 'integer', isNullable: true },
          { name: 'baseline_days', type: 'integer', isNullable: true },
          { name: 'raised_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['incident_id'], referencedTableName: 'incidents', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          // One alert per rule, subject and tripping concern.
          { name: 'UQ_pattern_alerts_occurrence', columnNames: ['rule', 'subject', 'incident_id'], isUnique: true },
          // The latest alert of a rule about a subject (one alert per window).
          { name: 'IDX_pattern_alerts_latest', columnNames: ['rule', 'subject', 'raised_at'] },
          { name: 'IDX_pattern_alerts_incident', columnNames: ['incident_id'] },
        ],
      }),
    );
    await queryRunner.createIndex('incidents', new TableIndex({ name: 'IDX_incidents_route_reported', columnNames: ['route', 'reported_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('incidents', 'IDX_incidents_route_reported');
    await queryRunner.dropTable('pattern_alerts');
  }
}
