/** Report drafts: one open draft per reporter per platform, saved at every wizard step. */
import type { Draft, Platform } from '../../core/model';
import type { DraftRepository } from '../../core/ports';
import { insertIgnore, type Db } from '../db';
import { DraftEntity, type DraftRow } from '../entities';

const openKey = (platform: Platform, platformUserId: string) => `${platform}:${platformUserId}`;

function toDraft(row: DraftRow): Draft {
  const { openKey: _openKey, ...draft } = row;
  return draft;
}

function toRow(d: Draft): DraftRow {
  return {
    id: d.id,
    platform: d.platform,
    platformUserId: d.platformUserId,
    reporterEmail: d.reporterEmail,
    category: d.category,
    step: d.step,
    answers: d.answers,
    status: d.status,
    openKey: d.status === 'open' ? openKey(d.platform, d.platformUserId) : null,
    incidentId: d.incidentId,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    expiresAt: d.expiresAt,
  };
}

/** The draft repository over `db`. Saving a second open draft for the same reporter violates a unique key and throws. */
export function draftRepository(db: Db): DraftRepository {
  return {
    getOpen: (platform, platformUserId) =>
      db.run(async (em) => {
        const row = await em.getRepository(DraftEntity).findOneBy({ openKey: openKey(platform, platformUserId), status: 'open' });
        return row ? toDraft(row) : null;
      }),

    get: (id) =>
      db.run(async (em) => {
        const row = await em.getRepository(DraftEntity).findOneBy({ id });
        return row ? toDraft(row) : null;
      }),

    save: (draft) =>
      db.run(async (em) => {
        await em.getRepository(DraftEntity).upsert(toRow(draft), ['id']);
      }),

    openOnce: (draft) =>
      db.atomic(async (em) => {
        if (draft.status !== 'open') throw new Error('drafts.openOnce: the draft must be open');
        // ON CONFLICT DO NOTHING on the unique open key: of two concurrent starts, the second waits
        // for the first to commit (PostgreSQL) or runs after it (SQLite's lock), inserts nothing
        // and reads the winner's draft.
        if (await insertIgnore(em, DraftEntity, toRow(draft))) return { draft, created: true };
        const row = await em.getRepository(DraftEntity).findOneBy({ openKey: openKey(draft.platform, draft.platformUserId), status: 'open' });
        if (!row) throw new Error('drafts.openOnce: conflict without an open draft');
        return { draft: toDraft(row), created: false };
      }),

    purgeExpired: (now) =>
      db.atomic(async (em) => {
        const deleted = await em
          .createQueryBuilder()
          .delete()
          .from(DraftEntity)
          .where('"status" = :open AND "expires_at" <= :now', { open: 'open', now: now.getTime() })
          .execute();
        // Finished drafts keep only ids: the incident holds the answers now.
        await em
          .createQueryBuilder()
          .update(DraftEntity)
          .set({ answers: {} })
          .where('"status" <> :open AND "answers" <> :empty', { open: 'open', empty: '{}' })
          .execute();
        return deleted.affected ?? 0;
      }),
  };
}
