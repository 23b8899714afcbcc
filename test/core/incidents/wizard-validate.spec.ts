import assert from 'node:assert/strict';
import { validateStep, type WizardContext } from '../../../src/core/incidents/wizard';

const ctx: WizardContext = { people: [{ email: 'head@school.uk', name: 'Pat Head' }] };

function errorsOf(stepId: string, input: Record<string, unknown>): Record<string, string> {
  const r = validateStep(stepId, input, ctx);
  assert.equal(r.ok, false, 'expected the step to be refused');
  return r.ok ? {} : r.errors;
}

function answersOf(stepId: string, input: Record<string, unknown>): Record<string, unknown> {
  const r = validateStep(stepId, input, ctx);
  assert.ok(r.ok, `expected the step to pass: ${JSON.stringify(r.ok ? {} : r.errors)}`);
  return r.answers;
}

describe('incidents: report wizard validation', () => {
  it('asks the reporter to choose a category, and accepts a real one', () => {
    assert.deepEqual(errorsOf('category', {}), { category: 'Please choose an answer.' });
    assert.deepEqual(errorsOf('category', { category: 'teachers' }), { category: 'Please choose one of the options.' });
    assert.deepEqual(answersOf('category', { category: ' staff ' }), { category: 'staff' });
  });

  it('keeps only the fields of the step, so nothing else can be slipped into a report', () => {
    assert.deepEqual(answersOf('danger', { immediate_danger: 'no', category: 'staff', __reviewed: 'yes' }), { immediate_danger: 'no' });
  });

  it('trims what was typed and returns blank optional answers as undefined so they clear', () => {
    const a = answersOf('pupil_details', { what_happened: '  Messages at night.  ', how_known: 'told', apps: '   ', evidence: '' });
    assert.deepEqual(a, { what_happened: 'Messages at night.', how_known: 'told', apps: undefined, evidence: undefined, actions_taken: undefined });
  });

  it('refuses a blank description with a kind message', () => {
    assert.deepEqual(errorsOf('other', { what_happened: '   ', how_known: 'seen' }), { what_happened: 'Please fill this in.' });
  });

  it('keeps one-line answers under 200 characters and descriptions under 4000', () => {
    assert.match(errorsOf('pupil_details', { what_happened: 'x', how_known: 'seen', apps: 'a'.repeat(201) }).apps, /under 200 characters \(it is 201 now\)/);
    assert.match(errorsOf('other', { what_happened: 'x'.repeat(4001), how_known: 'seen' }).what_happened, /under 4000 characters/);
    answersOf('other', { what_happened: 'x'.repeat(4000), how_known: 'seen' });
  });

  it('takes an answer of up to 6000 bytes in any script, and asks kindly for a shorter one past that without repeating it', () => {
    const cjk = '学生说信息是九月开始的'.repeat(200).slice(0, 2000); // 6,000 bytes, under 4000 characters
    assert.equal(answersOf('other', { what_happened: cjk, how_known: 'seen' }).what_happened, cjk);
    const emoji = '😀'.repeat(1501); // 3,002 characters, 6,004 bytes
    const refused = validateStep('other', { what_happened: emoji, how_known: 'seen' }, ctx);
    assert.equal(refused.ok, false);
    const error = refused.ok ? '' : refused.errors.what_happened;
    assert.match(error, /too long to send in one piece.*still here/);
    assert.equal(error.includes('😀'), false, 'the message never echoes the answer');
  });

  it('reads several kinds sent by Adaptive Cards as "a,b", and by Slack as a list', () => {
    assert.deepEqual(answersOf('pupil_kinds', { kinds: 'online_bullying,sexting' }), { kinds: ['online_bullying', 'sexting'], other_kind: undefined });
    assert.deepEqual(answersOf('pupil_kinds', { kinds: ' online_bullying , , online_bullying' }), { kinds: ['online_bullying'], other_kind: undefined });
    assert.deepEqual(answersOf('pupil_kinds', { kinds: ['grooming', 'hacking'] }), { kinds: ['grooming', 'hacking'], other_kind: undefined });
  });

  it('asks the reporter to say what an "Other" concern is, and only then', () => {
    assert.deepEqual(errorsOf('pupil_kinds', { kinds: 'online_bullying,other', other_kind: '  ' }), { other_kind: 'Please say in a few words what kind of concern it is.' });
    assert.deepEqual(errorsOf('pupil_kinds', { kinds: ['other'] }), { other_kind: 'Please say in a few words what kind of concern it is.' });
    assert.deepEqual(answersOf('pupil_kinds', { kinds: 'other', other_kind: ' vaping videos on TikTok ' }), { kinds: ['other'], other_kind: 'vaping videos on TikTok' });
    assert.deepEqual(answersOf('pupil_kinds', { kinds: 'misinformation' }), { kinds: ['misinformation'], other_kind: undefined });
  });

  it('requires the reporter to say whether they saw it or were told, on the pupil, staff and other paths', () => {
    assert.deepEqual(errorsOf('pupil_details', { what_happened: 'Messages at night.' }), { how_known: 'Please choose an answer.' });
    assert.deepEqual(errorsOf('other', { what_happened: 'A worrying email.' }), { how_known: 'Please choose an answer.' });
    assert.equal(errorsOf('staff_details', { what_happened: 'Mr Jones shared photos.', occurred_date: '2026-11-19', child_images: 'no' }).how_known, 'Please choose an answer.');
    assert.equal(errorsOf('pupil_details', { what_happened: 'x', how_known: 'heard a rumour' }).how_known, 'Please choose one of the options.');
    assert.equal(answersOf('other', { what_happened: 'x', how_known: 'told' }).how_known, 'told');
  });

  it('requires the staff path to say whether nude or sexual images of a child are involved', () => {
    assert.equal(errorsOf('staff_details', { what_happened: 'x', occurred_date: '2026-11-19', how_known: 'seen' }).child_images, 'Please choose an answer.');
    assert.equal(answersOf('staff_details', { what_happened: 'x', occurred_date: '2026-11-19', how_known: 'seen', child_images: 'not_sure' }).child_images, 'not_sure');
  });

  it('asks for at least one kind, and only kinds from the list', () => {
    assert.deepEqual(errorsOf('pupil_kinds', { kinds: '' }), { kinds: 'Please choose at least one.' });
    assert.deepEqual(errorsOf('pupil_kinds', { kinds: [] }), { kinds: 'Please choose at least one.' });
    assert.deepEqual(errorsOf('pupil_kinds', { kinds: 'online_bullying,made_up' }), { kinds: 'Please choose from the options listed.' });
    assert.deepEqual(errorsOf('pupil_kinds', { kinds: 42 }), { kinds: 'Please choose from the options listed.' });
  });

  it('asks for a date as YYYY-MM-DD and a rough time as HH:MM', () => {
    const e = errorsOf('pupil_when_where', { occurred_date: '14/03/2026', occurred_time: '2pm', location: 'in_school' });
    assert.deepEqual(e, { occurred_date: 'Please enter the date as YYYY-MM-DD, for example 2026-03-14.', occurred_time: 'Please enter the time as HH:MM, for example 14:30.' });
    assert.ok(errorsOf('pupil_when_where', { occurred_date: '2026-02-30', location: 'in_school' }).occurred_date, 'no 30 February');
    assert.ok(errorsOf('pupil_when_where', { occurred_date: '2026-03-14', occurred_time: '24:00', location: 'in_school' }).occurred_time);
    assert.deepEqual(answersOf('pupil_when_where', { occurred_date: '2026-03-14', occurred_time: '', location: 'online_home' }), {
      occurred_date: '2026-03-14', occurred_time: undefined, location: 'online_home',
    });
  });

  it('refuses a date after today, kindly, and takes today itself', () => {
    const onDay = { ...ctx, today: '2026-11-23' };
    const tomorrow = validateStep('pupil_when_where', { occurred_date: '2026-11-24', location: 'in_school' }, onDay);
    assert.deepEqual(tomorrow.ok ? {} : tomorrow.errors, { occurred_date: 'That date is in the future. Please give the day it happened (today at the latest).' });
    assert.equal(validateStep('pupil_when_where', { occurred_date: '2026-11-23', location: 'in_school' }, onDay).ok, true);
    assert.equal(validateStep('staff_details', { what_happened: 'x', occurred_date: '2027-11-20', how_known: 'seen', child_images: 'no' }, onDay).ok, false);
  });

  it('needs the first person involved, with their group and part', () => {
    assert.deepEqual(errorsOf('pupil_people', {}), {
      person1_name: 'Please fill this in.', person1_group: 'Please choose an answer.', person1_part: 'Please choose an answer.',
    });
  });

  it('asks for the group and part of anyone else named, and a name for a half-filled row', () => {
    const e = errorsOf('pupil_people', {
      person1_name: 'Alex Smith', person1_group: 'pupil', person1_part: 'target',
      person2_name: 'Jordan Lee',
      person3_part: 'witness',
    });
    assert.deepEqual(e, {
      person2_group: 'Please say whether they are a pupil, staff, a parent or carer, or someone else.',
      person2_part: 'Please say what part they played.',
      person3_name: 'Please add their full name, or clear this row.',
    });
  });

  it('accepts one person and leaves the other rows empty', () => {
    const a = answersOf('pupil_people', { person1_name: 'Alex Smith', person1_group: 'pupil', person1_part: 'target' });
    assert.equal(a.person1_name, 'Alex Smith');
    assert.equal(a.person2_name, undefined);
  });

  it('needs someone chosen or a name typed for a concern about staff', () => {
    assert.deepEqual(errorsOf('staff_subject', {}), { subject_email: 'Please choose who this is about, or type their name.' });
    assert.deepEqual(errorsOf('staff_subject', { subject_email: 'other' }), { subject_name: 'Please type their name.' });
    assert.deepEqual(errorsOf('staff_subject', { subject_email: 'stranger@elsewhere.uk' }), { subject_email: 'Please choose one of the options.' });
    assert.deepEqual(answersOf('staff_subject', { subject_email: 'head@school.uk' }), { subject_email: 'head@school.uk', subject_name: undefined });
    assert.deepEqual(answersOf('staff_subject', { subject_name: 'The supply teacher' }), { subject_email: undefined, subject_name: 'The supply teacher' });
  });

  it('needs the image warning confirmed', () => {
    assert.deepEqual(errorsOf('ukcis', {}), { ukcis_ack: 'Please choose an answer.' });
    assert.deepEqual(answersOf('ukcis', { ukcis_ack: 'understood' }), { ukcis_ack: 'understood' });
  });

  it('accepts a website address with or without http, and explains the format otherwise', () => {
    const ok = { problem: 'got_through', device_room: 'Year 4, laptop 12', occurred_date: '2026-03-14' };
    for (const url of ['example.com', 'https://www.example.co.uk/page?x=1', 'http://sub.example.org', 'example.com/path']) {
      assert.equal(answersOf('filtering', { ...ok, url }).url, url);
    }
    for (const url of ['not a site', 'javascript:alert(1)', 'ftp://example.com', 'localhost', 'http://', 'example']) {
      assert.deepEqual(errorsOf('filtering', { ...ok, url }), { url: 'Please enter the website address, for example example.com' }, url);
    }
  });

  it('lists every missing answer of the filtering step at once', () => {
    assert.deepEqual(Object.keys(errorsOf('filtering', {})).sort(), ['device_room', 'occurred_date', 'problem', 'url']);
  });

  it('refuses a value of the wrong shape rather than guessing', () => {
    assert.deepEqual(errorsOf('other', { what_happened: { text: 'x' }, how_known: 'seen' }), { what_happened: 'Please check this answer.' });
  });

  it('has nothing to check on the review step', () => {
    assert.deepEqual(answersOf('review', { anything: 'x' }), {});
  });

  it('accepts its own cleaned answers again, as the submit re-check does', () => {
    const a = answersOf('pupil_kinds', { kinds: 'online_bullying,sexting' });
    assert.deepEqual(answersOf('pupil_kinds', a), a);
  });
});
