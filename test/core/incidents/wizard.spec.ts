import assert from 'node:assert/strict';
import type { Answers } from '../../../src/core/model';
import { STEP_IDS, banners, categoryOf, getStep, nextStepId, previousStepId, reviewSections, stepIds, type WizardContext } from '../../../src/core/incidents/wizard';

const ctx: WizardContext = { people: [{ email: 'head@school.uk', name: 'Pat Head' }, { email: 'sam@school.uk', name: 'Sam Teacher' }] };

describe('incidents: report wizard paths', () => {
  it('asks about immediate danger straight after the category, on every path', () => {
    for (const c of ['pupil', 'staff', 'filtering', 'other'] as const) {
      assert.deepEqual(stepIds(c, { category: c }).slice(0, 2), ['category', 'danger'], c);
      assert.equal(stepIds(c, { category: c }).at(-1), 'review', c);
    }
    assert.deepEqual(stepIds(null, {}), ['category', 'danger', 'review']);
  });

  it('takes a concern about a pupil through when, who, what kind and the details', () => {
    assert.deepEqual(stepIds('pupil', { kinds: ['online_bullying'] }), [
      'category', 'danger', 'pupil_when_where', 'pupil_people', 'pupil_kinds', 'pupil_details', 'review',
    ]);
  });

  it('adds the image warning step only when a kind involves sexual imagery', () => {
    assert.deepEqual(stepIds('pupil', { kinds: ['online_bullying', 'sexting'] }), [
      'category', 'danger', 'pupil_when_where', 'pupil_people', 'pupil_kinds', 'ukcis', 'pupil_details', 'review',
    ]);
    assert.ok(stepIds('pupil', { kinds: 'grooming' }).includes('ukcis'), 'a comma-separated answer counts too');
    assert.ok(!stepIds('pupil', { kinds: ['hacking'] }).includes('ukcis'));
  });

  it('takes a concern about staff through who it is about and what happened', () => {
    assert.deepEqual(stepIds('staff', {}), ['category', 'danger', 'staff_subject', 'staff_details', 'review']);
    assert.deepEqual(stepIds('staff', { child_images: 'no' }), ['category', 'danger', 'staff_subject', 'staff_details', 'review']);
  });

  it('shows the UKCIS step for every sexual kind on the pupil path, pornography, sextortion, deepfakes and upskirting included', () => {
    for (const k of ['sexting', 'non_consensual_images', 'csam', 'extreme_pornography', 'grooming', 'pornographic_media', 'sextortion', 'deepfake_sexual_images', 'upskirting']) {
      const path = stepIds('pupil', { kinds: ['online_bullying', k] });
      assert.equal(path[path.indexOf('pupil_kinds') + 1], 'ukcis', k);
    }
    for (const k of ['copyright', 'hacking', 'misinformation', 'self_harm', 'fraud_extortion']) assert.ok(!stepIds('pupil', { kinds: [k] }).includes('ukcis'), k);
  });

  it('shows the UKCIS step on the staff path when the reporter says nude images of a child are, or may be, involved', () => {
    for (const answer of ['yes', 'not_sure']) {
      assert.deepEqual(stepIds('staff', { child_images: answer }), ['category', 'danger', 'staff_subject', 'staff_details', 'ukcis', 'review'], answer);
    }
    assert.ok(getStep('staff_details', ctx).fields.some((f) => f.id === 'child_images' && f.required && /nudes, semi-nudes or sexual images of a child/.test(f.label)));
    const a: Answers = { category: 'staff', child_images: 'yes' };
    assert.equal(nextStepId('staff', a, 'staff_details'), 'ukcis');
    assert.equal(nextStepId('staff', a, 'ukcis'), 'review');
    assert.equal(previousStepId('staff', a, 'review'), 'ukcis');
    assert.equal(previousStepId('staff', a, 'ukcis'), 'staff_details');
    assert.equal(nextStepId('staff', { category: 'staff', child_images: 'no' }, 'ukcis'), 'review', 'a stale UKCIS step on the staff path still finds its place');
  });

  it('asks to confirm a typed name on the staff path, but not a pick from the list', () => {
    assert.deepEqual(stepIds('staff', { subject_email: 'other', subject_name: 'Mrs Carter' }), ['category', 'danger', 'staff_subject', 'confirm_subject', 'staff_details', 'review']);
    assert.deepEqual(stepIds('staff', { subject_name: 'the head' }), ['category', 'danger', 'staff_subject', 'confirm_subject', 'staff_details', 'review']);
    assert.ok(!stepIds('staff', { subject_email: 'a@s.uk', subject_name: 'ignored' }).includes('confirm_subject'));
    assert.equal(nextStepId('staff', { subject_name: 'the head' }, 'staff_subject'), 'confirm_subject');
  });

  it('asks to confirm a member of staff named as alleged perpetrator on the pupil path, straight after who was involved', () => {
    const a: Answers = { person2_name: 'Mrs Carter', person2_group: 'staff', person2_part: 'alleged_perpetrator' };
    assert.equal(nextStepId('pupil', a, 'pupil_people'), 'confirm_people');
    assert.equal(nextStepId('pupil', a, 'confirm_people'), 'pupil_kinds');
    assert.ok(!stepIds('pupil', { ...a, person2_part: 'witness' }).includes('confirm_people'));
    const step = getStep('confirm_people', { people: [{ email: 'h@s.uk', name: 'Helen Carter', roles: ['headteacher'] }], answers: a });
    assert.deepEqual(step.fields.map((f) => [f.id, f.label, f.choices?.map((c) => c.title)]), [['person2_confirm', 'Who do you mean by "Mrs Carter"?', ['Helen Carter (headteacher)', 'Someone else / not on this list']]]);
  });

  it('takes a filtering problem and anything else through one step each', () => {
    assert.deepEqual(stepIds('filtering', {}), ['category', 'danger', 'filtering', 'review']);
    assert.deepEqual(stepIds('other', {}), ['category', 'danger', 'other', 'review']);
  });

  it('moves forward and back along the path', () => {
    const a: Answers = { category: 'pupil', kinds: ['sexting'] };
    assert.equal(nextStepId('pupil', a, 'category'), 'danger');
    assert.equal(nextStepId('pupil', a, 'pupil_kinds'), 'ukcis');
    assert.equal(nextStepId('pupil', a, 'ukcis'), 'pupil_details');
    assert.equal(nextStepId('pupil', a, 'review'), 'review');
    assert.equal(previousStepId('pupil', a, 'pupil_details'), 'ukcis');
    assert.equal(previousStepId('pupil', a, 'danger'), 'category');
    assert.equal(previousStepId('pupil', a, 'category'), null);
  });

  it('skips the image warning step when going back after the kinds were changed', () => {
    const a: Answers = { category: 'pupil', kinds: ['online_bullying'] };
    assert.equal(nextStepId('pupil', a, 'pupil_kinds'), 'pupil_details');
    assert.equal(previousStepId('pupil', a, 'pupil_details'), 'pupil_kinds');
    assert.equal(nextStepId('pupil', a, 'ukcis'), 'pupil_details', 'a stale step id still finds its place');
  });

  it('reads the category from the answers, ignoring unknown values', () => {
    assert.equal(categoryOf({ category: 'staff' }), 'staff');
    assert.equal(categoryOf({ category: 'teachers' }), null);
    assert.equal(categoryOf({}), null);
  });
});

describe('incidents: report wizard steps', () => {
  it('has a step for every step id and refuses one it does not know', () => {
    for (const id of STEP_IDS) assert.equal(getStep(id, ctx).id, id);
    assert.throws(() => getStep('nope', ctx), /Unknown wizard step: nope/);
  });

  it('offers the four categories in the words the reporter sees', () => {
    const f = getStep('category', ctx).fields[0];
    assert.deepEqual(f.choices?.map((c) => c.value), ['pupil', 'staff', 'filtering', 'other']);
    assert.equal(f.choices?.[0].title, "A pupil's safety or wellbeing online");
  });

  it('shows every kind with its C in the choice title', () => {
    const f = getStep('pupil_kinds', ctx).fields[0];
    assert.equal(f.type, 'multichoice');
    assert.ok(f.choices?.some((c) => c.value === 'online_bullying' && c.title === 'Online bullying or harassment — Conduct'));
  });

  it('asks who a staff concern is about with a person picker over the school people, keeping the field ids', () => {
    const [picker, typed] = getStep('staff_subject', ctx).fields;
    assert.equal(picker.id, 'subject_email');
    assert.equal(picker.type, 'person');
    assert.equal(picker.dataset, 'people');
    assert.equal(typed.id, 'subject_name');
    assert.equal(typed.type, 'text');
  });

  it('lists the school staff to choose from on the staff path, plus someone not on the list', () => {
    const f = getStep('staff_subject', ctx).fields[0];
    assert.deepEqual(f.choices, [
      { value: 'head@school.uk', title: 'Pat Head' },
      { value: 'sam@school.uk', title: 'Sam Teacher' },
      { value: 'other', title: 'Someone not on this list' },
    ]);
  });

  it('tells two people with the same name apart by their email', () => {
    const f = getStep('staff_subject', { people: [{ email: 'a@s.uk', name: 'Jo Smith' }, { email: 'b@s.uk', name: 'Jo Smith' }] }).fields[0];
    assert.deepEqual(f.choices?.slice(0, 2).map((c) => c.title), ['Jo Smith (a@s.uk)', 'Jo Smith (b@s.uk)']);
  });

  it('offers four people rows, the first one required, each with a group and a part (target, alleged perpetrator, witness)', () => {
    const fields = getStep('pupil_people', ctx).fields;
    assert.equal(fields.length, 12);
    assert.deepEqual(fields.filter((f) => f.required).map((f) => f.id), ['person1_name', 'person1_group', 'person1_part']);
    assert.deepEqual(fields.find((f) => f.id === 'person2_part')?.choices?.map((c) => c.value), ['target', 'alleged_perpetrator', 'witness']);
  });

  it('carries the length limits on the fields, so both platforms can stop overlong input', () => {
    const fields = getStep('pupil_details', ctx).fields;
    assert.deepEqual(fields.map((f) => [f.id, f.maxLength]), [['what_happened', 4000], ['how_known', undefined], ['apps', 200], ['evidence', 4000], ['actions_taken', 4000]]);
  });

  it('hands out a copy of a step, so a renderer cannot change the wizard for everyone', () => {
    getStep('danger', ctx).fields[0].label = 'changed';
    assert.equal(getStep('danger', ctx).fields[0].label, 'Is a child in immediate danger right now?');
  });

  it('warns against attaching images in the evidence question', () => {
    const f = getStep('pupil_details', ctx).fields.find((x) => x.id === 'evidence');
    assert.match(f?.label ?? '', /never attach, screenshot or forward images/);
  });
});

describe('incidents: report wizard banners', () => {
  it('tells the reporter to call 999 when a child is in immediate danger', () => {
    assert.deepEqual(banners({ immediate_danger: 'yes' }).map((b) => [b.kind, b.text]), [
      ['danger', 'Call 999 now, then tell the DSL in person. Your report will be marked urgent.'],
    ]);
  });

  it('warns not to view, copy, forward or delete images when the kinds involve sexual imagery', () => {
    const [b] = banners({ immediate_danger: 'no', kinds: ['non_consensual_images'] });
    assert.equal(b.kind, 'ukcis');
    assert.match(b.text, /Do not view, copy, forward or delete any image/);
    assert.match(b.text, /do not ask the child to show or send it/);
    assert.match(b.text, /Secure any device/);
    assert.match(b.text, /never attach an image/);
  });

  it('warns about images on the staff path when the reporter says nude images of a child may be involved', () => {
    assert.deepEqual(banners({ category: 'staff', child_images: 'not_sure' }).map((b) => b.kind), ['ukcis']);
    assert.deepEqual(banners({ category: 'staff', child_images: 'no' }), []);
  });

  it('shows both banners together, danger first, and none for an ordinary report', () => {
    assert.deepEqual(banners({ immediate_danger: 'yes', kinds: 'csam' }).map((b) => b.kind), ['danger', 'ukcis']);
    assert.deepEqual(banners({ immediate_danger: 'no', kinds: ['online_bullying'] }), []);
  });

  it('puts every UKCIS do and don\'t on the confirmation step itself', () => {
    const step = getStep('ukcis', ctx);
    assert.equal(step.title, banners({ kinds: ['sexting'] })[0].title);
    const text = step.intro ?? '';
    for (const rule of [/Do not view, copy, screenshot, print, forward, save or delete/, /Do not ask the child, or anyone, to show it to you or send it/, /Do not question the child about the image/, /Do not blame/, /Tell the DSL now/, /do not look through it/]) assert.match(text, rule);
    assert.deepEqual(step.fields.map((f) => [f.id, f.required]), [['ukcis_ack', true]]);
  });
});

describe('incidents: report wizard review', () => {
  const pupil: Answers = {
    category: 'pupil',
    immediate_danger: 'no',
    occurred_date: '2026-03-14',
    location: 'online_home',
    person1_name: 'Alex Smith',
    person1_group: 'pupil',
    person1_part: 'target',
    person2_name: 'Jordan Lee',
    person2_group: 'pupil',
    person2_part: 'alleged_perpetrator',
    kinds: ['online_bullying', 'sexting'],
    ukcis_ack: 'understood',
    what_happened: 'Messages in a group chat.',
    how_known: 'told',
    apps: 'WhatsApp',
    evidence: undefined,
  };

  it('shows each answered step with the words the reporter chose, not the stored values', () => {
    const sections = reviewSections('pupil', pupil, ctx);
    assert.deepEqual(sections.map((s) => s.stepId), ['category', 'danger', 'pupil_when_where', 'pupil_people', 'pupil_kinds', 'ukcis', 'pupil_details']);
    const facts = Object.fromEntries(sections.flatMap((s) => s.facts).map((f) => [f.title, f.value]));
    assert.equal(facts['What is your concern about?'], "A pupil's safety or wellbeing online");
    assert.equal(facts['Child in immediate danger now'], 'No');
    assert.equal(facts['When did it happen?'], 'Saturday 14 March 2026');
    assert.equal(facts['Where did it happen?'], 'Online, at home');
    assert.equal(facts['Type of incident'], 'Online bullying or harassment (Conduct), Sexting/Child abuse images, including self-generated nudes or semi-nudes (Conduct)');
    assert.equal(facts['Apps or social media involved'], 'WhatsApp');
    assert.equal(facts['Seen or told'], 'Someone told me about it');
  });

  it('shows what the reporter said an "Other" concern is', () => {
    const kinds = reviewSections('pupil', { ...pupil, kinds: ['other'], other_kind: 'Vaping videos' }, ctx).find((s) => s.stepId === 'pupil_kinds');
    assert.deepEqual(kinds?.facts, [{ title: 'Type of incident', value: 'Other, please specify (Conduct)' }, { title: 'Other kind', value: 'Vaping videos' }]);
  });

  it('shows on the staff path whether the reporter saw it, and whether images of a child are involved', () => {
    const sections = reviewSections('staff', { category: 'staff', immediate_danger: 'no', subject_email: 'sam@school.uk', what_happened: 'x', occurred_date: '2026-01-05', how_known: 'seen', child_images: 'not_sure', ukcis_ack: 'understood' }, ctx);
    const facts = Object.fromEntries(sections.flatMap((s) => s.facts).map((f) => [f.title, f.value]));
    assert.equal(facts['Seen or told'], 'I saw or heard it myself');
    assert.equal(facts['Nudes or sexual images of a child'], 'Not sure');
    assert.ok(sections.some((s) => s.stepId === 'ukcis'));
  });

  it('writes each person involved on one line with their group and part', () => {
    const people = reviewSections('pupil', pupil, ctx).find((s) => s.stepId === 'pupil_people');
    assert.deepEqual(people?.facts, [
      { title: 'Person 1', value: 'Alex Smith (Pupil, Target (T): it happened to them)' },
      { title: 'Person 2', value: 'Jordan Lee (Pupil, Alleged perpetrator (O))' },
    ]);
  });

  it('shows a person whose group is missing with the part they played', () => {
    const people = reviewSections('pupil', { person1_name: 'Alex Smith', person1_part: 'witness' }, ctx).find((s) => s.stepId === 'pupil_people');
    assert.deepEqual(people?.facts, [{ title: 'Person 1', value: 'Alex Smith (Witness)' }]);
  });

  it('leaves out questions that were not answered', () => {
    const details = reviewSections('pupil', pupil, ctx).find((s) => s.stepId === 'pupil_details');
    assert.deepEqual(details?.facts.map((f) => f.title), ['What happened — what, when, where, how', 'Seen or told', 'Apps or social media involved']);
  });

  it('names the member of staff a concern is about', () => {
    const sections = reviewSections('staff', { category: 'staff', immediate_danger: 'no', subject_email: 'sam@school.uk', what_happened: 'x', occurred_date: '2026-01-05' }, ctx);
    const subject = sections.find((s) => s.stepId === 'staff_subject');
    assert.deepEqual(subject?.facts, [{ title: 'About', value: 'Sam Teacher' }]);
  });
});
