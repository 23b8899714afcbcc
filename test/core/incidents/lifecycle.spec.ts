import assert from 'node:assert/strict';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../src/core/model';
import { LIFECYCLE_EVENTS, allowedEvents, transition, type Effect, type LifecycleEvent } from '../../../src/core/incidents/lifecycle';

// The whole table written out again, by hand: [next status, effects] or REFUSED.
const REFUSED = 'refused' as const;
type Expect = [IncidentStatus, Effect[]] | typeof REFUSED;
const S: Effect = 'stop_paging';
const R: Effect = 'refresh_cards';
const N: Effect = 'notify_deciders';
const C: Effect = 'notify_reporter_closed';

const EXPECTED: Record<IncidentStatus, Record<LifecycleEvent, Expect>> = {
  reported: {
    acknowledge: ['acknowledged', [S, R]],
    take_ownership: ['acknowledged', [S, R]],
    add_note: ['acknowledged', [S, R]],
    ask_reporter: ['acknowledged', [S, R]],
    record_lado: ['acknowledged', [S, R]],
    propose: ['decision_proposed', [S, N, R]],
    approve: REFUSED,
    reject: REFUSED,
    decide: ['decided', [S, R]],
    close: ['closed', [S, C, R]],
    reopen: REFUSED,
  },
  acknowledged: {
    acknowledge: ['acknowledged', [R]],
    take_ownership: ['acknowledged', [R]],
    add_note: ['acknowledged', [R]],
    ask_reporter: ['acknowledged', [R]],
    record_lado: ['acknowledged', [R]],
    propose: ['decision_proposed', [N, R]],
    approve: REFUSED,
    reject: REFUSED,
    decide: ['decided', [R]],
    close: ['closed', [C, R]],
    reopen: REFUSED,
  },
  decision_proposed: {
    acknowledge: ['decision_proposed', [R]],
    take_ownership: ['decision_proposed', [R]],
    add_note: ['decision_proposed', [R]],
    ask_reporter: ['decision_proposed', [R]],
    record_lado: ['decision_proposed', [R]],
    propose: REFUSED,
    approve: ['decided', [R]],
    reject: ['acknowledged', [R]],
    decide: REFUSED,
    close: ['closed', [C, R]],
    reopen: REFUSED,
  },
  decided: {
    acknowledge: ['decided', [R]],
    take_ownership: ['decided', [R]],
    add_note: ['decided', [R]],
    ask_reporter: ['decided', [R]],
    record_lado: ['decided', [R]],
    propose: ['decision_proposed', [N, R]],
    approve: REFUSED,
    reject: REFUSED,
    decide: ['decided', [R]],
    close: ['closed', [C, R]],
    reopen: REFUSED,
  },
  closed: {
    acknowledge: REFUSED,
    take_ownership: REFUSED,
    add_note: REFUSED,
    ask_reporter: REFUSED,
    record_lado: REFUSED,
    propose: REFUSED,
    approve: REFUSED,
    reject: REFUSED,
    decide: REFUSED,
    close: REFUSED,
    reopen: ['acknowledged', [R]],
  },
};

describe('incidents: lifecycle', () => {
  describe('every status × event', () => {
    for (const status of INCIDENT_STATUSES) {
      for (const event of LIFECYCLE_EVENTS) {
        const want = EXPECTED[status][event];
        const says = want === REFUSED ? 'is refused' : `moves to ${want[0]} with ${want[1].join(', ')}`;
        it(`${event} on a ${status} concern ${says}`, () => {
          const got = transition(status, event);
          if (want === REFUSED) {
            assert.equal(got.ok, false);
            if (!got.ok) assert.match(got.reason, /^[A-Z].*\.$/, 'a reason is a sentence');
          } else {
            assert.deepEqual(got, { ok: true, next: want[0], effects: want[1] });
          }
        });
      }
    }
  });

  it('stops the urgent paging on the first action a DSL takes, whatever it is', () => {
    for (const e of ['acknowledge', 'take_ownership', 'add_note', 'ask_reporter', 'record_lado', 'propose', 'decide', 'close'] as const) {
      const r = transition('reported', e);
      assert.ok(r.ok && r.effects.includes('stop_paging'), e);
    }
  });

  it('asks for the pending proposal to be approved or rejected before a direct decision', () => {
    assert.deepEqual(transition('decision_proposed', 'decide'), { ok: false, reason: 'Approve or reject the pending proposal first.' });
  });

  it('says a closed concern must be reopened before anything else is done to it', () => {
    assert.deepEqual(transition('closed', 'add_note'), { ok: false, reason: 'This concern is closed: reopen it first.' });
    assert.deepEqual(transition('closed', 'close'), { ok: false, reason: 'This concern is closed: reopen it first.' });
  });

  it('says there is nothing to approve when no decision has been proposed', () => {
    assert.deepEqual(transition('acknowledged', 'approve'), { ok: false, reason: 'There is no proposed decision waiting for approval.' });
  });

  it('says an open concern cannot be reopened', () => {
    assert.deepEqual(transition('decided', 'reopen'), { ok: false, reason: 'This concern is still open, so there is nothing to reopen.' });
  });

  it('tells the reporter when their concern is closed', () => {
    for (const s of ['reported', 'acknowledged', 'decision_proposed', 'decided'] as const) {
      const r = transition(s, 'close');
      assert.ok(r.ok && r.next === 'closed' && r.effects.includes('notify_reporter_closed'), s);
    }
  });

  it('returns a fresh effects list each time, so a caller cannot change the table', () => {
    const a = transition('reported', 'acknowledge');
    if (a.ok) a.effects.push('notify_deciders');
    assert.deepEqual(transition('reported', 'acknowledge'), { ok: true, next: 'acknowledged', effects: [S, R] });
  });

  it('lists only reopen as possible on a closed concern, for the buttons of a card', () => {
    assert.deepEqual(allowedEvents('closed'), ['reopen']);
    assert.ok(!allowedEvents('decision_proposed').includes('decide'));
    assert.ok(allowedEvents('decision_proposed').includes('approve'));
  });
});
