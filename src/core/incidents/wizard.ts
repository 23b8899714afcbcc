/**
 * The report wizard as data, platform-neutral: Teams renders each step to an Adaptive Card and Slack
 * to a modal, both from these steps. Validation, banners and the review page live here too, so both
 * platforms ask the same questions and accept the same answers.
 *
 * All text returned here (labels aside) may be the reporter's own words: escape it before templating.
 */
import { CATEGORIES, type Answers, type Category } from '../model';
import { FOUR_C_LABELS, kindById, kindsByFourC, kindTitle } from './kinds';
import { needsUkcisWarning } from './urgency';
import { STAFF_CHILD_IMAGES_FIELD, UKCIS_BANNER, UKCIS_STEP_INTRO, staffChildImages } from './ukcis';
import { DEFAULT_MAX, cleanField, isDate, splitList } from './wizard-fields';
import { personChoice } from '../people/search';
import { isPupilPart, type PupilPart } from '../pupils/model';
import { confirmStep, needsConfirm, type ConfirmContext } from './subject-steps';

export type FieldType = 'text' | 'multiline' | 'date' | 'time' | 'choice' | 'multichoice' | 'url' | 'person';

/** The data set a `person` field searches: the school file's people (Teams Data.Query dataset, Slack options). */
export const PEOPLE_DATASET = 'people';
/**
 * Issue #11: the data set of the pupil picker on "who was involved" (the school's pupils from its MIS),
 * offered only when the school has pupils on roll. It shows no pupil until the reporter types.
 */
export const PUPILS_DATASET = 'pupils';
/** The picker's way out, when the person is not in the school file (then the reporter types a name). */
export const SOMEONE_ELSE = { value: 'other', title: 'Someone not on this list' } as const;

export interface Field {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  placeholder?: string;
  help?: string;
  maxLength?: number;
  /** For `choice` and `multichoice` the options; for `person` every allowed answer (renderers show a few and search the rest). */
  choices?: { value: string; title: string }[];
  /** `person` fields: the data set the platform's typeahead searches. */
  dataset?: typeof PEOPLE_DATASET | typeof PUPILS_DATASET;
}

export interface Step {
  id: string;
  title: string;
  intro?: string;
  fields: Field[];
}

export interface Banner { kind: 'danger' | 'ukcis'; title: string; text: string }

/**
 * What the steps need from the school: the people listed (with roles, so "the head" can be matched)
 * for "who is it about", and the answers so far, for the confirm steps' matches.
 */
export interface WizardContext extends ConfirmContext {
  people: ConfirmContext['people'];
  /** Today in the school's time zone (YYYY-MM-DD): what happened cannot have happened after it. */
  today?: string;
  /**
   * Set when the school has pupils on roll: "who was involved" then offers a pupil picker per row.
   * `chosen`: the pupils (by MIS id) named in the answers or input, as loaded from the store — an id
   * not here is not a pupil on roll, and is refused.
   */
  pupils?: { chosen: Record<string, { name: string; title: string }> };
}

export const STEP_IDS = [
  'category', 'danger',
  'pupil_when_where', 'pupil_people', 'confirm_people', 'pupil_kinds', 'ukcis', 'pupil_details',
  'staff_subject', 'confirm_subject', 'staff_details',
  'filtering', 'other', 'review',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Narrows a step id that arrived from a card or modal. */
export function isStepId(x: unknown): x is StepId {
  return typeof x === 'string' && (STEP_IDS as readonly string[]).includes(x);
}

/** How many "who was involved" rows the pupil path offers. */
export const PEOPLE_ROWS = 4;

// ---- texts --------------------------------------------------------------------------------------

const DANGER_BANNER: Banner = {
  kind: 'danger',
  title: 'A child is in immediate danger',
  text: 'Call 999 now, then tell the DSL in person. Your report will be marked urgent.',
};

const WHAT_HAPPENED: Field = { id: 'what_happened', label: 'What happened — what, when, where, how', type: 'multiline', required: true, help: 'Write what you saw or were told, in the words used where you can. Facts, not opinions.' };
const occurredDate = (label = 'When did it happen?'): Field => ({ id: 'occurred_date', label, type: 'date', required: true });
// 001 CPOMS sub-categories: a concern "Reported" to the member of staff, or one they saw themselves.
const HOW_KNOWN: Field = { id: 'how_known', label: 'Did you see or hear this yourself, or were you told about it?', type: 'choice', required: true, choices: [
  { value: 'seen', title: 'I saw or heard it myself' },
  { value: 'told', title: 'Someone told me about it' },
] };
/** The kind id that asks the reporter to say what (002 appendix I "Other, please specify"). */
const OTHER_KIND = 'other';
const OTHER_KIND_FIELD: Field = { id: 'other_kind', label: 'If you chose "Other": what kind of concern is it?', type: 'text', required: false, placeholder: 'In a few words' };

// ---- steps --------------------------------------------------------------------------------------

const yesNo = [{ value: 'yes', title: 'Yes' }, { value: 'no', title: 'No' }];

// Who was involved: 002 appendices I–K (pupils, staff, parents/carers, other; target (T) or offender (O)).
// Full names, not initials: DSL surveys name initials as what stops patterns being seen across records.
const GROUPS = [{ value: 'pupil', title: 'Pupil' }, { value: 'staff', title: 'Member of staff' }, { value: 'parent_carer', title: 'Parent or carer' }, { value: 'other', title: 'Someone else' }];
const PARTS = [{ value: 'target', title: 'Target (T): it happened to them' }, { value: 'alleged_perpetrator', title: 'Alleged perpetrator (O)' }, { value: 'witness', title: 'Witness' }];

function personFields(n: number, pupils?: WizardContext['pupils']): Field[] {
  const first = n === 1;
  // With the pupil picker, row 1 needs a pupil or a typed name (checked across the row, in crossChecks).
  const picker: Field[] = pupils
    ? [{ id: `person${n}_pupil`, label: `Person ${n}: find a pupil by name or form`, type: 'person', dataset: PUPILS_DATASET, required: false, placeholder: 'Type a name or form, for example 8RB',
        choices: Object.entries(pupils.chosen).map(([value, p]) => ({ value, title: p.title })) }]
    : [];
  return [
    ...picker,
    { id: `person${n}_name`, label: pupils ? `Or type their full name${first ? '' : ' (optional)'}` : `Person ${n}: full name${first ? '' : ' (optional)'}`, type: 'text', required: first && !pupils, placeholder: 'Full name, not initials' },
    // A chosen pupil is "a pupil" without being asked; the row's checks still want a group for a typed name.
    { id: `person${n}_group`, label: `Person ${n} is a…`, type: 'choice', required: first && !pupils, choices: GROUPS },
    { id: `person${n}_part`, label: `Person ${n}'s part`, type: 'choice', required: first, choices: PARTS },
  ];
}

const STATIC_STEPS: Record<Exclude<StepId, 'staff_subject' | 'confirm_subject' | 'confirm_people'>, Step> = {
  category: {
    id: 'category',
    title: 'Report a concern',
    intro: 'If something worries you, report it, even if you are not sure. The right people in school will see it.',
    fields: [{ id: 'category', label: 'What is your concern about?', type: 'choice', required: true, choices: [
      { value: 'pupil', title: "A pupil's safety or wellbeing online" },
      { value: 'staff', title: "A member of staff's conduct (misuse of technology by an adult in school)" },
      { value: 'filtering', title: 'A filtering or monitoring problem' },
      { value: 'other', title: 'Something else' },
    ] }],
  },
  danger: {
    id: 'danger',
    title: 'Immediate danger',
    fields: [{ id: 'immediate_danger', label: 'Is a child in immediate danger right now?', type: 'choice', required: true, choices: yesNo, help: 'If yes: call 999 first, then tell the DSL in person.' }],
  },
  // 001 CPOMS sub-categories "at home" / "at school"; 002 appendix I "inside / outside school".
  pupil_when_where: {
    id: 'pupil_when_where',
    title: 'When and where',
    fields: [
      occurredDate(),
      { id: 'occurred_time', label: 'Roughly what time? (optional)', type: 'time', required: false, help: 'A rough time is fine.' },
      { id: 'location', label: 'Where did it happen?', type: 'choice', required: true, choices: [
        { value: 'in_school', title: 'In school' },
        { value: 'outside_school', title: 'Outside school' },
        { value: 'online_home', title: 'Online, at home' },
      ] },
    ],
  },
  pupil_people: {
    id: 'pupil_people',
    title: 'Who was involved?',
    intro: 'Add up to four people. Use full names, not initials, so the DSL can link this to other records.',
    fields: Array.from({ length: PEOPLE_ROWS }, (_, i) => personFields(i + 1)).flat(),
  },
  pupil_kinds: {
    id: 'pupil_kinds',
    title: 'What kind of concern is it?',
    intro: 'Choose all that apply. They are grouped by the four Cs: content, contact, conduct and commerce.',
    fields: [{ id: 'kinds', label: 'Type of incident (choose all that apply)', type: 'multichoice', required: true,
      choices: kindsByFourC().flatMap((g) => g.kinds.map((k) => ({ value: k.id, title: `${k.label} — ${FOUR_C_LABELS[k.fourC]}` }))) },
    OTHER_KIND_FIELD],
  },
  // UKCIS 2024; 004 §20.2, §20.5; 002 appendix G: see ./ukcis.ts.
  ukcis: {
    id: 'ukcis',
    title: UKCIS_BANNER.title,
    intro: UKCIS_STEP_INTRO,
    fields: [{ id: 'ukcis_ack', label: 'Please confirm before you go on', type: 'choice', required: true,
      choices: [{ value: 'understood', title: 'I understand: I will not view, copy, share or delete any image, and I will tell the DSL now' }] }],
  },
  pupil_details: {
    id: 'pupil_details',
    title: 'What happened',
    fields: [
      WHAT_HAPPENED,
      HOW_KNOWN,
      { id: 'apps', label: 'Apps or social media involved', type: 'text', required: false, placeholder: 'For example WhatsApp, Snapchat, Roblox' },
      { id: 'evidence', label: 'What evidence exists? Describe it — never attach, screenshot or forward images', type: 'multiline', required: false },
      { id: 'actions_taken', label: 'What have you already done?', type: 'multiline', required: false },
    ],
  },
  // KCSiE Part 4: the person reporting records facts and does not investigate.
  staff_details: {
    id: 'staff_details',
    title: 'What happened',
    fields: [{ ...WHAT_HAPPENED, help: 'Write the facts: what you saw or were told, and when. Do not investigate or speak to the person concerned.' }, occurredDate(), HOW_KNOWN, STAFF_CHILD_IMAGES_FIELD],
  },
  filtering: {
    id: 'filtering',
    title: 'Filtering or monitoring problem',
    intro: 'If a child saw something harmful, please also report it as a concern about a pupil.',
    fields: [
      { id: 'problem', label: 'What went wrong?', type: 'choice', required: true, choices: [
        { value: 'got_through', title: 'A harmful site got through' },
        { value: 'wrongly_blocked', title: 'A site was wrongly blocked' },
      ] },
      { id: 'url', label: 'Website address', type: 'url', required: true, placeholder: 'example.com', help: 'Type the address; do not open a harmful site again to check it.' },
      { id: 'device_room', label: 'Which device or room?', type: 'text', required: true, placeholder: 'For example Year 4 classroom, laptop 12' },
      occurredDate(),
      { id: 'who_saw', label: 'Who saw it? (optional)', type: 'text', required: false },
    ],
  },
  other: { id: 'other', title: 'Tell us what happened', fields: [WHAT_HAPPENED, HOW_KNOWN] },
  review: { id: 'review', title: 'Check and send', intro: 'Check your answers. You can go back to change anything. Nothing is sent until you press Send.', fields: [] },
};

// Renderers put maxLength on their inputs, so the step data carries the defaults too.
for (const step of Object.values(STATIC_STEPS)) {
  step.fields = step.fields.map((f) => (DEFAULT_MAX[f.type] && !f.maxLength ? { ...f, maxLength: DEFAULT_MAX[f.type] } : f));
}

/** The step to render; throws for an id that is not a step (check input with isStepId first). */
export function getStep(stepId: string, ctx: WizardContext): Step {
  if (!isStepId(stepId)) throw new Error(`Unknown wizard step: ${stepId}`);
  if (stepId === 'confirm_subject' || stepId === 'confirm_people') return confirmStep(stepId, ctx);
  if (stepId === 'pupil_people' && ctx.pupils)
    return { ...structuredClone(STATIC_STEPS.pupil_people), intro: 'Add up to four people. Find a pupil from the school\'s records, or type a full name, not initials.', fields: Array.from({ length: PEOPLE_ROWS }, (_, i) => personFields(i + 1, ctx.pupils)).flat() };
  if (stepId !== 'staff_subject') return structuredClone(STATIC_STEPS[stepId]); // a renderer may change its copy
  // 000 part 2: staff misuse goes to the headteacher, or the chair of governors when it involves the head.
  return {
    id: 'staff_subject',
    title: 'Who is the concern about?',
    intro: 'Concerns about an adult go to the headteacher, or to the chair of governors when the concern is about the headteacher.',
    fields: [
      // A picker over the school's people (typeahead on Teams, external_select on Slack), not a guess from typed text.
      { id: 'subject_email', label: 'Who is it about?', type: 'person', dataset: PEOPLE_DATASET, required: false,
        placeholder: 'Type a name or a role, for example headteacher',
        choices: [...ctx.people.map((p) => personChoice(p, ctx.people)), { ...SOMEONE_ELSE }] },
      { id: 'subject_name', label: 'Or type their name', type: 'text', required: false, maxLength: DEFAULT_MAX.text },
    ],
  };
}

// ---- paths --------------------------------------------------------------------------------------

/** The category chosen so far, or null when none (or an unknown one) is in the answers. */
export function categoryOf(answers: Answers): Category | null {
  const c = answers.category;
  return typeof c === 'string' && (CATEGORIES as readonly string[]).includes(c) ? (c as Category) : null;
}

function kindsOf(answers: Answers): string[] {
  const k = answers.kinds;
  return Array.isArray(k) ? k : typeof k === 'string' ? splitList(k) : [];
}

/** True when the answers bring in the UKCIS step: a sexual kind on the pupil path, nude images of a child on the staff path. */
function needsUkcis(category: Category | null, answers: Answers): boolean {
  if (category === 'pupil') return needsUkcisWarning(kindsOf(answers));
  return category === 'staff' && staffChildImages(answers);
}

/** The ordered step ids of the path the answers lead down; danger always follows category; ends with 'review'. */
export function stepIds(category: Category | null, answers: Answers): string[] {
  const ukcis = needsUkcis(category, answers) ? (['ukcis'] as const) : [];
  const middle: Record<Category, StepId[]> = {
    pupil: ['pupil_when_where', 'pupil_people', ...(needsConfirm('pupil', answers) ? (['confirm_people'] as const) : []), 'pupil_kinds', ...ukcis, 'pupil_details'],
    // The staff path's image question is on staff_details, so its UKCIS step follows it.
    staff: ['staff_subject', ...(needsConfirm('staff', answers) ? (['confirm_subject'] as const) : []), 'staff_details', ...ukcis],
    filtering: ['filtering'],
    other: ['other'],
  };
  return ['category', 'danger', ...(category ? middle[category] : []), 'review'];
}

// Answers that bring in every optional step, to place a step the path no longer has.
const ALL_OPTIONAL: Answers = { kinds: ['csam'], child_images: 'yes' };

/**
 * Orders steps by their place on the category's widest path (every optional step in), so a step the
 * path no longer has (e.g. 'ukcis' after the kinds changed) still finds its place; ids on no path of
 * the category fall back to their position in STEP_IDS.
 */
function ranker(category: Category | null, answers: Answers): (id: string) => number {
  const widest = stepIds(category, { ...answers, ...ALL_OPTIONAL });
  return (id) => {
    const i = widest.indexOf(id);
    return i >= 0 ? i : (STEP_IDS as readonly string[]).indexOf(id);
  };
}

/** The step after `current` on the path; 'review' stays on 'review'. */
export function nextStepId(category: Category | null, answers: Answers, current: string): string {
  const path = stepIds(category, answers);
  const rank = ranker(category, answers);
  return path.find((id) => rank(id) > rank(current)) ?? 'review';
}

/** The step before `current` on the path, or null on the first step. */
export function previousStepId(category: Category | null, answers: Answers, current: string): string | null {
  const path = stepIds(category, answers);
  const rank = ranker(category, answers);
  const earlier = path.filter((id) => rank(id) < rank(current));
  return earlier.length ? earlier[earlier.length - 1] : null;
}

// ---- validation ---------------------------------------------------------------------------------

/** Rules across fields of one step, run after each field is clean. */
function crossChecks(stepId: StepId, a: Answers, errors: Record<string, string>): void {
  const set = (id: string, msg: string): void => {
    errors[id] ??= msg;
  };
  if (stepId === 'pupil_people') {
    if (!a.person1_name && a.person1_pupil === undefined && 'person1_pupil' in a) set('person1_pupil', 'Please find the pupil, or type the full name of the person involved.');
    for (let n = 1; n <= PEOPLE_ROWS; n++) {
      const [name, group, part] = ['name', 'group', 'part'].map((k) => a[`person${n}_${k}`]);
      if (name) {
        if (!group) set(`person${n}_group`, 'Please say whether they are a pupil, staff, a parent or carer, or someone else.');
        if (!part) set(`person${n}_part`, 'Please say what part they played.');
      } else if (group || part) set(`person${n}_name`, 'Please add their full name, or clear this row.');
    }
  }
  // 002 appendix I "Other, please specify": the DSL cannot triage an unexplained "other".
  if (stepId === 'pupil_kinds' && Array.isArray(a.kinds) && a.kinds.includes(OTHER_KIND) && !a.other_kind) set('other_kind', 'Please say in a few words what kind of concern it is.');
  if (stepId === 'staff_subject') {
    if (!a.subject_email && !a.subject_name) set('subject_email', 'Please choose who this is about, or type their name.');
    else if (a.subject_email === 'other' && !a.subject_name) set('subject_name', 'Please type their name.');
  }
}

const FUTURE_DATE = 'That date is in the future. Please give the day it happened (today at the latest).';

/**
 * Cleans and checks one step's input. Reads only the step's own fields (anything else is ignored);
 * blank optional fields come back as undefined so that merging the answers clears them.
 */
export function validateStep(stepId: string, input: Record<string, unknown>, ctx: WizardContext): { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> } {
  const step = getStep(stepId, ctx);
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const f of step.fields) {
    const { value, error } = cleanField(f, input[f.id]);
    answers[f.id] = value;
    if (error) errors[f.id] = error;
    // Every date the wizard asks for is when something happened: a future one is a slip (a wrong month or year) the DSL would act on.
    else if (f.type === 'date' && ctx.today && typeof value === 'string' && value > ctx.today) errors[f.id] = FUTURE_DATE;
  }
  if (step.id === 'pupil_people' && ctx.pupils) fillFromPupils(answers, errors, ctx.pupils);
  crossChecks(step.id as StepId, answers, errors);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/** The MIS ids of the pupils chosen in a report's "who was involved" rows (issue #11), once each. */
export function pupilIdsOf(answers: Answers | Record<string, unknown>): string[] {
  const ids = new Set<string>();
  for (let n = 1; n <= PEOPLE_ROWS; n++) if (typeof answers[`person${n}_pupil`] === 'string') ids.add(answers[`person${n}_pupil`] as string);
  return [...ids];
}

/** The "who was involved" rows whose pupil was chosen (issue #11): row number, MIS id and the part the reporter gave. */
export function pupilRowsOf(answers: Answers | Record<string, unknown>): { row: number; misId: string; part: PupilPart | null }[] {
  const rows: { row: number; misId: string; part: PupilPart | null }[] = [];
  for (let n = 1; n <= PEOPLE_ROWS; n++) {
    const misId = answers[`person${n}_pupil`];
    const part = answers[`person${n}_part`];
    if (typeof misId === 'string' && misId) rows.push({ row: n, misId, part: isPupilPart(part) ? part : null });
  }
  return rows;
}

/** A row whose pupil was chosen takes the pupil's name (unless one was typed) and "a pupil" as the group. */
function fillFromPupils(answers: Answers, errors: Record<string, string>, pupils: NonNullable<WizardContext['pupils']>): void {
  for (let n = 1; n <= PEOPLE_ROWS; n++) {
    const id = answers[`person${n}_pupil`];
    if (typeof id !== 'string') continue;
    const p = pupils.chosen[id];
    if (!p) {
      errors[`person${n}_pupil`] = 'Please choose a pupil from the list, or type their name below.';
      continue;
    }
    delete errors[`person${n}_pupil`];
    answers[`person${n}_name`] ??= p.name;
    answers[`person${n}_group`] ??= 'pupil';
  }
}

// ---- banners and review -------------------------------------------------------------------------

/** Warnings to show above the current step: immediate danger, and the UKCIS image warning. */
export function banners(answers: Answers): Banner[] {
  const out: Banner[] = [];
  if (answers.immediate_danger === 'yes') out.push(DANGER_BANNER);
  // Any sign of images warns, even an answer left from a path the reporter has since left.
  if (needsUkcisWarning(kindsOf(answers)) || staffChildImages(answers)) out.push(UKCIS_BANNER);
  return out;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// "Saturday 14 March 2026", by hand: ICU versions disagree about the comma after the weekday.
function formatDate(s: string): string {
  if (!isDate(s)) return s;
  const d = new Date(`${s}T00:00:00Z`);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const titleOf = (f: Field, v: string): string => f.choices?.find((c) => c.value === v)?.title ?? v;

function display(f: Field, v: string | string[]): string {
  const list = Array.isArray(v) ? v : [v];
  if (f.id === 'kinds') return list.map(kindTitle).join(', ');
  if (f.type === 'date') return list.map(formatDate).join(', ');
  return list.map((x) => titleOf(f, x)).join(', ');
}

type Fact = { title: string; value: string };

// Shorter titles where a question reads oddly as a heading on the review page.
const REVIEW_TITLES: Record<string, string> = {
  immediate_danger: 'Child in immediate danger now',
  kinds: 'Type of incident',
  ukcis_ack: 'Image warning',
  other_kind: 'Other kind',
  how_known: 'Seen or told',
  child_images: 'Nudes or sexual images of a child',
  subject_email: 'About',
  subject_name: 'Name given',
};

function factsFor(step: Step, answers: Answers, pupils?: WizardContext['pupils']): Fact[] {
  if (step.id === 'pupil_people') {
    const facts: Fact[] = [];
    for (let n = 1; n <= PEOPLE_ROWS; n++) {
      const name = answers[`person${n}_name`];
      if (typeof name !== 'string' || !name) continue;
      const titles = step.fields
        .filter((f) => f.id === `person${n}_group` || f.id === `person${n}_part`)
        .flatMap((f) => (typeof answers[f.id] === 'string' && answers[f.id] ? [titleOf(f, answers[f.id] as string)] : []));
      const id = answers[`person${n}_pupil`];
      const record = typeof id === 'string' ? pupils?.chosen[id] : undefined;
      const matched = typeof id !== 'string' ? '' : record ? ` — pupil record: ${record.title}` : ' — from the school\'s pupil records';
      facts.push({ title: `Person ${n}`, value: `${titles.length ? `${name} (${titles.join(', ')})` : name}${matched}` });
    }
    return facts;
  }
  return step.fields.flatMap((f) => {
    const v = answers[f.id];
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) return [];
    return [{ title: REVIEW_TITLES[f.id] ?? f.label.replace(/ \(optional\)$/, ''), value: display(f, v) }];
  });
}

/** The review page: one section per answered step of the path, with human-readable values. */
export function reviewSections(category: Category | null, answers: Answers, ctx: WizardContext): { stepId: string; title: string; facts: Fact[] }[] {
  return stepIds(category, answers)
    .filter((id) => id !== 'review')
    .map((id) => {
      const step = getStep(id, { ...ctx, answers });
      return { stepId: id, title: step.title, facts: factsFor(step, answers, ctx.pupils) };
    })
    .filter((s) => s.facts.length > 0);
}

/** The kinds in the answers that the catalogue knows, for the incident record. */
export function knownKinds(answers: Answers): string[] {
  return kindsOf(answers).filter((id) => kindById(id) !== undefined);
}
