/**
 * The database an end-to-end harness runs on: a SQLite file in the harness's folder, or, when
 * E2E_DATABASE_URL is set (CI runs the end-to-end suites a second time that way), a throwaway
 * PostgreSQL schema so no two tests share rows.
 */
import path from 'node:path';
import { dropCreatedSchema } from './pg-schema';

export class E2eDatabase {
  private readonly schema = process.env.E2E_DATABASE_URL ? `e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` : null;

  /** `schoolIds`: a trust's schools (SCHOOLS_DIR), each in its own schema `<schema>_<id>` derived from this one. */
  constructor(
    private readonly dir: string,
    private readonly schoolIds: string[] = [],
  ) {}

  /** The DATABASE_URL for the app and for any CLI command the test runs. */
  get url(): string {
    const base = process.env.E2E_DATABASE_URL;
    if (!base || !this.schema) return `sqlite:${path.join(this.dir, 'db.sqlite')}`;
    const url = new URL(base);
    url.searchParams.set('schema', this.schema);
    return url.toString();
  }

  /** Drops the PostgreSQL schema, failing loudly if it cannot (the SQLite file goes with the harness's folder). */
  async drop(): Promise<void> {
    const base = process.env.E2E_DATABASE_URL;
    if (!this.schema || !base) return;
    if (this.schoolIds.length === 0) return dropCreatedSchema(this.schema, base);
    for (const id of this.schoolIds) await dropCreatedSchema(`${this.schema}_${id.replace(/-/g, '_')}`, base);
  }
}
