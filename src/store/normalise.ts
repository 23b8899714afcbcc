/**
 * The one boundary where text enters the database. PostgreSQL refuses NUL (U+0000) in text and
 * lone surrogates are not valid UTF-8: a report holding either would fail on every retry. So every
 * string on its way in is cleaned here, once, for both engines: NUL and lone surrogates removed,
 * then normalised to NFC (so "é" typed as e + U+0301 is stored, compared and found as one "é").
 *
 * Installed on the DataSource by createDataSource: the driver's preparePersistentValue (every entity
 * value TypeORM writes, before JSON columns are serialised, so strings inside JSON are cleaned too)
 * and every query runner's parameters (raw SQL and WHERE values, so a lookup matches what is stored).
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { LONE_SURROGATE } from '../core/text-classes';

const LONE = new RegExp(LONE_SURROGATE, 'g');
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NUL = /\u0000/g;

/** A string as it may be stored: no NUL, no lone surrogate, NFC. */
export function normaliseText(s: string): string {
  return s.replace(NUL, '').replace(LONE, '').normalize('NFC');
}

/** Cleans every string in a value: plain objects and arrays deeply, other objects (Date, Buffer) untouched. */
export function normaliseValue<T>(value: T): T {
  if (typeof value === 'string') return normaliseText(value) as T;
  if (Array.isArray(value)) return value.map((v) => normaliseValue(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // Keys too: a JSON column's keys are stored text like its values.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseText(k), normaliseValue(v)])) as T;
  }
  return value;
}

const PATCHED = Symbol('safeguard.normalised');

function patchRunner(runner: QueryRunner): QueryRunner {
  const r = runner as QueryRunner & { [PATCHED]?: true };
  if (r[PATCHED]) return runner;
  const query = runner.query.bind(runner);
  r.query = ((sql: string, parameters?: unknown[], structured?: boolean) =>
    query(sql, parameters?.map((p) => (typeof p === 'string' ? normaliseText(p) : p)), structured as never)) as QueryRunner['query'];
  r[PATCHED] = true;
  return runner;
}

/** Makes `ds` clean every string it writes or queries with (see the module comment). Call once, before initialize(). */
export function installNormalisation(ds: DataSource): void {
  const driver = ds.driver as DataSource['driver'] & { [PATCHED]?: true };
  if (driver[PATCHED]) return;
  const prepare = driver.preparePersistentValue.bind(driver);
  driver.preparePersistentValue = (value, column) => prepare(normaliseValue(value), column);
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => patchRunner(create(mode));
  driver[PATCHED] = true;
}
