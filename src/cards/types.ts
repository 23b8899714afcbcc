/**
 * Data contracts of the card render functions. Render functions take display-ready strings
 * (labels, formatted dates): deciding what a person may see belongs to the core, not to cards.
 */

/** An expanded Adaptive Card, ready to attach (contentType application/vnd.microsoft.card.adaptive). */
export type AdaptiveCard = Record<string, unknown> & {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema: string;
};

/** A prominent notice above a form: `danger` (immediate risk, attention style) or `ukcis` (guidance). */
export interface Banner {
  kind: 'danger' | 'ukcis';
  title: string;
  text: string;
}

/** One title/value pair (shown as a label above its value, see escape.ts for why not a FactSet). */
export interface Fact {
  title: string;
  value: string;
}

export type WizardFieldType = 'text' | 'multiline' | 'date' | 'time' | 'choice' | 'multichoice' | 'url' | 'person';

export interface WizardField {
  /** Becomes the input id, so the submitted data is keyed by it. */
  id: string;
  label: string;
  type: WizardFieldType;
  required: boolean;
  placeholder?: string;
  help?: string;
  maxLength?: number;
  choices?: { value: string; title: string }[];
  /** `person` fields: the typeahead data set (Teams Data.Query; Slack loads options from the bot). `choices` are then the initial list. */
  dataset?: string;
  /** The current answer, shown so a step revisited keeps what was typed. */
  value?: string | string[];
  /** A validation message from the core, shown under the field. */
  error?: string;
}

export interface WizardStepData {
  draftId: string;
  stepId: string;
  title: string;
  intro?: string;
  /** e.g. "Step 2 of 5". */
  progress?: string;
  banners: Banner[];
  fields: WizardField[];
  canGoBack: boolean;
}

export interface ReviewData {
  draftId: string;
  banners: Banner[];
  /** Who the report will go to, in broad terms (decided by the core's routing). */
  routeText: string;
  sections: { stepId: string; title: string; facts: Fact[] }[];
}

export interface ConfirmationData {
  /** e.g. OS-2026-0042. */
  reference: string;
  urgent: boolean;
  /** The sentence saying who is being told, e.g. "We are now telling the headteacher, privately." (never "we have told" before delivery, which would be untrue until it is sent). */
  whoIsTold: string;
  nextSteps: string[];
}

export interface NoticeData {
  title: string;
  text: string;
  style?: 'default' | 'attention' | 'good' | 'warning';
}

export interface IncidentSummaryData {
  incidentId: string;
  version: number;
  reference: string;
  /** Broad kind only, e.g. "Concern about a pupil": the summary goes to channels and DMs. */
  kindLabel: string;
  urgent: boolean;
  /** A serious kind (the school's triage): flagged on the card even when it does not page. */
  serious: boolean;
  reportedAt: string;
  statusLabel: string;
  ownerName?: string;
  pendingProposal?: { decisionLabel: string; proposedByName: string };
  ladoReminder?: string;
  actions: { ack: boolean; own: boolean; view: boolean };
}

/** Which forms and buttons the viewer may use (decided by the core from their role and the status). */
export interface IncidentForms {
  note: boolean;
  ask: boolean;
  propose: boolean;
  decide: boolean;
  approve: boolean;
  close: boolean;
  reopen: boolean;
  lado: boolean;
  own: boolean;
}

/** One step of a playbook checklist as the details view shows it; display strings only. */
export interface ChecklistStepView {
  /** The step's id: the only thing its buttons carry besides the incident's id and version. */
  stepId: string;
  /** "☐ Device secured" or "☑ Device secured". */
  line: string;
  text: string;
  /** The source and the contacts the step needs. */
  detail: string;
  /** "Done — Dana DSL, Wed 2 Dec 2026, 10:00" once ticked. */
  state?: string;
  canTick: boolean;
  canUntick: boolean;
}

/** The incident's checklist: title, progress, steps and the contacts its steps name. */
export interface ChecklistView {
  title: string;
  summary: string;
  steps: ChecklistStepView[];
  contacts: string[];
}

/** One page of a long chronology: "Entries 11–20 of 45", and the buttons to the earlier and the latest pages. */
export interface ChronologyPage {
  summary: string;
  /** The position a "Show earlier" button shows the entries before (the first entry shown); absent on the earliest page. */
  earlierPage?: number;
  /** A "Show latest" button, on any page but the latest. */
  showLatest: boolean;
}

export interface IncidentDetailsData {
  incidentId: string;
  version: number;
  reference: string;
  kindLabel: string;
  urgent: boolean;
  /** A serious kind (the school's triage): flagged on the card even when it does not page. */
  serious: boolean;
  statusLabel: string;
  ownerName?: string;
  reportedBy: string;
  reportedAt: string;
  sections: { title: string; facts: Fact[] }[];
  chronology: { at: string; actor: string; text: string }[];
  /** When the chronology has more than one page: where this page is, and the page before it. */
  chronologyPage?: ChronologyPage;
  pendingProposal?: { decisionLabel: string; proposedByName: string; rationale: string };
  decisions: { value: string; title: string }[];
  forms: IncidentForms;
  /** The playbook checklist for the incident's kinds or route, when it has one. */
  checklist?: ChecklistView;
  /** Issue #11, for the DSL team: a button to each named pupil's chronology, and the form linking a typed name to a pupil. */
  tasks?: TasksView;
  pupilRecords?: { chronologies: { misId: string; name: string }[]; link?: { rows: { value: string; title: string }[]; suggestions: { value: string; title: string }[] } };
  /** Teams user MRIs that get the user-specific (refreshed) view; Teams honours at most 60. */
  refreshUserIds: string[];
}

/** Issue #11: a child's chronology, as the DSL team reads it. */
export interface PupilChronologyData {
  misId: string;
  name: string;
  /** Year, form, MIS id and leaving date. */
  recordLine: string;
  concernsTitle: string;
  concerns: { incidentId: string; reference: string; reportedAt: string; statusLabel: string; kindLabel: string; partLabel: string }[];
  entries: { at: string; reference: string; actor: string; text: string }[];
  page?: ChronologyPage;
}

/** Issue #11: the details card's task forms, for those who may write on the record of an open concern. */
export interface TasksView {
  owners: { value: string; title: string }[];
  defaultOwner: string;
  /** The earliest day the date picker offers (YYYY-MM-DD). */
  today: string;
  defaultTime: string;
  open: { value: string; title: string }[];
}

/** Issue #11: the follow-up form (002 appendix J), with what was typed kept when it is asked again. */
export interface FollowUpFormData {
  incidentId: string;
  version: number;
  reference: string;
  values: Record<'parents' | 'parentsWho' | 'parentsWhen' | 'parentsReason' | 'advice' | 'platform' | 'sanctions' | 'support' | 'community' | 'reviews', string>;
}

/** Issue #11: a task reminder, an overdue task, or a quiet concern, to one person. */
export interface TaskCardData {
  title: string;
  text: string;
  style: 'default' | 'warning' | 'attention' | 'good';
  facts: Fact[];
  /** Set while the task is open: the card offers "Mark done". */
  taskId?: string;
  incidentId: string;
  reference: string;
}

/**
 * Issue #11: a pattern of concerns, for the DSL channel: what the pattern is, the references, and
 * buttons that open the child's chronology or the concern (each authorised when opened) — never a child's name.
 */
export interface PatternAlertData {
  /** e.g. "Pattern: a pupil's 3rd concern in 42 days". */
  title: string;
  text: string;
  /** The concerns counted (reference, when, broad kind); empty where listing them would say more than the channel may. */
  concerns: { reference: string; reportedAt: string; kindLabel: string }[];
  /** The pupil rules: the child's MIS id, for the chronology button only (never shown). */
  misId?: string;
  /** The concern that tripped the alert. */
  incidentId: string;
  footer: string;
}

/** Issue #11: the pupils a `chronology <name>` search found. */
export interface PupilMatchesData {
  query: string;
  pupils: { misId: string; title: string }[];
  /** More pupils match than are shown. */
  more: boolean;
}

/** A choice of a filter on a list card. */
export interface FilterChoice {
  value: string;
  title: string;
}

/** Issue #11: one page of the DSL's list of open concerns (or of the allegations routed to someone outside the team). */
export interface OpenConcernsData {
  title: string;
  intro: string;
  /** The filters applied, e.g. "Showing: owned by me · Contact · Sam Carter", when any is. */
  filtersLine?: string;
  /** "Concerns 11–20 of 34", or that none match. */
  summary: string;
  /** A warning about the list itself (more open concerns than one list reads). */
  note?: string;
  /** The filter inputs, as applied; `pupil` only for the DSL team (its typeahead searches pupil records). */
  filters: { filter: string; filterChoices: FilterChoice[]; kind: string; kindChoices: FilterChoice[]; pupil?: { value: string; choices: FilterChoice[] } };
  /** Broad labels only, as the channel card has them: the details open from each concern's button. */
  concerns: { incidentId: string; reference: string; flag?: string; kindLabel: string; statusLabel: string; ageLine: string; ownerLine: string }[];
  /** The filters applied and the filters cleared, as the paging and "Clear filters" buttons carry them (the server re-reads and re-authorises). */
  applied: { filter: string; kind: string; misId: string };
  cleared: { filter: string; kind: string; misId: string };
  canClear: boolean;
  previousPage?: number;
  nextPage?: number;
}

/** Issue #7: the one reminder to a reporter who left an urgent report unsent; the button reopens the draft. */
export interface DraftReminderData {
  draftId: string;
  title: string;
  text: string;
}

export interface AskReporterData {
  requestId: string;
  reference: string;
  question: string;
  askedByName: string;
}
