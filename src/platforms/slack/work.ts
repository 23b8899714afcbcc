/**
 * The work Slack leaves us after the ack, bounded. Bolt acks a command at once and the listener
 * carries on; under a burst (a whole staff told "do it now" in a briefing) that is one unbounded
 * promise per command — memory grows with the burst and every modal waits on every other. Here
 * at most `concurrency` run at once and at most `capacity` wait; a command that finds the queue
 * full is told in its ack, kindly, to try again, before any work is done (nothing typed is lost:
 * the form had not opened). Clicks and events are never refused: they wait their turn.
 * A hand-written queue because the well-kept ones (p-queue, p-limit ≥ 4) are ESM-only.
 */

/** A FIFO of async jobs with a concurrency limit and a bound on how many may wait. */
export class BoundedWork {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly all = new Set<Promise<unknown>>();

  constructor(
    readonly concurrency: number,
    readonly capacity: number,
  ) {}

  /** Jobs running or waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  /** True when a refusable job (a command) should be turned away now. */
  get full(): boolean {
    return this.waiting.length >= this.capacity;
  }

  /** Runs `job` when a slot frees; never refuses (the caller checks `full` for what may be refused). */
  run<T>(job: () => Promise<T>): Promise<T> {
    const p = new Promise<void>((resolve) => {
      if (this.running < this.concurrency) {
        this.running++;
        resolve();
      } else this.waiting.push(resolve);
    })
      .then(job)
      .finally(() => {
        const next = this.waiting.shift();
        if (next) next(); // the slot passes straight on
        else this.running--;
      });
    this.all.add(p);
    void p.finally(() => this.all.delete(p)).catch(() => undefined);
    return p;
  }

  /** Resolves once every job started so far (and any they started) has finished. */
  async idle(): Promise<void> {
    while (this.all.size) await Promise.allSettled([...this.all]);
  }
}

/** What a command is told in its ack when the bot cannot take it on now. */
export function busyText(command: string): string {
  return `So many people are using the safeguarding bot this moment that it could not take your ${command}. Please type ${command} again in a few seconds; nothing was lost. If a child is in immediate danger, do not wait: speak to the DSL or call 999 now.`;
}
