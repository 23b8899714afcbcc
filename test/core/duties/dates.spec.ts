import assert from 'node:assert/strict';
import { addDays, addMonths, daysBetween, isLocalDate, localParts, weekday, zonedInstant } from '../../../src/core/duties/dates';

describe('duties: calendar dates', () => {
  it('adds a year to 29 February as 28 February (leap years)', () => {
    assert.equal(addMonths('2028-02-29', 12), '2029-02-28');
    assert.equal(addMonths('2028-02-29', 48), '2032-02-29');
    assert.equal(addMonths('2027-02-28', 12), '2028-02-28');
  });

  it('clamps month ends and crosses year ends', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
    assert.equal(addMonths('2026-03-15', -3), '2025-12-15');
    assert.equal(addMonths('2026-09-01', 24), '2028-09-01');
  });

  it('counts days across a leap day and knows real dates', () => {
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(daysBetween('2026-03-01', '2026-02-28'), -1);
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(isLocalDate('2028-02-29'), true);
    assert.equal(isLocalDate('2026-02-29'), false);
    assert.equal(isLocalDate('2026-2-1'), false);
    assert.equal(weekday('2026-12-25'), 5);
  });

  it('places a wall-clock time in London on either side of a daylight-saving change', () => {
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    assert.equal(zonedInstant('2026-03-28', 8 * 60 + 30, 'Europe/London').toISOString(), '2026-03-28T08:30:00.000Z');
    assert.equal(zonedInstant('2026-03-30', 8 * 60 + 30, 'Europe/London').toISOString(), '2026-03-30T07:30:00.000Z');
    assert.equal(zonedInstant('2026-10-26', 8 * 60 + 30, 'Europe/London').toISOString(), '2026-10-26T08:30:00.000Z');
    // 01:30 does not exist on 29 March: it resolves after the jump.
    assert.equal(zonedInstant('2026-03-29', 90, 'Europe/London').toISOString(), '2026-03-29T01:30:00.000Z');
  });

  it('reads the local date of an instant in other zones (a due date is a calendar date there)', () => {
    assert.deepEqual(localParts(new Date('2026-06-30T23:30:00Z'), 'Europe/London'), { date: '2026-07-01', minutes: 30 });
    assert.deepEqual(localParts(new Date('2026-01-01T03:00:00Z'), 'America/New_York'), { date: '2025-12-31', minutes: 22 * 60 });
    assert.equal(zonedInstant('2026-07-01', 9 * 60, 'Asia/Kolkata').toISOString(), '2026-07-01T03:30:00.000Z');
  });
});
