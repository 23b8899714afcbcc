/**
 * Cards of duties: a reminder with one-click actions, the AUA to read and agree, a
 * status or digest list, and a filtering-change request (form, decision, ICT confirmation).
 */
import { expand } from './expand';
import type { AdaptiveCard, Fact } from './types';

export interface DutyReminderData {
  reminderId: string;
  title: string;
  text: string;
  style?: 'default' | 'attention' | 'good' | 'warning';
  facts: Fact[];
  canSign: boolean;
  canRecord: boolean;
  canSnooze: boolean;
  /** The record button's title, e.g. "I have done this training" or "Mark review done". */
  recordTitle?: string;
  notesLabel?: string;
  /** Today's date, pre-filled in the date box. */
  today: string;
}

/** Renders a duty reminder (cards/duty-reminder.json): sign, record completion or snooze with a reason. */
export function renderDutyReminder(d: DutyReminderData): AdaptiveCard {
  return expand('duty-reminder', {
    reminderId: d.reminderId,
    title: d.title,
    text: d.text,
    style: d.style ?? 'default',
    facts: d.facts,
    canSign: d.canSign,
    canRecord: d.canRecord,
    canSnooze: d.canSnooze,
    recordTitle: d.recordTitle ?? 'I have done this',
    notesLabel: d.notesLabel ?? 'Notes (optional)',
    today: d.today,
  });
}

export interface AuaData {
  title: string;
  version: string;
  paragraphs: string[];
}

/** Renders the school's acceptable use agreement with "I have read and agree" (cards/aua.json). */
export function renderAua(d: AuaData): AdaptiveCard {
  return expand('aua', { title: d.title, version: d.version, paragraphs: d.paragraphs.length ? d.paragraphs : ['(no text)'] });
}

export interface DutyStatusData {
  title: string;
  intro?: string;
  sections: { title: string; lines: string[] }[];
  /** The DSL team may record training for someone. */
  canRecordFor: boolean;
  trainingChoices?: { value: string; title: string }[];
}

/** Renders a list of duties by section: status, digest or escalation (cards/duty-status.json). */
export function renderDutyStatus(d: DutyStatusData): AdaptiveCard {
  return expand('duty-status', {
    title: d.title,
    intro: d.intro ?? '',
    sections: d.sections.map((s) => ({ title: s.title, lines: s.lines.length ? s.lines : ['Nothing here.'] })),
    canRecordFor: d.canRecordFor && (d.trainingChoices?.length ?? 0) > 0,
    trainingChoices: d.trainingChoices ?? [],
  });
}

export interface FilterRequestData {
  requestId?: string;
  title: string;
  text?: string;
  facts: Fact[];
  /** The empty request form. */
  form: boolean;
  canDecide: boolean;
  canConfirm: boolean;
  confirmTitle?: string;
}

/** Renders a filtering-change request: the form, an approver's card, or the ICT lead's (cards/filter-request.json). */
export function renderFilterRequest(d: FilterRequestData): AdaptiveCard {
  return expand('filter-request', {
    requestId: d.requestId ?? '',
    title: d.title,
    text: d.text ?? '',
    facts: d.facts,
    form: d.form,
    canDecide: d.canDecide && Boolean(d.requestId),
    canConfirm: d.canConfirm && Boolean(d.requestId),
    confirmTitle: d.confirmTitle ?? 'Done',
  });
}
