import assert from 'node:assert/strict';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../src/core/model';
import { LIFECYCLE_EVENTS, allowedEvents, transition, type Effect, type LifecycleEvent } from '../../../src/core/incidents/lifecycle';

// Properties over the whole table, stated as the school's rules rather than the table copied out:
// a wrong row breaks at least one of them.

// A report is created as 'reported' (report-flow), so that is where every walk starts.
const INITIAL: IncidentStatus = 'reported';
const OPEN = INCIDENT_STATUSES.filter((s) => s !== 'closed');
const WORK_ON_IT = ['acknowledge', 'take_ownership', 'add_note', 'ask_reporter', 'record_lado'] as const;

// When each event makes sense, from the policy's point of view.
const PRECONDITION: Record<LifecycleEvent, (s: IncidentStatus) => boolean> = {
  acknowledge: (s) => s !== 'closed',
  take_ownership: (s) => s !== 'closed',
  add_note: (s) => s !== 'closed',
  ask_reporter: (s) => s !== 'closed',
  record_lado: (s) => s !== 'closed',
  // One proposal at a time, and a deputy cannot bypass the approver with a direct decision.
  propose: (s) => s !== 'closed' && s !== 'decision_proposed',
  decide: (s) => s !== 'closed' && s !== 'decision_proposed',
  approve: (s) => s === 'decision_proposed',
  reject: (s) => s === 'decision_proposed',
  close: (s) => s !== 'closed',
  reopen: (s) => s === 'closed',
};

// Where each event leads when it is allowed.
const LANDS_ON: Record<LifecycleEvent, (s: IncidentStatus) => IncidentStatus> = {
  ...(Object.fromEntries(WORK_ON_IT.map((e) => [e, (s: IncidentStatus) => (s === 'reported' ? 'acknowledged' : s)])) as Record<
    (typeof WORK_ON_IT)[number],
    (s: IncidentStatus) => IncidentStatus
  >),
  propose: () => 'decision_proposed',
  decide: () => 'decided',
  approve: () => 'decided',
  reject: () => 'acknowledged',
  close: () => 'closed',
  reopen: () => 'acknowledged',
};

const PAIRS = INCIDENT_STATUSES.flatMap((status) => LIFECYCLE_EVENTS.map((event) => ({ status, event })));

function reachableFrom(start: IncidentStatus): Set<IncidentStatus> {
  const seen = new Set<IncidentStatus>([start]);
  const queue = [start];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const e of LIFECYCLE_EVENTS) {
      const r = transition(s, e);
      if (r.ok && !seen.has(r.next)) {
        seen.add(r.next);
        queue.push(r.next);
      }
    }
  }
  return seen;
}

// A small seeded generator, so a failing walk is the same walk on every run.
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Walks `steps` random events from the initial status, applying only the allowed ones. */
function walk(seed: number, steps: number): { event: LifecycleEvent; from: IncidentStatus; effects: Effect[] }[] {
  const next = random(seed);
  const taken: { event: LifecycleEvent; from: IncidentStatus; effects: Effect[] }[] = [];
  let status = INITIAL;
  for (let i = 0; i < steps; i++) {
    const event = LIFECYCLE_EVENTS[Math.floor(next() * LIFECYCLE_EVENTS.length)];
    const r = transition(status, event);
    if (!r.ok) continue;
    taken.push({ event, from: status, effects: r.effects });
    status = r.next;
  }
  return taken;
}

const WALKS = Array.from({ length: 200 }, (_, i) => walk(i + 1, 40));

describe('incidents: lifecycle', () => {
  describe('every status and event, checked against the rules', () => {
    it('reaches every status from a new report', () => {
      assert.deepEqual([...reachableFrom(INITIAL)].sort(), [...INCIDENT_STATUSES].sort());
    });

    it('gets every open status back again from a closed concern, by reopening it', () => {
      const back = reachableFrom('closed');
      for (const s of OPEN.filter((s) => s !== 'reported')) assert.ok(back.has(s), s);
    });

    it('never goes back to reported, so the urgent paging cannot start again', () => {
      for (const { status, event } of PAIRS) {
        const r = transition(status, event);
        if (r.ok) assert.notEqual(r.next, 'reported', `${event} on ${status}`);
      }
    });

    it('refuses everything but reopen on a closed concern', () => {
      for (const event of LIFECYCLE_EVENTS) {
        const r = transition('closed', event);
        if (event === 'reopen') assert.ok(r.ok && r.next !== 'closed', 'reopen opens it');
        else assert.deepEqual(r, { ok: false, reason: 'This concern is closed: reopen it first.' }, event);
      }
    });

    it('allows an event exactly when its precondition holds', () => {
      for (const { status, event } of PAIRS) {
        assert.equal(transition(status, event).ok, PRECONDITION[event](status), `${event} on ${status}`);
      }
    });

    it('gives a refused event no next status and no effects, only a sentence saying why', () => {
      for (const { status, event } of PAIRS) {
        const r = transition(status, event);
        if (r.ok) continue;
        assert.deepEqual(Object.keys(r).sort(), ['ok', 'reason'], `${event} on ${status}`);
        assert.match(r.reason, /^[A-Z].*\.$/, `${event} on ${status}`);
      }
    });

    it('moves an allowed event to the status the rules say', () => {
      for (const { status, event } of PAIRS) {
        const r = transition(status, event);
        if (r.ok) assert.equal(r.next, LANDS_ON[event](status), `${event} on ${status}`);
      }
    });

    it('closes a concern only by the close event', () => {
      for (const { status, event } of PAIRS) {
        const r = transition(status, event);
        if (r.ok && r.next === 'closed') assert.equal(event, 'close', `${event} on ${status}`);
      }
    });
  });

  describe('effects', () => {
    const allowed = PAIRS.flatMap(({ status, event }) => {
      const r = transition(status, event);
      return r.ok ? [{ status, event, next: r.next, effects: r.effects }] : [];
    });

    it('produces effects only from allowed transitions', () => {
      for (const { status, event } of PAIRS) {
        const r = transition(status, event);
        assert.equal('effects' in r, r.ok, `${event} on ${status}`);
      }
    });

    it('updates the posted cards on every allowed transition, as the last thing done', () => {
      for (const { status, event, effects } of allowed) assert.equal(effects.at(-1), 'refresh_cards', `${event} on ${status}`);
    });

    it('stops the urgent paging exactly when the concern was still waiting, and first', () => {
      for (const { status, event, effects } of allowed) {
        assert.equal(effects.includes('stop_paging'), status === 'reported', `${event} on ${status}`);
        if (status === 'reported') assert.equal(effects[0], 'stop_paging', `${event} on ${status}`);
      }
    });

    it('tells the deciders exactly when a decision is proposed', () => {
      for (const { status, event, effects } of allowed) {
        assert.equal(effects.includes('notify_deciders'), event === 'propose', `${event} on ${status}`);
      }
    });

    it('tells the reporter exactly when their concern is closed', () => {
      for (const { status, event, next, effects } of allowed) {
        assert.equal(effects.includes('notify_reporter_closed'), next === 'closed', `${event} on ${status}`);
      }
    });

    it('never asks for the same effect twice in one transition', () => {
      for (const { status, event, effects } of allowed) assert.equal(new Set(effects).size, effects.length, `${event} on ${status}`);
    });

    it('returns a fresh effects list each time, so a caller cannot change the table', () => {
      const a = transition('reported', 'acknowledge');
      if (a.ok) a.effects.push('notify_deciders');
      assert.deepEqual(transition('reported', 'acknowledge'), { ok: true, next: 'acknowledged', effects: ['stop_paging', 'refresh_cards'] });
    });
  });

  describe('random walks from a new report', () => {
    it('stops the urgent paging once, on the first action a DSL takes', () => {
      for (const [i, w] of WALKS.entries()) {
        const stops = w.flatMap((step, at) => (step.effects.includes('stop_paging') ? [at] : []));
        assert.deepEqual(stops, w.length ? [0] : [], `walk ${i + 1}`);
      }
    });

    it('tells the reporter once for every time the concern is closed', () => {
      for (const [i, w] of WALKS.entries()) {
        const closes = w.filter((s) => s.event === 'close').length;
        const told = w.filter((s) => s.effects.includes('notify_reporter_closed')).length;
        assert.equal(told, closes, `walk ${i + 1}`);
      }
    });

    it('takes every event somewhere along the walks, so no event is dead', () => {
      const taken = new Set(WALKS.flatMap((w) => w.map((s) => s.event)));
      assert.deepEqual([...taken].sort(), [...LIFECYCLE_EVENTS].sort());
    });
  });

  describe('what the person is told', () => {
    it('asks for the pending proposal to be approved or rejected before a direct decision', () => {
      assert.deepEqual(transition('decision_proposed', 'decide'), { ok: false, reason: 'Approve or reject the pending proposal first.' });
    });

    it('says there is nothing to approve when no decision has been proposed', () => {
      assert.deepEqual(transition('acknowledged', 'approve'), { ok: false, reason: 'There is no proposed decision waiting for approval.' });
    });

    it('says a decision is already waiting when a second one is proposed', () => {
      assert.deepEqual(transition('decision_proposed', 'propose'), {
        ok: false,
        reason: 'A decision is already waiting for approval: approve or reject it first.',
      });
    });

    it('says an open concern cannot be reopened', () => {
      assert.deepEqual(transition('decided', 'reopen'), { ok: false, reason: 'This concern is still open, so there is nothing to reopen.' });
    });
  });

  describe('the buttons a card may show', () => {
    it('lists exactly the allowed events of each status, in the catalogue order', () => {
      for (const s of INCIDENT_STATUSES) {
        assert.deepEqual(
          allowedEvents(s),
          LIFECYCLE_EVENTS.filter((e) => PRECONDITION[e](s)),
          s,
        );
      }
    });
  });
});
