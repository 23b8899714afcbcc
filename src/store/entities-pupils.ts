/** The pupils table (issue #11), as TypeORM maps it; ./migrations/1767574500000-pupils.ts creates it. */
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { Pupil, PupilLink } from '../core/pupils/model';
import { epochMs } from './entities';

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

export const PUPIL_ENTITIES = [PupilEntity, PupilLinkEntity];
