/**
 * Universal Action verbs: the only `verb` values a card may carry. Each has exactly one handler
 * in the platform registry; test/cards checks every template's verbs against this list.
 */
export const VERBS = {
  reportNext: 'report.next',
  reportBack: 'report.back',
  reportEdit: 'report.edit',
  reportSubmit: 'report.submit',
  reportCancel: 'report.cancel',
  incidentView: 'incident.view',
  // A long chronology is paged, so its card stays within the size limit: the page before the one shown.
  incidentEarlier: 'incident.earlier',
  incidentAck: 'incident.ack',
  incidentOwn: 'incident.own',
  incidentNote: 'incident.note',
  incidentAsk: 'incident.ask',
  incidentPropose: 'incident.propose',
  incidentApprove: 'incident.approve',
  incidentReject: 'incident.reject',
  incidentDecide: 'incident.decide',
  incidentClose: 'incident.close',
  incidentReopen: 'incident.reopen',
  incidentLado: 'incident.lado',
  // Playbook checklists: tick or untick one step.
  incidentTick: 'incident.tick',
  incidentUntick: 'incident.untick',
  infoAnswer: 'info.answer',
  // Issue #11: a child's chronology (paged like an incident's), and linking a typed name to a pupil record.
  pupilChronology: 'pupil.chronology',
  incidentLinkPupil: 'incident.link_pupil',
  // Issue #11: the DSL's list of open concerns — a filter change or a page.
  concernsList: 'concerns.list',
  // Issue #11: tasks after a report — added and marked done from the details view, or done from a reminder.
  incidentAddTask: 'incident.add_task',
  incidentTaskDone: 'incident.task_done',
  taskDone: 'task.done',
  // Issue #11: the follow-up 002 appendix J asks the record to hold.
  incidentFollowUp: 'incident.follow_up',
  incidentFollowUpForm: 'incident.follow_up_form',
  // Duties
  dutyAua: 'duty.aua',
  dutySign: 'duty.sign',
  dutyComplete: 'duty.complete',
  dutySnooze: 'duty.snooze',
  dutyRecordFor: 'duty.record_for',
  filterRequest: 'filter.request',
  filterApprove: 'filter.approve',
  filterRefuse: 'filter.refuse',
  filterConfirm: 'filter.confirm',
} as const;

/** One of the verbs above. */
export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** Every verb, for registry checks. */
export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);

/** True when `value` is a known verb (use before dispatching an invoke). */
export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && (ALL_VERBS as readonly string[]).includes(value);
}
