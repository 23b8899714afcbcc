/**
 * Fault points for the crash tests: a report must survive kill -9 at each point of submission and delivery.
 * The process kills itself (SIGKILL, no clean-up) when it reaches the armed point. Armed only from
 * SAFEGUARD_FAULT_POINT, which config.ts refuses when NODE_ENV is production, and armFault ignores
 * it in production as well: in production no point can ever fire.
 */

/** Where a crash can be injected, in the order a report travels. */
export const FAULT_POINTS = [
  'draft_saved', // an answered step is saved; the reply has not gone
  'report_committed', // the incident and its outbox rows are committed; the reporter has no reference yet
  'outbox_claimed', // the worker holds rows; nothing is sent
  'platform_posted', // the platform took the post; the delivery ledger does not know
  'ledger_updated', // the ledger knows the post; the outbox row is not marked sent
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

/** What SAFEGUARD_FAULT_POINT may name: a point, or a point on one platform only (`platform_posted:slack`). */
export const FAULT_SETTINGS = [...FAULT_POINTS, 'platform_posted:teams', 'platform_posted:slack'] as const;

export type FaultSetting = (typeof FAULT_SETTINGS)[number];

let armed: FaultSetting | null = null;

/** Arms one fault point for this process (never when nodeEnv is production); undefined disarms. */
export function armFault(point: FaultSetting | undefined, nodeEnv: string): void {
  armed = point && nodeEnv !== 'production' ? point : null;
}

/** Dies on the spot, as kill -9 would, if `point` (on `platform`, if given) is the armed one; otherwise does nothing. */
export function faultPoint(point: FaultPoint, platform?: string): void {
  if (armed !== null && (armed === point || armed === `${point}:${platform}`)) process.kill(process.pid, 'SIGKILL');
}
