import type { AdaptiveCard } from '../../src/cards';
import type { CoreDeps } from '../../src/core/deps';
import type { OutboxMessage } from '../../src/core/model';
import { renderOutboxMessage } from '../../src/views/outbox';

/** An outbox row as its recipient sees it: the card and its notification text (a replayed Teams reply has neither). */
export async function rendered(deps: CoreDeps, msg: OutboxMessage): Promise<{ card: AdaptiveCard; text: string }> {
  const r = await renderOutboxMessage(deps, msg);
  if (r.target === 'replay') throw new Error('a replayed late reply has no card of its own');
  return r;
}
