/** The pupils table (issue #11), as TypeORM maps it; ./migrations/1767574500000-pupils.ts creates it. */
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { PatternAlert, Pupil, PupilLink } from '../core/pupils/model';
import { epochMs, jsonText } from './entities';

type Col = EntitySchemaColumnOptions;
const str = (name: string, nullable = false): Col => ({ type: 'varchar', name, nullable });
const text = (name: string, nullable = false): Col => ({ type: 'text', name, nullable });
const time = (name: string): Col => ({ type: 'bigint', name, nullable: false, transformer: epochMs });

export const PupilEntity = new EntitySchema<Pupil>({
  name: 'Pupil',
  tableName: 'pupils',
  columns: {
    misId: { type: 'varchar', name: 'mis_id', primary: true },
    upn: str('upn', true),
    givenName: text('given_name'),
    familyName: text('family_name'),
    preferredName: text('preferred_name', true),
    birthDate: str('birth_date', true),
    yearGroup: str('year_group', true),
    form: str('form', true),
    leftOn: str('left_on', true),
    source: str('source'),
    importId: str('import_id'),
    createdAt: time('created_at'),
    updatedAt: time('updated_at'),
  },
});

/** Which pupils each incident names; ./migrations/1767574700000-pupil-links.ts creates it. */
export const PupilLinkEntity = new EntitySchema<PupilLink>({
  name: 'PupilLink',
  tableName: 'incident_pupils',
  columns: {
    incidentId: { type: 'varchar', name: 'incident_id', primary: true },
    row: { type: 'integer', name: 'row', primary: true },
    misId: str('mis_id'),
    part: str('part', true),
    linkedBy: str('linked_by', true),
    linkedAt: time('linked_at'),
  },
});

/** Pattern alerts to the DSL team (issue #11); ./migrations/1767574900000-pattern-alerts.ts creates it. */
export const PatternAlertEntity = new EntitySchema<PatternAlert>({
  name: 'PatternAlert',
  tableName: 'pattern_alerts',
  columns: {
    id: { type: 'varchar', name: 'id', primary: true },
    rule: str('rule'),
    subject: str('subject'),
    incidentId: str('incident_id'),
    incidentIds: { type: 'text', name: 'incident_ids', nullable: false, transformer: jsonText },
    count: { type: 'integer', name: 'count' },
    windowDays: { type: 'integer', name: 'window_days' },
    baselineCount: { type: 'integer', name: 'baseline_count', nullable: true },
    baselineDays: { type: 'integer', name: 'baseline_days', nullable: true },
    raisedAt: time('raised_at'),
  },
});

export const PUPIL_ENTITIES = [PupilEntity, PupilLinkEntity, PatternAlertEntity];
