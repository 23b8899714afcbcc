/** Every row of every table the app's store holds, as one JSON string: to prove something is nowhere in the database. */
import type { Store } from '../../src/core/ports';

export async function dumpDatabase(store: Store): Promise<string> {
  const ds = (store as unknown as { dataSource: { entityMetadatas: { tableName: string }[]; query(sql: string): Promise<unknown[]> } }).dataSource;
  if (!ds) throw new Error('dumpDatabase: the store exposes no dataSource');
  const out: Record<string, unknown[]> = {};
  for (const table of new Set(ds.entityMetadatas.map((m) => m.tableName))) out[table] = await ds.query(`SELECT * FROM "${table}"`);
  return JSON.stringify(out);
}
