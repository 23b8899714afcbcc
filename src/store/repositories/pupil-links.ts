/** Which pupils each incident names (issue #11): one row per "who was involved" row, the first link kept. */
import type { PupilLinkRepository } from '../../core/pupils/ports';
import { PupilLinkEntity } from '../entities-pupils';
import { asValues } from '../entities';
import type { Db } from '../db';

/** The incident–pupil link repository over `db`. */
export function pupilLinkRepository(db: Db): PupilLinkRepository {
  return {
    add: (links) =>
      links.length === 0
        ? Promise.resolve()
        : db.atomic(async (em) => {
            // A row already linked keeps its first link: two DSLs linking the same name at once record one.
            await em.createQueryBuilder().insert().into(PupilLinkEntity).values(links.map((l) => asValues({ ...l }))).orIgnore().execute();
          }),
    listByIncident: (incidentId) => db.read((em) => em.getRepository(PupilLinkEntity).find({ where: { incidentId }, order: { row: 'ASC' } })),
    listByPupil: (misId) => db.read((em) => em.getRepository(PupilLinkEntity).find({ where: { misId }, order: { linkedAt: 'ASC', incidentId: 'ASC', row: 'ASC' } })),
  };
}
