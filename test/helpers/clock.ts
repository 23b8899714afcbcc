/** A fake clock for tests: time moves only when the test says so. */
import type { Clock } from '../../src/core/ports';

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-23T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(d: Date): void {
    this.current = new Date(d.getTime());
  }
}
