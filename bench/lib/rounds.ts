/**
 * Interleaved rounds: the product and its floor take turns at each concurrency, the order flipping
 * every round, so a slow minute of the machine lands on both rather than on one.
 */
import { quantile, spread, fmt, type Spread } from './stats';
import type { DriverResult } from './driver';

/** What one phase measured at one concurrency in one round. */
export interface Sample {
  p50: number;
  p99: number;
  /** Requests per second over the batch's wall time. */
  rps: number;
  errors: number;
}

/** Sample of a driver result. */
export function sampleOf(r: DriverResult): Sample {
  return { p50: quantile(r.latencies, 0.5), p99: quantile(r.latencies, 0.99), rps: (r.latencies.length * 1000) / r.wallMs, errors: r.errors };
}

/** Samples by phase → concurrency → target. */
export class Results {
  private readonly data = new Map<string, Sample[]>();

  add(phase: string, concurrency: number, target: string, s: Sample): void {
    const key = `${phase}|${concurrency}|${target}`;
    this.data.set(key, [...(this.data.get(key) ?? []), s]);
  }

  of(phase: string, concurrency: number, target: string): Sample[] {
    return this.data.get(`${phase}|${concurrency}|${target}`) ?? [];
  }

  /**
   * One table per phase: floor and product p50/p99/throughput (median and range over rounds) and
   * the ratios, with the targets marked met or missed.
   */
  table(phase: string, concurrencies: readonly number[], target: { p50Ratio?: number; p99Ratio?: number; minRpsRatio?: number; rpsFrom?: number }): string {
    const lines = [`${phase}`, '  c    floor p50 ms       ours p50 ms        p50 ratio  floor p99 ms      ours p99 ms       p99 ratio  floor req/s        ours req/s         req/s ratio  errors'];
    for (const c of concurrencies) {
      const f = this.of(phase, c, 'floor');
      const o = this.of(phase, c, 'ours');
      if (f.length === 0 || o.length === 0) continue;
      const pick = (xs: Sample[], k: keyof Sample): Spread => spread(xs.map((x) => x[k]));
      const ratio = (k: keyof Sample) => spread(o.map((x, i) => x[k] / f[Math.min(i, f.length - 1)][k]));
      const p50 = ratio('p50');
      const p99 = ratio('p99');
      const rps = ratio('rps');
      const mark = (ok: boolean | null) => (ok === null ? ' ' : ok ? '✓' : '✗');
      const p50ok = target.p50Ratio === undefined ? null : p50.median <= target.p50Ratio;
      const p99ok = target.p99Ratio === undefined ? null : p99.median <= target.p99Ratio;
      const rpsOk = target.minRpsRatio === undefined || c < (target.rpsFrom ?? 0) ? null : rps.median >= target.minRpsRatio;
      const errors = [...f, ...o].reduce((n, x) => n + x.errors, 0);
      lines.push(
        `  ${String(c).padEnd(4)} ${fmt(pick(f, 'p50')).padEnd(18)} ${fmt(pick(o, 'p50')).padEnd(18)} ${(p50.median.toFixed(2) + 'x' + mark(p50ok)).padEnd(10)} ${fmt(pick(f, 'p99')).padEnd(17)} ${fmt(pick(o, 'p99')).padEnd(17)} ${(p99.median.toFixed(2) + 'x' + mark(p99ok)).padEnd(10)} ${fmt(pick(f, 'rps'), 0).padEnd(18)} ${fmt(pick(o, 'rps'), 0).padEnd(19)} ${(rps.median.toFixed(2) + 'x' + mark(rpsOk)).padEnd(12)} ${errors}`,
      );
    }
    return lines.join('\n');
  }
}
