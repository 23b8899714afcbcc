/**
 * App Home: the DSL team sees open concerns with their owner and age; everyone else sees their own
 * reports and where each stands. Broad labels only (the same as the channel card): no details.
 */
import type { HomeView, PlainTextElement } from '@slack/types';
import type { CoreDeps } from '../../core/deps';
import type { Person } from '../../core/model';
import { isDslTeam } from '../../core/routing/permissions';
import { broadKind, STATUS_LABELS } from '../../views/incident';
import { cutText, VERBS } from '../../cards';
import { LIMITS, type Block } from './blockkit';
import { fitBlocks } from './fit';

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text: cutText(text, LIMITS.sectionText, 'chars', '…'), emoji: false });

/** "3 days", "5 hours", "12 minutes": how long a concern has been open. */
export function age(from: Date, now: Date): string {
  const mins = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  const [n, unit] = mins >= 2880 ? [Math.floor(mins / 1440), 'day'] : mins >= 120 ? [Math.floor(mins / 60), 'hour'] : [mins, 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The Home tab view for a person. */
export async function homeView(deps: CoreDeps, person: Person): Promise<HomeView> {
  const now = deps.clock.now();
  const blocks: Block[] = [];
  if (isDslTeam(person)) {
    const open = (await deps.store.incidents.listOpen(40)).filter((i) => i.route === 'dsl_team');
    blocks.push({ type: 'header', text: plain('Open concerns') });
    if (!open.length) blocks.push({ type: 'section', text: plain('No open concerns.') });
    for (const i of open) {
      const owner = i.ownerEmail ? deps.school.person(i.ownerEmail).name : 'no one yet';
      blocks.push({
        type: 'section',
        text: plain(`${i.reference}${i.urgent ? '  ·  URGENT' : i.serious ? '  ·  SERIOUS' : ''}\n${broadKind(i)}\n${STATUS_LABELS[i.status]}  ·  Owner: ${owner}  ·  Open for ${age(i.reportedAt, now)}`),
        accessory: { type: 'button', action_id: VERBS.incidentView, text: plain('Open details'), value: JSON.stringify({ incidentId: i.id, version: i.version }) },
      });
    }
  }
  const mine = await deps.store.incidents.listByReporter(person.email, 20);
  blocks.push({ type: 'header', text: plain('Your reports') });
  blocks.push({ type: 'context', elements: [plain('Type /report to report a concern. If a child is in immediate danger, call 999 and tell the DSL in person now.')] });
  if (!mine.length) blocks.push({ type: 'section', text: plain('You have not made any reports.') });
  for (const i of mine) blocks.push({ type: 'section', text: plain(`${i.reference}  ·  ${STATUS_LABELS[i.status]}  ·  reported ${age(i.reportedAt, now)} ago`) });
  // A long list ends with a note rather than silently stopping at Slack's 100 blocks.
  return { type: 'home', blocks: fitBlocks(blocks, { maxBlocks: LIMITS.modalBlocks }, () => blocks) };
}
