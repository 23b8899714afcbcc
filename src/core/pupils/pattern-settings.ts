/**
 * The `patterns:` section of the school file (issue #11): when a pattern of concerns is flagged to
 * the DSL team. Every key is optional with a default, and each rule can be turned off (`off: true`),
 * so a school file without the section gets the defaults. The rules themselves: ./patterns.ts.
 */
import { z } from 'zod';

const days = (fallback: number) => z.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days (ten years)').default(fallback);
const count = (fallback: number) => z.number().int().min(2, 'must be at least 2: one concern is not a pattern').max(100).default(fallback);
const off = z.boolean().default(false);

export const DEFAULT_PATTERN_SETTINGS = {
  /** A pupil named in this many concerns within this many days (as target, alleged perpetrator or with no part given). */
  repeated_concerns: { count: 3, days: 42, off: false },
  /** A pupil named as alleged perpetrator in this many concerns within this many days. */
  repeated_perpetrator: { count: 2, days: 365, off: false },
  /** A kind with at least min_count concerns in `days`, and at least factor × its usual count per `days` over the baseline_days before. */
  kind_spike: { days: 14, baseline_days: 182, min_count: 5, factor: 3, off: false },
} as const;

const D = DEFAULT_PATTERN_SETTINGS;

export const patternsSchema = z
  .object({
    repeated_concerns: z.object({ count: count(D.repeated_concerns.count), days: days(D.repeated_concerns.days), off }).default({ ...D.repeated_concerns }),
    repeated_perpetrator: z.object({ count: count(D.repeated_perpetrator.count), days: days(D.repeated_perpetrator.days), off }).default({ ...D.repeated_perpetrator }),
    kind_spike: z
      .object({
        days: days(D.kind_spike.days),
        baseline_days: days(D.kind_spike.baseline_days),
        min_count: count(D.kind_spike.min_count),
        factor: z.number().gt(1, 'must be more than 1: a kind at its usual rate is not rising').max(100).default(D.kind_spike.factor),
        off,
      })
      .default({ ...D.kind_spike })
      .superRefine((k, ctx) => {
        // The usual rate is an average over whole windows: a baseline shorter than two tells nothing.
        if (k.baseline_days < 2 * k.days) ctx.addIssue({ code: 'custom', path: ['baseline_days'], message: 'must be at least twice kind_spike.days, so the usual rate is read over more than one window' });
      }),
  })
  .default({ repeated_concerns: { ...D.repeated_concerns }, repeated_perpetrator: { ...D.repeated_perpetrator }, kind_spike: { ...D.kind_spike } });

export type PatternSettings = z.infer<typeof patternsSchema>;
