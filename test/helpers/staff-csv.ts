/** Staff CSV files for import tests and the import bench: n valid rows, optionally one bad line. */

export const STAFF_HEADER = 'email,name,role,start_date,last_training_date,last_aua_date,left_date';

/** Row i of a generated file (CSV line i + 2): every third has training, every fifth an AUA date, every hundredth has left. */
export function staffLine(i: number): string {
  const training = i % 3 === 0 ? '2026-09-01' : '';
  const aua = i % 5 === 0 ? '2026-09-02' : '';
  const left = i % 100 === 99 ? '2026-10-31' : '';
  return `person${i}@bench.school,"Person ${i}, Staff",${i % 50 === 0 ? 'dsl' : 'staff'},2020-01-01,${training},${aua},${left}`;
}

/** A CSV of `n` staff; `bad` replaces that CSV line number (2 = first row) with `badLine`. */
export function staffCsv(n: number, opts: { badAtLine?: number; badLine?: string } = {}): string {
  const lines = [STAFF_HEADER];
  for (let i = 0; i < n; i++) lines.push(opts.badAtLine === i + 2 ? (opts.badLine ?? `person${i}@bench.school,Bad,staff,,2999-01-01,,`) : staffLine(i));
  return `${lines.join('\n')}\n`;
}
