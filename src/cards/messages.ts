/**
 * Small standalone cards: a generic notice, and a question from the safeguarding team to a reporter.
 */
import { expand } from './expand';
import type { AdaptiveCard, AskReporterData, DraftReminderData, NoticeData } from './types';

/** Renders a titled message (cards/notice.json) in a container of the given style. */
export function renderNotice(d: NoticeData): AdaptiveCard {
  return expand('notice', { title: d.title, text: d.text, style: d.style ?? 'default' });
}

/** Renders a question to the reporter with an answer box (cards/ask-reporter.json). */
export function renderAskReporter(d: AskReporterData): AdaptiveCard {
  return expand('ask-reporter', {
    requestId: d.requestId,
    reference: d.reference,
    question: d.question,
    askedByName: d.askedByName,
  });
}

/** Renders the reminder about an unsent urgent report, with a button back to it (cards/draft-reminder.json). */
export function renderDraftReminder(d: DraftReminderData): AdaptiveCard {
  return expand('draft-reminder', { draftId: d.draftId, title: d.title, text: d.text });
}
