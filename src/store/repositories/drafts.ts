/** Report drafts: one open draft per reporter per platform, saved at every wizard step. */
import type { Draft, Platform } from '../../core/model';
import type { DraftNotice, DraftRepository } from '../../core/ports';
import { insertIgnore, type Db } from '../db';
import { DraftEntity, type DraftRow } from '../entities';

const openKey = (platform: Platform, platformUserId: string) => `${platform}:${platformUserId}`;

function toDraft(row: DraftRow): Draft {
  const { openKey: _openKey, immediateDanger: _danger, ...draft } = row;
  return { ...draft, dangerAlertedAt: row.dangerAlertedAt ?? null, reporterRemindedAt: row.reporterRemindedAt ?? null };
}

/** The draft's columns for save(); the notice times are left out, so a save never undoes the sweep's mark. */
function toRow(d: Draft): Omit<DraftRow, 'dangerAlertedAt' | 'reporterRemindedAt'> {
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
    immediateDanger: d.status === 'open' && d.answers.immediate_danger === 'yes',
    incidentId: d.incidentId,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    expiresAt: d.expiresAt,
  };
}

const NOTICE_COLUMNS: Record<DraftNotice, string> = { dangerAlertedAt: 'danger_alerted_at', reporterRemindedAt: 'reporter_reminded_at' };
/** The property for a notice; anything else is a programming error, never interpolated into SQL. */
function column(notice: DraftNotice): DraftNotice {
  if (!Object.hasOwn(NOTICE_COLUMNS, notice)) throw new Error('store: unknown draft notice');
  return notice;
}

/** The draft repository over `db`. Saving a second open draft for the same reporter violates a unique key and throws. */
export function draftRepository(db: Db): DraftRepository {
  return {
    getOpen: (platform, platformUserId) =>
      db.read(async (em) => {
        const row = await em.getRepository(DraftEntity).findOneBy({ openKey: openKey(platform, platformUserId), status: 'open' });
        return row ? toDraft(row) : null;
      }),

    get: (id) =>
      db.read(async (em) => {
        const row = await em.getRepository(DraftEntity).findOneBy({ id });
        return row ? toDraft(row) : null;
      }),

    save: (draft) =>
      db.run(async (em) => {
        // upsert overwrites only the columns given: the notice times stay as the sweep set them.
        await em.getRepository(DraftEntity).upsert(toRow(draft) as DraftRow, ['id']);
      }),

    listUrgentIdle: (notice, idleBefore, now, limit) =>
      db.run(async (em) => {
        const rows = await em
          .getRepository(DraftEntity)
          .createQueryBuilder('d')
          .where('d.status = :open AND d.immediateDanger = :yes', { open: 'open', yes: true })
          .andWhere(`d.${column(notice)} IS NULL`)
          // Idle long enough, or at expiry whatever the idle time: always before a purge.
          .andWhere('(d.updatedAt <= :idle OR d.expiresAt <= :now)', { idle: idleBefore.getTime(), now: now.getTime() })
          .orderBy('d.updatedAt', 'ASC')
          .addOrderBy('d.id', 'ASC')
          .limit(limit)
          .getMany();
        return rows.map(toDraft);
      }),

    markNotified: (id, notice, at) =>
      db.run(async (em) => {
        const result = await em
          .createQueryBuilder()
          .update(DraftEntity)
          .set({ [column(notice)]: at })
          .where(`"id" = :id AND "status" = :open AND "immediate_danger" = :yes AND "${NOTICE_COLUMNS[column(notice)]}" IS NULL`, { id, open: 'open', yes: true })
          .execute();
        return result.affected === 1;
      }),

    openOnce: (draft) =>
      // No transaction (so no disk flush: a draft is not yet a record): one INSERT decides.
      db.run(async (em) => {
        if (draft.status !== 'open') throw new Error('drafts.openOnce: the draft must be open');
        // ON CONFLICT DO NOTHING on the unique open key: of two concurrent starts, the second waits
        // for the first to commit (PostgreSQL) or runs after it (SQLite's lock, held for this whole
        // function), inserts nothing and reads the winner's committed draft.
        if (await insertIgnore(em, DraftEntity, { ...toRow(draft), dangerAlertedAt: null, reporterRemindedAt: null })) return { draft, created: true };
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
          // Never an urgent draft whose alert to the safeguarding team is not yet queued: it is the only sign a child may be in danger.
          .where('"status" = :open AND "expires_at" <= :now AND NOT ("immediate_danger" = :yes AND "danger_alerted_at" IS NULL)', { open: 'open', now: now.getTime(), yes: true })
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
