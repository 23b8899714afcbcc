/**
 * Staff import staging: batches of rows go to `staff_import_rows`; apply() copies one
 * import into the live tables with three set-based statements (INSERT … SELECT) in one short
 * transaction — no per-row ORM calls — so the write lock is held for a moment, not the whole import.
 * The same SQL runs on SQLite (3.24+, for ON CONFLICT … DO UPDATE) and PostgreSQL.
 */
import type { StaffImportRepository, StaffImportResult, StagedStaffRow } from '../../core/duties/ports';
import { exec, type Db } from '../db';

const STAGE_COLUMNS = ['import_id', 'line', 'email', 'name', 'role', 'start_date', 'left_on', 'completion_id', 'duty_id', 'completed_on', 'signature_id', 'aua_version', 'signed_at', 'staged_at'] as const;
const q = (c: string) => `"${c}"`;

/** Thrown by apply() when the staged rows are not the ones expected; nothing was changed. */
export class StagingIncompleteError extends Error {
  readonly code = 'IMPORT_STAGING_INCOMPLETE';
  constructor(expected: number, found: number) {
    super(`IMPORT_STAGING_INCOMPLETE: expected ${expected} staged rows, found ${found}`);
  }
}

function values(importId: string, r: StagedStaffRow, stagedAt: number): unknown[] {
  return [importId, r.line, r.email.toLowerCase(), r.name, r.role, r.startDate, r.leftOn, r.training?.id ?? null, r.training?.dutyId ?? null, r.training?.completedOn ?? null, r.aua?.id ?? null, r.aua?.version ?? null, r.aua ? r.aua.signedAt.getTime() : null, stagedAt];
}

// Keeps created_at of an existing record; every other column is the import's.
const UPSERT_STAFF = `INSERT INTO "staff_records" ("email", "name", "role", "start_date", "source", "left_on", "created_at", "updated_at")
  SELECT s."email", s."name", s."role", s."start_date", 'import', s."left_on", CAST(:now AS bigint), CAST(:now AS bigint)
  FROM "staff_import_rows" s WHERE s."import_id" = :id
  ON CONFLICT ("email") DO UPDATE SET "name" = EXCLUDED."name", "role" = EXCLUDED."role", "start_date" = EXCLUDED."start_date",
    "source" = EXCLUDED."source", "left_on" = EXCLUDED."left_on", "updated_at" = EXCLUDED."updated_at"`;

// Append-only, in file order; a completion already on record (same duty, person, date) is not added again, so a re-run adds nothing.
const ADD_COMPLETIONS = `INSERT INTO "duty_completions" ("id", "duty_id", "email", "completed_on", "certificate_ref", "notes", "recorded_by", "platform", "recorded_at")
  SELECT s."completion_id", s."duty_id", s."email", s."completed_on", NULL, 'imported', 'import', 'import', CAST(:now AS bigint)
  FROM "staff_import_rows" s WHERE s."import_id" = :id AND s."completion_id" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "duty_completions" c WHERE c."duty_id" = s."duty_id" AND c."email" = s."email" AND c."completed_on" = s."completed_on")
  ORDER BY s."line"`;

const ADD_SIGNATURES = `INSERT INTO "aua_signatures" ("id", "email", "version", "signed_at", "platform")
  SELECT s."signature_id", s."email", s."aua_version", s."signed_at", 'import'
  FROM "staff_import_rows" s WHERE s."import_id" = :id AND s."signature_id" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "aua_signatures" a WHERE a."email" = s."email" AND a."version" = s."aua_version" AND a."signed_at" = s."signed_at")
  ORDER BY s."line"`;

/** The staff-import staging repository over `db`. */
export function staffImportRepository(db: Db): StaffImportRepository {
  return {
    stage: (importId, rows, stagedAt) =>
      db.atomic(async (em) => {
        if (rows.length === 0) return;
        const params: Record<string, unknown> = {};
        const tuples = rows.map((r, i) => {
          const vs = values(importId, r, stagedAt.getTime());
          vs.forEach((v, j) => (params[`v${i}_${j}`] = v));
          return `(${vs.map((_, j) => `:v${i}_${j}`).join(', ')})`;
        });
        await exec(em, `INSERT INTO "staff_import_rows" (${STAGE_COLUMNS.map(q).join(', ')}) VALUES ${tuples.join(', ')}`, params);
      }),
    apply: (importId, expected, now) =>
      db.atomic(async (em): Promise<StaffImportResult> => {
        const { rows } = await exec<{ n: string | number; left: string | number | null }>(
          em,
          'SELECT COUNT(*) AS "n", SUM(CASE WHEN "left_on" IS NULL THEN 0 ELSE 1 END) AS "left" FROM "staff_import_rows" WHERE "import_id" = :id',
          { id: importId },
        );
        const found = Number(rows[0]?.n ?? 0);
        if (found !== expected) throw new StagingIncompleteError(expected, found);
        const p = { id: importId, now: now.getTime() };
        await exec(em, UPSERT_STAFF, p);
        const completions = (await exec(em, ADD_COMPLETIONS, p)).affected;
        const signatures = (await exec(em, ADD_SIGNATURES, p)).affected;
        return { staff: found, completions, signatures, left: Number(rows[0]?.left ?? 0) };
      }),
    clear: (importId, limit) =>
      db.atomic(async (em) =>
        (await exec(em, 'DELETE FROM "staff_import_rows" WHERE "import_id" = :id AND "line" IN (SELECT "line" FROM "staff_import_rows" WHERE "import_id" = :id ORDER BY "line" LIMIT :limit)', { id: importId, limit })).affected,
      ),
    clearStaleBefore: (before, limit) =>
      db.atomic(async (em) =>
        (await exec(em, 'DELETE FROM "staff_import_rows" WHERE ("import_id", "line") IN (SELECT "import_id", "line" FROM "staff_import_rows" WHERE "staged_at" < :before LIMIT :limit)', { before: before.getTime(), limit })).affected,
      ),
    count: (importId) =>
      db.run(async (em) => {
        const { rows } = await exec<{ n: string | number }>(em, `SELECT COUNT(*) AS "n" FROM "staff_import_rows"${importId === undefined ? '' : ' WHERE "import_id" = :id'}`, { id: importId });
        return Number(rows[0]?.n ?? 0);
      }),
  };
}
