/** The pupils table (issue #11), as TypeORM maps it; ./migrations/1767574500000-pupils.ts creates it. */
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { Pupil } from '../core/pupils/model';
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

export const PUPIL_ENTITIES = [PupilEntity];
