/**
 * The `duties:` section of the school file: cadences of every duty, when reminders may be sent,
 * and the school's acceptable use agreement. Every key is optional with a default, so a school
 * file without the section stays valid.
 */
import { z } from 'zod';
import { isLocalDate, parseClock } from './dates';

const localDate = z.string().refine(isLocalDate, 'must be a date written YYYY-MM-DD');
const clock = z.string().refine((s) => {
  try {
    parseClock(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a time written HH:MM (24-hour)');

const cadence = (every: number, extra: { next?: boolean } = {}) =>
  z
    .object({
      /** Months between completions (12 = yearly). */
      every_months: z.number().int().min(1).max(60).default(every),
      /** Days after a person's start date by which the induction must be done (0 = before contact with pupils). */
      induction_days: z.number().int().min(0).max(365).default(0),
      /** Turn the duty off (e.g. no governors listed). */
      off: z.boolean().default(false),
      ...(extra.next ? { next: localDate.optional() } : {}),
    })
    .default({ every_months: every, induction_days: 0, off: false });

export const dutiesSchema = z
  .object({
    /** Reminders go out at this local time on the day they fall due. */
    send_time: clock.default('08:30'),
    /** No reminder is sent between start and end (local time); it waits for the end. */
    quiet_hours: z.object({ start: clock.default('18:00'), end: clock.default('07:30') }).default({ start: '18:00', end: '07:30' }),
    /** Send reminders on Saturdays and Sundays too. */
    weekends: z.boolean().default(false),
    /** School holidays (inclusive): reminders wait for the first school day after. */
    holidays: z.array(z.object({ from: localDate, to: localDate, name: z.string().optional() })).default([]),
    /** Personal reminders this many days before a duty falls due. */
    lead_days: z.array(z.number().int().min(1).max(365)).max(5).default([30, 7]),
    /** While overdue, remind every this many days. */
    overdue_every_days: z.number().int().min(1).max(90).default(7),
    /** Tell the headteacher once a duty is this many days overdue. */
    escalate_after_days: z.number().int().min(1).max(365).default(28),
    /**
     * Someone with no start date (listed in the school file, or found in a roster) has this many
     * days from when the bot first saw them before a never-done duty falls due — so existing staff
     * are not all overdue on the bot's first day (0: due from first sight, as a newcomer).
     */
    new_staff_grace_days: z.number().int().min(0).max(365).default(28),
    /** Weekly digest to the DSL team and review owners on this day. */
    digest_weekday: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']).default('monday'),
    /** Only members of this Teams team (id) become staff records in the roster sync; any team the bot is in when unset. */
    staff_team_id: z.string().min(1).optional(),
    /** Slack: members of this channel (id, e.g. C0123) become staff records in the roster sync, read each sweep. */
    slack_staff_channel_id: z.string().min(1).optional(),
    /**
     * Who approves a request to unblock a site (001; 002 §4: the ICT lead carries changes out and
     * never approves them): roles or the emails of listed people, and whether one of them is
     * enough or two different people must approve. Checked against `people` in school.ts.
     */
    filtering_approval: z
      .object({
        approvers: z.array(z.string().trim().toLowerCase().min(1)).min(1, 'must name at least one approver').max(20).default(['headteacher', 'online_safety_lead']),
        approvals: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 (any one approver) or 2 (two different approvers)' }).default(1),
      })
      .default({ approvers: ['headteacher', 'online_safety_lead'], approvals: 1 }),
    /** The school's acceptable use agreement (002 appendices A–C): its version and text file (relative to the school file). */
    aua: z
      .object({
        version: z.string().trim().min(1).max(40).default('1'),
        file: z.string().min(1).optional(),
        /** Signatures of earlier versions stop counting from this date. */
        effective_from: localDate.optional(),
        every_months: z.number().int().min(1).max(60).default(12),
      })
      .default({ version: '1', every_months: 12 }),
    staff_training: cadence(12),
    dsl_training: cadence(24),
    dsl_refresh: cadence(12),
    governor_training: cadence(12),
    policy_review: cadence(12, { next: true }),
    filtering_review: cadence(12, { next: true }),
    ict_security_check: cadence(1, { next: true }),
    governors_report: cadence(4, { next: true }),
    governor_meeting: cadence(12, { next: true }),
  })
  .superRefine((d, ctx) => {
    d.holidays.forEach((h, i) => {
      if (h.to < h.from) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: 'must not be before from' });
    });
    if (d.quiet_hours.start === d.quiet_hours.end) ctx.addIssue({ code: 'custom', path: ['quiet_hours', 'end'], message: 'must differ from start' });
  });

export type DutySettings = z.infer<typeof dutiesSchema>;

/** The settings of a school file without a `duties:` section. */
export const DEFAULT_DUTY_SETTINGS: DutySettings = dutiesSchema.parse({});
