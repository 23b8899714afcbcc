/**
 * App Home: the DSL team sees the first page of their open-concerns list (issue #11: the same card
 * as the `concerns` command, converted, with its filters: a filter or a page opens in a modal);
 * everyone sees their own reports and where each stands. Broad labels only (the same as the channel card): no details.
 */
import type { HomeView, PlainTextElement } from '@slack/types';
import type { CoreDeps } from '../../core/deps';
import type { Person } from '../../core/model';
import { isDslTeam } from '../../core/routing/permissions';
import { ALL_OPEN, listOpenConcerns } from '../../core/incident-actions/list';
import { STATUS_LABELS } from '../../views/incident';
import { age, concernsCard } from '../../views/concerns';
import { cutText } from '../../cards';
import { convertCard, LIMITS, type Block } from './blockkit';
import { fitBlocks } from './fit';

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text: cutText(text, LIMITS.sectionText, 'chars', '…'), emoji: false });

/** The Home tab view for a person. */
export async function homeView(deps: CoreDeps, person: Person): Promise<HomeView> {
  const now = deps.clock.now();
  const blocks: Block[] = [];
  if (isDslTeam(person)) {
    // The list authorises every row for this person, as the command does; its filter inputs and buttons work here too.
    const listed = await listOpenConcerns(deps, person, ALL_OPEN);
    if (listed.status === 'ok') blocks.push(...convertCard(concernsCard(deps.school, listed.list, now), 'message').blocks);
  }
  const mine = await deps.store.incidents.listByReporter(person.email, 20);
  blocks.push({ type: 'header', text: plain('Your reports') });
  blocks.push({ type: 'context', elements: [plain('Type /report to report a concern. If a child is in immediate danger, call 999 and tell the DSL in person now.')] });
  if (!mine.length) blocks.push({ type: 'section', text: plain('You have not made any reports.') });
  for (const i of mine) blocks.push({ type: 'section', text: plain(`${i.reference}  ·  ${STATUS_LABELS[i.status]}  ·  reported ${age(i.reportedAt, now)} ago`) });
  // A long list ends with a note rather than silently stopping at Slack's 100 blocks.
  return { type: 'home', blocks: fitBlocks(blocks, { maxBlocks: LIMITS.modalBlocks }, () => blocks) };
}
