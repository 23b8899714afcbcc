/**
 * Issue #7: the private notices about a file sent to the bot and about an urgent report left
 * unsent, and the one reminder to its author. Rendered from outbox payloads (references and
 * times only): they never hold the file, its name, or anything the reporter typed.
 */
import type { School } from '../core/people/school';
import { renderDraftReminder, renderNotice, type AdaptiveCard } from '../cards';
import { formatWhen } from './incident';

/** What the bot tells a person who sent it a file (UKCIS: do not view, copy, forward or delete; 004 §20.5). */
export function fileWarningText(where: 'Teams' | 'Slack'): string {
  const report = where === 'Teams' ? 'send **report**' : 'type /report';
  return (
    'I have not opened, kept or forwarded that file: I never store files. ' +
    'Please do not view it again, copy it, screenshot it, forward it or delete it — leave it where it is. ' +
    'Speak to the DSL (designated safeguarding lead) now, in person or by phone; they have been told privately that you sent a file, but not what it is. ' +
    `If a child is in immediate danger, call 999. To make a report, ${report} and describe what you saw in words.`
  );
}

const PLACES: Record<string, string> = {
  'teams:personal': 'their 1:1 chat with the bot in Teams',
  'teams:channel': 'a Teams channel',
  'teams:group': 'a Teams group chat',
  'slack:personal': 'their direct message with the bot in Slack',
  'slack:channel': 'a Slack channel',
  'slack:group': 'a Slack group message',
};

function who(school: School, email: unknown, name: unknown, identityName: string | null): string {
  if (typeof email === 'string' && email) return school.person(email, identityName ?? '').name;
  return `${typeof name === 'string' && name ? name : 'Someone'} (the platform did not confirm who they are)`;
}

/** The DSL team's private notice that a file was sent to the bot: who, when, where. */
export function fileReceivedCard(school: School, payload: Record<string, unknown>, identityName: string | null): AdaptiveCard {
  const sender = who(school, payload.senderEmail, payload.senderName, identityName);
  const place = PLACES[`${String(payload.platform)}:${String(payload.place)}`] ?? 'a chat with the bot';
  const when = formatWhen(school, new Date(Number(payload.receivedAt)));
  return renderNotice({
    title: 'A file was sent to the Safeguard bot',
    text:
      `${sender} sent a file in ${place} on ${when}. The bot did not open, keep or forward it, and nothing of it is shown here. ` +
      'They have been told not to view, copy, forward or delete it and to speak to the DSL now. ' +
      'Please speak to them today. If it may be a nude or semi-nude image of a child, follow the UKCIS guidance: do not view it, secure the device, and do not delete anything until the police agree.',
    style: 'attention',
  });
}

/** The notice to the people an urgent draft would page: who started it and when, never what it says. */
export function urgentDraftAlertCard(school: School, payload: Record<string, unknown>, identityName: string | null): AdaptiveCard {
  const name = who(school, payload.reporterEmail, null, identityName);
  const started = formatWhen(school, new Date(Number(payload.startedAt)));
  const touched = formatWhen(school, new Date(Number(payload.lastTouchedAt)));
  return renderNotice({
    title: `Urgent report started but not sent (draft ${String(payload.code)})`,
    text:
      `${name} started a report on ${started}, answered that a child is in immediate danger, and has not sent it (last touched ${touched}). ` +
      `Please contact ${name} now. They have been reminded once. What they wrote stays private until they send it, so it is not shown here.`,
    style: 'attention',
  });
}

/** The one reminder to the reporter, with a button back to the draft. */
export function urgentDraftReminderCard(school: School, payload: Record<string, unknown>): AdaptiveCard {
  const started = formatWhen(school, new Date(Number(payload.startedAt)));
  return renderDraftReminder({
    draftId: String(payload.draftId),
    title: 'You started an urgent report and did not send it',
    text:
      `You started a report on ${started} (draft ${String(payload.code)}) and said a child is in immediate danger, but it has not been sent. ` +
      'The safeguarding team has been told that you started an urgent report, not what you wrote. Please finish and send it now, or speak to the DSL in person.',
  });
}
