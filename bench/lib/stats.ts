/** Summaries a benchmark prints: percentiles of one run, and the median and spread over rounds. */

/** The q-th quantile (0..1) of a sample, nearest rank; NaN for an empty sample. */
export function quantile(sample: readonly number[], q: number): number {
  if (sample.length === 0) return Number.NaN;
  const s = [...sample].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Median and spread (min–max) of one figure over several rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median and range of per-round values. */
export function spread(values: readonly number[]): Spread {
  return { median: quantile(values, 0.5), min: Math.min(...values), max: Math.max(...values) };
}

/** "12.3 (11.0–14.1)": a median with its range, to the given decimals. */
export function fmt(s: Spread, digits = 2): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}
